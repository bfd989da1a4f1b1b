import { nowIso } from '../store/time.js';
import type { Store } from '../store/store.js';
import { zeroCounts, type ImportJobsRepo, type RowCounts } from '../store/import-jobs.js';
import type { CellValue } from './cell.js';
import { encodeCells } from './cells-json.js';
import type { FieldValue, MappedRow, RowProblem } from './map-row.js';
import type { KindWriter, PlannedChange, RowOutcome, RowStatus, WriteContext } from './writers/context.js';

export interface PendingRow {
  rowNumber: number;
  cells: CellValue[];
  mapped: MappedRow;
}

export interface RowExplanation {
  row: number;
  status: RowStatus | 'failed';
  changes?: PlannedChange[];
  problems?: RowProblem[];
}

export interface ErrorSample {
  row: number;
  column: string | null;
  raw: string | null;
  reason: string;
}

export const ERROR_SAMPLES = 10;

/**
 * Writes one chunk of rows in one SQLite transaction: the kind's writes, the recorded changes,
 * the row errors and the job's counters and resume point commit together or not at all. So a
 * crash (or Ctrl-C, or SIGKILL) anywhere leaves the job exactly at a chunk boundary.
 */
export class ChunkWriter {
  readonly totals: RowCounts;
  readonly explanations: RowExplanation[] = [];
  readonly errorSamples: ErrorSample[] = [];

  constructor(
    private readonly store: Store,
    private readonly jobs: ImportJobsRepo,
    private readonly ctx: WriteContext,
    private readonly writer: KindWriter,
    private readonly sheet: string,
    start: RowCounts,
    /** How many rows to explain (dry-run); 0 for none. */
    private readonly explainLimit: number,
  ) {
    this.totals = { ...start };
  }

  private failedRow(values: Record<string, FieldValue>, problems: RowProblem[], rowNumber: number): RowOutcome {
    const dup = this.writer.claimFailed?.(values, rowNumber);
    return { status: 'failed', problems: dup ? [dup, ...problems] : problems };
  }

  write(rows: PendingRow[], lastRow: number): void {
    const delta = zeroCounts();
    const explained: RowExplanation[] = [];
    const samples: ErrorSample[] = [];
    this.ctx.now = nowIso();
    this.store.transaction(() => {
      for (const r of rows) {
        const outcome = r.mapped.ok ? this.writer.write(r.mapped.values, r.rowNumber) : this.failedRow(r.mapped.values, r.mapped.problems, r.rowNumber);
        delta.total++;
        delta[outcome.status]++;
        if (outcome.status === 'failed') {
          const rowData = encodeCells(r.cells);
          outcome.problems.forEach((p, i) => {
            this.jobs.addError(this.ctx.jobId, { rowNumber: r.rowNumber, sheet: this.sheet, column: p.column, rawValue: p.raw, reason: p.reason, rowData: i === 0 ? rowData : null });
            if (this.errorSamples.length + samples.length < ERROR_SAMPLES) samples.push({ row: r.rowNumber, column: p.column, raw: p.raw, reason: p.reason });
          });
        }
        if (this.explanations.length + explained.length < this.explainLimit) {
          explained.push(outcome.status === 'failed' ? { row: r.rowNumber, status: 'failed', problems: outcome.problems } : { row: r.rowNumber, status: outcome.status, changes: outcome.changes ?? [] });
        }
      }
      const next = addCounts(this.totals, delta);
      this.jobs.commitProgress(this.ctx.jobId, next, lastRow, this.ctx.now);
    });
    // Only what committed counts.
    Object.assign(this.totals, addCounts(this.totals, delta));
    this.explanations.push(...explained);
    this.errorSamples.push(...samples);
  }
}

function addCounts(a: RowCounts, b: RowCounts): RowCounts {
  return {
    total: a.total + b.total,
    inserted: a.inserted + b.inserted,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    skipped: a.skipped + b.skipped,
    failed: a.failed + b.failed,
  };
}
