import type { Db } from './db.js';

export type ImportJobStatus = 'running' | 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';

export interface RowCounts {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export const zeroCounts = (): RowCounts => ({ total: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 });

export interface ImportJobRecord {
  id: number;
  status: ImportJobStatus;
  type: string;
  template: string | null;
  file: string;
  fileSize: number | null;
  fileHash: string | null;
  sheet: string | null;
  headerRow: number | null;
  options: Record<string, unknown>;
  rows: RowCounts;
  lastRow: number;
  pid: number | null;
  host: string | null;
  heartbeatAt: string | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  rolledBackAt: string | null;
}

export interface NewImportJob {
  type: string;
  template: string;
  file: string;
  fileSize: number;
  fileHash: string;
  sheet: string;
  headerRow: number;
  options: Record<string, unknown>;
  pid: number;
  host: string;
  startedAt: string;
}

export interface ImportErrorRecord {
  rowNumber: number;
  sheet: string | null;
  column: string | null;
  rawValue: string | null;
  reason: string;
  /** The row's original cells (JSON as written by the pipeline); on the first problem of a row only. */
  rowData: string | null;
}

export interface ImportChangeRecord {
  id: number;
  jobId: number;
  entity: string;
  key: string;
  before: string | null;
  after: string | null;
}

interface RawJob {
  id: number;
  status: ImportJobStatus;
  type: string;
  template: string | null;
  file: string;
  file_size: number | null;
  file_hash: string | null;
  sheet: string | null;
  header_row: number | null;
  options: string | null;
  rows_total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  last_row: number;
  pid: number | null;
  host: string | null;
  heartbeat_at: string | null;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  rolled_back_at: string | null;
}

const decodeJob = (r: RawJob): ImportJobRecord => ({
  id: r.id,
  status: r.status,
  type: r.type,
  template: r.template,
  file: r.file,
  fileSize: r.file_size,
  fileHash: r.file_hash,
  sheet: r.sheet,
  headerRow: r.header_row,
  options: r.options ? (JSON.parse(r.options) as Record<string, unknown>) : {},
  rows: { total: r.rows_total, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, skipped: r.skipped, failed: r.failed },
  lastRow: r.last_row,
  pid: r.pid,
  host: r.host,
  heartbeatAt: r.heartbeat_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error,
  rolledBackAt: r.rolled_back_at,
});

/** Import jobs and what they leave behind: row errors and recorded changes (for rollback). */
export class ImportJobsRepo {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO import_jobs (status, type, template, file, file_size, file_hash, sheet, header_row, options, pid, host, heartbeat_at, started_at)
         VALUES ('running', @type, @template, @file, @fileSize, @fileHash, @sheet, @headerRow, @options, @pid, @host, @startedAt, @startedAt)`,
      ),
      get: db.prepare('SELECT * FROM import_jobs WHERE id = ?'),
      progress: db.prepare(
        `UPDATE import_jobs SET rows_total = @total, inserted = @inserted, updated = @updated, unchanged = @unchanged, skipped = @skipped,
           failed = @failed, last_row = @lastRow, heartbeat_at = @at WHERE id = @id`,
      ),
      heartbeat: db.prepare('UPDATE import_jobs SET heartbeat_at = ? WHERE id = ?'),
      runner: db.prepare(
        `UPDATE import_jobs SET status = 'running', pid = @pid, host = @host, heartbeat_at = @at, finished_at = NULL, error = NULL
          WHERE id = @id AND status = @seenStatus AND pid IS @seenPid AND heartbeat_at IS @seenBeat`,
      ),
      finish: db.prepare('UPDATE import_jobs SET status = @status, finished_at = @at, error = @error, heartbeat_at = @at WHERE id = @id'),
      rolledBack: db.prepare('UPDATE import_jobs SET rolled_back_at = ? WHERE id = ?'),
      byHash: db.prepare('SELECT * FROM import_jobs WHERE file_hash = ? ORDER BY id DESC'),
      addError: db.prepare(
        'INSERT INTO import_errors (job_id, sheet, row_number, column, raw_value, reason, row_data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      errorsPage: db.prepare(
        'SELECT id, row_number AS rowNumber, sheet, column, raw_value AS rawValue, reason, row_data AS rowData FROM import_errors WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      errorCount: db.prepare('SELECT COUNT(*) AS n FROM import_errors WHERE job_id = ?'),
      addChange: db.prepare('INSERT INTO import_changes (job_id, entity, key, before, after) VALUES (?, ?, ?, ?, ?)'),
      changesPage: db.prepare('SELECT id, job_id AS jobId, entity, key, before, after FROM import_changes WHERE job_id = ? AND id < ? ORDER BY id DESC LIMIT ?'),
      laterJobs: db.prepare(
        `SELECT c2.job_id AS jobId, COUNT(DISTINCT c2.entity || ':' || c2.key) AS keys
           FROM import_changes c1
           JOIN import_changes c2 ON c2.entity = c1.entity AND c2.key = c1.key AND c2.job_id > c1.job_id
           JOIN import_jobs j ON j.id = c2.job_id AND j.rolled_back_at IS NULL
          WHERE c1.job_id = ?
          GROUP BY c2.job_id ORDER BY c2.job_id`,
      ),
    };
  }

  create(job: NewImportJob): number {
    const r = this.stmts.insert.run({ ...job, options: JSON.stringify(job.options) });
    return Number(r.lastInsertRowid);
  }

  get(id: number): ImportJobRecord | undefined {
    const r = this.stmts.get.get(id) as RawJob | undefined;
    return r ? decodeJob(r) : undefined;
  }

  list(options: { limit?: number } = {}): ImportJobRecord[] {
    const rows = this.db.prepare('SELECT * FROM import_jobs ORDER BY id DESC LIMIT ?').all(options.limit ?? 20) as RawJob[];
    return rows.map(decodeJob);
  }

  /** Counts and resume point of everything committed so far; written in the chunk's transaction. */
  commitProgress(id: number, rows: RowCounts, lastRow: number, at: string): void {
    this.stmts.progress.run({ id, ...rows, lastRow, at });
  }

  heartbeat(id: number, at: string): void {
    this.stmts.heartbeat.run(at, id);
  }

  /**
   * A process takes the job over (resume) — only if nobody else did since `seen` was read, so
   * two `jobs resume` at once cannot both run it. Returns whether this process got it.
   */
  claimRunner(seen: ImportJobRecord, pid: number, host: string, at: string): boolean {
    return this.stmts.runner.run({ id: seen.id, pid, host, at, seenStatus: seen.status, seenPid: seen.pid, seenBeat: seen.heartbeatAt }).changes === 1;
  }

  finish(id: number, status: ImportJobStatus, at: string, error: string | null = null): void {
    this.stmts.finish.run({ id, status, at, error });
  }

  markRolledBack(id: number, at: string): void {
    this.stmts.rolledBack.run(at, id);
  }

  withHash(hash: string): ImportJobRecord[] {
    return (this.stmts.byHash.all(hash) as RawJob[]).map(decodeJob);
  }

  addError(jobId: number, e: ImportErrorRecord): void {
    this.stmts.addError.run(jobId, e.sheet, e.rowNumber, e.column, e.rawValue, e.reason, e.rowData);
  }

  /**
   * Row errors in row order (chunks commit in row order, so id order is row order), a page at a
   * time so a million of them never sit in memory and the connection stays free between pages.
   */
  *errors(jobId: number, pageSize = 1000): Generator<ImportErrorRecord> {
    let after = 0;
    for (;;) {
      const page = this.stmts.errorsPage.all(jobId, after, pageSize) as (ImportErrorRecord & { id: number })[];
      for (const e of page) yield e;
      if (page.length < pageSize) return;
      after = page[page.length - 1].id;
    }
  }

  errorCount(jobId: number): number {
    return (this.stmts.errorCount.get(jobId) as { n: number }).n;
  }

  recordChange(jobId: number, entity: string, key: string, before: string | null, after: string | null): void {
    this.stmts.addChange.run(jobId, entity, key, before, after);
  }

  /** Newest first (the order in which a rollback undoes them), a page at a time. */
  *changesNewestFirst(jobId: number, pageSize = 1000): Generator<ImportChangeRecord> {
    let before = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const page = this.stmts.changesPage.all(jobId, before, pageSize) as ImportChangeRecord[];
      for (const c of page) yield c;
      if (page.length < pageSize) return;
      before = page[page.length - 1].id;
    }
  }

  /** Later jobs (not rolled back) that changed something this job changed, with how many keys. */
  laterJobsTouchingSameRows(jobId: number): { jobId: number; keys: number }[] {
    return this.stmts.laterJobs.all(jobId) as { jobId: number; keys: number }[];
  }
}
