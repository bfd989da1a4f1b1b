import { resolve } from 'node:path';
import { IntegrError } from '../errors.js';
import { ImportJobsRepo, type ImportJobRecord, type RowCounts } from '../store/import-jobs.js';
import type { Store } from '../store/store.js';
import { ImportRollbackSql } from '../store/import-rollback.js';
import { writeErrorsWorkbook } from './errors-workbook.js';
import { displayStatus, isInterrupted } from './job-liveness.js';

export interface JobSummary {
  jobId: number;
  /** running | completed | completed_with_errors | failed | cancelled | interrupted (a "running" job whose process is gone) */
  status: string;
  type: string;
  template: string | null;
  file: string;
  sheet: string | null;
  rows: RowCounts;
  startedAt: string;
  finishedAt: string | null;
  /** finishedAt − startedAt (of the last run, when resumed); null while running. */
  durationMs: number | null;
  rolledBackAt: string | null;
}

export interface JobDetail extends JobSummary {
  fileSize: number | null;
  fileHash: string | null;
  headerRow: number | null;
  /** Last sheet row whose chunk is committed: `jobs resume` continues after it. */
  lastRow: number;
  options: { chunkSize?: number; warehouse?: string; onExisting?: string; limit?: number };
  created: { products: number; customers: number; orders: number };
  pid: number | null;
  host: string | null;
  heartbeatAt: string | null;
  error: string | null;
  resumable: boolean;
  errors: { row: number; column: string | null; raw: string | null; reason: string }[];
}

function summary(j: ImportJobRecord): JobSummary {
  return {
    jobId: j.id,
    status: displayStatus(j),
    type: j.type,
    template: j.template,
    file: j.file,
    sheet: j.sheet,
    rows: j.rows,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    durationMs: j.finishedAt ? Date.parse(j.finishedAt) - Date.parse(j.startedAt) : null,
    rolledBackAt: j.rolledBackAt,
  };
}

function getJob(jobs: ImportJobsRepo, id: number): ImportJobRecord {
  const job = jobs.get(id);
  if (!job) throw new IntegrError('NOT_FOUND', `no import job ${id}`, { hint: 'see `integr jobs list`' });
  return job;
}

export function listJobs(store: Store, options: { limit?: number } = {}): JobSummary[] {
  return new ImportJobsRepo(store.db).list(options).map(summary);
}

export function showJob(store: Store, id: number, options: { errors?: number } = {}): JobDetail {
  const jobs = new ImportJobsRepo(store.db);
  const j = getJob(jobs, id);
  const created = new ImportRollbackSql(store.db).createdCounts(id);
  const errors: JobDetail['errors'] = [];
  const wanted = options.errors ?? 10;
  for (const e of jobs.errors(id, Math.max(1, wanted))) {
    if (errors.length >= wanted) break;
    errors.push({ row: e.rowNumber, column: e.column, raw: e.rawValue, reason: e.reason });
  }
  const o = j.options as JobDetail['options'];
  return {
    ...summary(j),
    fileSize: j.fileSize,
    fileHash: j.fileHash,
    headerRow: j.headerRow,
    lastRow: j.lastRow,
    options: { chunkSize: o.chunkSize, warehouse: o.warehouse, onExisting: o.onExisting, limit: o.limit },
    created,
    pid: j.pid,
    host: j.host,
    heartbeatAt: j.heartbeatAt,
    error: j.error,
    resumable: !j.rolledBackAt && (j.status === 'cancelled' || j.status === 'failed' || isInterrupted(j)),
    errors,
  };
}

/** `jobs errors <id> --out file.xlsx`: the failed rows, ready to fix and import again. */
export async function exportJobErrors(store: Store, id: number, out: string): Promise<{ file: string; rows: number }> {
  const jobs = new ImportJobsRepo(store.db);
  const job = getJob(jobs, id);
  const file = resolve(out);
  const { rows } = await writeErrorsWorkbook(jobs, job, file, store.path);
  return { file, rows };
}

/** The row errors of a job, for listing (a page; the workbook export has them all). */
export function jobErrors(store: Store, id: number, options: { limit?: number } = {}): { total: number; errors: JobDetail['errors'] } {
  const jobs = new ImportJobsRepo(store.db);
  getJob(jobs, id);
  const limit = options.limit ?? 100;
  const errors: JobDetail['errors'] = [];
  for (const e of jobs.errors(id, Math.min(1000, Math.max(1, limit)))) {
    if (errors.length >= limit) break;
    errors.push({ row: e.rowNumber, column: e.column, raw: e.rawValue, reason: e.reason });
  }
  return { total: jobs.errorCount(id), errors };
}
