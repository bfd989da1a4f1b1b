import type { CatalogWrites } from '../../store/catalog-writes.js';
import type { ImportJobsRepo } from '../../store/import-jobs.js';
import type { OrderWrites } from '../../store/order-writes.js';
import type { FieldValue, MappedRow, RowProblem } from '../map-row.js';
import type { SeenKeys } from '../seen-keys.js';

export type OnExisting = 'update' | 'skip';

/** Entities an import changes; each change is recorded (before/after) so the job can be rolled back. */
export type Entity = 'product' | 'stock' | 'order' | 'order_line' | 'customer';

/** One entity's field-level change, as `--dry-run` reports it. */
export interface PlannedChange {
  entity: Entity;
  key: string;
  action: 'insert' | 'update';
  fields: Record<string, { before: unknown; after: unknown }>;
}

export type RowStatus = 'inserted' | 'updated' | 'unchanged' | 'skipped';

export type RowOutcome = { status: RowStatus; changes?: PlannedChange[] } | { status: 'failed'; problems: RowProblem[] };

export interface WriteContext {
  jobId: number;
  /** One timestamp per chunk: every row of a chunk commits at the same instant. */
  now: string;
  /** --warehouse (default MAIN): where stock goes when the row names no warehouse. */
  warehouse: string;
  onExisting: OnExisting;
  /** Collect field-level changes (dry-run). */
  explain: boolean;
  catalog: CatalogWrites;
  orders: OrderWrites;
  jobs: ImportJobsRepo;
  /** Keys seen so far in this file (duplicates, order grouping). */
  keys: SeenKeys;
  /** The file's header for a template key, for error reports. */
  headerOf(key: string): string;
}

/** A kind's business rules for one valid row; runs inside the chunk's transaction. */
export interface KindWriter {
  write(values: Record<string, FieldValue>, rowNumber: number): RowOutcome;
  /**
   * A row that failed validation still claims its key, so a later row with the same SKU is
   * reported as a duplicate rather than silently taking its place. Returns the duplicate problem
   * when this row itself repeats an earlier one.
   */
  claimFailed?(values: Record<string, FieldValue>, rowNumber: number): RowProblem | undefined;
  /**
   * `jobs resume`: a row committed before the interruption, read again. Claim its keys exactly
   * as `write` (or `claimFailed`) did, writing nothing, so the rest of the file is judged the same.
   */
  replay?(mapped: MappedRow, rowNumber: number): void;
}

export const failed = (column: string, raw: string | null, reason: string): RowOutcome => ({ status: 'failed', problems: [{ column, raw, reason }] });

/**
 * Record a change for rollback and, when explaining, describe it. Only updates are written to
 * import_changes (with the row before and after): what a job inserts is known by its
 * created_by_job column (products, orders, customers) and stock by its stock movements, so a
 * fresh import of a million rows does not write a million change records. `persistInsert` is
 * for inserts that have no such column (an order line added to an order the job did not create).
 */
export function recordChange<T extends object>(
  ctx: WriteContext,
  entity: Entity,
  key: string,
  before: T | undefined | null,
  after: T | null,
  fields: readonly string[],
  out: PlannedChange[] | undefined,
  options: { persistInsert?: boolean } = {},
): void {
  if (before || options.persistInsert) ctx.jobs.recordChange(ctx.jobId, entity, key, before ? JSON.stringify(before) : null, after ? JSON.stringify(after) : null);
  if (out) explainChange(entity, key, before, after, fields, out);
}

/** Describe a change field by field (dry-run), without recording it. */
export function explainChange(entity: Entity, key: string, before: object | undefined | null, after: object | null, fields: readonly string[], out: PlannedChange[]): void {
  const diff: PlannedChange['fields'] = {};
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  for (const f of fields) {
    const bv = before ? (b[f] ?? null) : null;
    const av = a[f] ?? null;
    if (bv !== av) diff[f] = { before: bv, after: av };
  }
  out.push({ entity, key, action: before ? 'update' : 'insert', fields: diff });
}
