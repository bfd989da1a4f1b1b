import type { CatalogWrites } from '../../store/catalog-writes.js';
import type { ImportJobsRepo } from '../../store/import-jobs.js';
import type { OrderWrites } from '../../store/order-writes.js';
import type { FieldValue, RowProblem } from '../map-row.js';

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
}

export const failed = (column: string, raw: string | null, reason: string): RowOutcome => ({ status: 'failed', problems: [{ column, raw, reason }] });

/** Record a change for rollback and, when explaining, describe it. */
export function recordChange<T extends object>(
  ctx: WriteContext,
  entity: Entity,
  key: string,
  before: T | undefined | null,
  after: T | null,
  fields: readonly string[],
  out: PlannedChange[] | undefined,
): void {
  ctx.jobs.recordChange(ctx.jobId, entity, key, before ? JSON.stringify(before) : null, after ? JSON.stringify(after) : null);
  if (!out) return;
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
