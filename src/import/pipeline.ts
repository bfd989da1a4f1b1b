import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { IntegrError, usageError } from '../errors.js';
import { CatalogWrites } from '../store/catalog-writes.js';
import { ImportJobsRepo, zeroCounts, type ImportJobRecord, type ImportJobStatus, type RowCounts } from '../store/import-jobs.js';
import { OrderWrites } from '../store/order-writes.js';
import { ImportRollbackSql } from '../store/import-rollback.js';
import { beginScratch } from '../store/scratch.js';
import type { Store } from '../store/store.js';
import { nowIso } from '../store/time.js';
import { ChunkWriter, type ErrorSample, type PendingRow, type RowExplanation } from './chunk-writer.js';
import { checkErrorsTarget, writeErrorsWorkbook } from './errors-workbook.js';
import { hashFile } from './file-hash.js';
import { locateHeaderRow, type SheetRow } from './header-row.js';
import { HEARTBEAT_MS, isInterrupted, thisHost } from './job-liveness.js';
import type { ImportType } from './kinds.js';
import { compileRowMapper, isEmptyRow } from './map-row.js';
import { assertUsable, headerText, inferTemplate, matchHeaders, type HeaderMatch } from './match-headers.js';
import { resolveOptions, type ImportOptions, type ResolvedOptions } from './options.js';
import { openSheet, type SheetInfo, type Workbook } from './source.js';
import { loadTemplates, resolveTemplate, type Template } from './templates.js';
import { writerFor } from './writers/index.js';
import { SeenKeys } from './seen-keys.js';
import type { WriteContext } from './writers/context.js';

export interface ImportLog {
  info(message: string): void;
  warn(message: string): void;
  verbose(message: string): void;
}

export interface ImportProgress {
  rows: number;
  failed: number;
  /** Estimated data rows in the sheet (from its dimension, else from the bytes read so far). */
  estimatedTotal?: number;
}

export interface ImportDeps {
  store: Store;
  config: { import: { chunkSize?: number; templatesDir?: string; maxUncompressedBytes?: number } };
  log: ImportLog;
  /** Called after committed chunks (at most every 200 ms) and once at the end. */
  progress?: (p: ImportProgress) => void;
}

export interface ImportReport {
  /** null for --dry-run (nothing was recorded). */
  jobId: number | null;
  status: ImportJobStatus;
  dryRun: boolean;
  file: string;
  sheet: string;
  type: ImportType;
  template: string;
  rows: RowCounts;
  /** Entities the job created: products (also from order lines), customers, orders, stock rows. */
  created: { products: number; customers: number; orders: number };
  durationMs: number;
  errorsFile?: string;
  /** The first row errors (all of them are in the store: `integr jobs errors <id>`). */
  errors: ErrorSample[];
  warnings: string[];
  /** Earlier jobs that imported a file with the same content. */
  sameContentAs?: number[];
  /** --dry-run only: the safety rule that would refuse the real import (exit 4). */
  wouldBeRefused?: string;
  /** Set when this report continues a cancelled or interrupted job. */
  resumed?: boolean;
  /** --dry-run: what each row would do (the first rows; all of them when asked). */
  changes?: RowExplanation[];
}

export interface RunOptions {
  /** How many rows --dry-run explains field by field (default 20). */
  explainRows?: number;
  /** Least time between progress callbacks (default 200 ms). */
  progressEveryMs?: number;
}

const PROGRESS_EVERY_MS = 200;

/** Options a job keeps so that `jobs resume` reads the rest of the file the same way. */
interface StoredOptions {
  chunkSize: number;
  warehouse: string;
  onExisting: ResolvedOptions['onExisting'];
  limit?: number;
  force: boolean;
  templatePath?: string;
  /** Header texts by column position, for the errors workbook. */
  headerCells: string[];
  /** Columns read as text (SKU, barcode ...): the errors workbook writes them back as text. */
  textColumns: number[];
}

interface Plan {
  file: string;
  fileSize: number;
  fileHash: string;
  wb: Workbook;
  sheet: SheetInfo;
  rows: AsyncIterator<SheetRow>;
  header: SheetRow;
  match: HeaderMatch;
  opts: ResolvedOptions;
  warnings: string[];
  sameContentAs: number[];
  /** --dry-run: why the real import would be refused (it exits 4 then, as the real one would). */
  wouldBeRefused?: string;
  resume?: ImportJobRecord;
}

function candidatesFor(templates: Template[], opts: ResolvedOptions): Template[] {
  if (opts.template) {
    const t = resolveTemplate(templates, opts.template);
    if (opts.type && t.type !== opts.type) throw usageError(`template ${t.name} imports ${t.type}, not ${opts.type}; drop --type or pick another template`);
    return [t];
  }
  if (opts.type) {
    const byName = templates.find((t) => t.name === opts.type && t.type === opts.type);
    return byName ? [byName] : templates.filter((t) => t.type === opts.type);
  }
  return templates;
}

function storedOptions(opts: ResolvedOptions, match: HeaderMatch, header: SheetRow): StoredOptions {
  return {
    chunkSize: opts.chunkSize,
    warehouse: opts.warehouse,
    onExisting: opts.onExisting,
    limit: opts.limit,
    force: opts.force,
    templatePath: match.template.source === 'built-in' ? undefined : match.template.source,
    headerCells: header.cells.map(headerText),
    textColumns: match.matched.filter((m) => m.column.type === 'text').map((m) => m.index),
  };
}

function checkSameContent(jobs: ImportJobsRepo, hash: string, type: ImportType, opts: ResolvedOptions, warnings: string[], refusal: { message?: string }): number[] {
  const previous = jobs.withHash(hash).filter((j) => !j.rolledBackAt);
  if (!previous.length) return [];
  if (type === 'stock-adjust') {
    const applied = previous.find((j) => j.type === 'stock-adjust' && (j.status === 'completed' || j.status === 'completed_with_errors'));
    const partial = previous.find((j) => j.type === 'stock-adjust' && j.rows.total > 0 && !(j.status === 'completed' || j.status === 'completed_with_errors'));
    const earlier = applied ?? partial;
    if (earlier && !opts.force) {
      const message = applied
        ? `job ${earlier.id} already applied the stock adjustments in this file (same content, ${earlier.finishedAt ?? earlier.startedAt}); importing it again would add every delta twice`
        : `job ${earlier.id} applied part of this file's stock adjustments and did not finish; importing it again would add those deltas twice`;
      const hint = applied ? `pass --force to apply them again, or undo the first with \`integr jobs rollback ${earlier.id}\`` : `continue it with \`integr jobs resume ${earlier.id}\` (or pass --force)`;
      if (!opts.dryRun) throw new IntegrError('SAFETY', message, { hint });
      // The dry run goes on (its row checks are still worth having) and exits 4 as the real run would.
      warnings.push(`${message} (the real import would be refused without --force)`);
      refusal.message = message;
    }
  } else {
    const ids = previous.map((j) => j.id);
    warnings.push(`a file with the same content was imported before (job${ids.length > 1 ? 's' : ''} ${ids.slice(0, 5).join(', ')})`);
  }
  return previous.map((j) => j.id);
}

/**
 * Import one sheet of a workbook into the store: stream the rows, map and validate each one,
 * write them a chunk per transaction, record errors and changes, and return what happened.
 * Callable without the CLI (the daemon runs it in-process). Aborting `signal` stops after the
 * current chunk: committed chunks stay, the job is marked cancelled and can be resumed.
 */
export async function importWorkbook(deps: ImportDeps, file: string, options: ImportOptions, signal?: AbortSignal, run: RunOptions = {}): Promise<ImportReport> {
  const started = Date.now();
  const opts = resolveOptions(options, { chunkSize: deps.config.import.chunkSize });
  const templates = loadTemplates(deps.config.import.templatesDir);
  const candidates = candidatesFor(templates, opts);
  if (!candidates.length) throw usageError(`no template imports ${opts.type}`);
  const path = resolve(file);
  if (opts.errorsOut) checkErrorsTarget(opts.errorsOut, { workbook: path, store: deps.store.path });
  const { wb, sheet } = await openSheet(file, opts.sheet, { maxUncompressedBytes: deps.config.import.maxUncompressedBytes });
  const rows = wb.rows(sheet, { signal, paddedNumbersAsText: true })[Symbol.asyncIterator]();
  try {
    const where = `${file} (sheet "${sheet.name}")`;
    const header = await beforeStart(signal, () => locateHeaderRow(rows, { headerRow: opts.headerRow, templates: candidates, where }));
    const match = candidates.length === 1 ? matchHeaders(candidates[0], header.cells) : inferTemplate(candidates, header.cells, where);
    assertUsable(match, where);
    if (match.unmatched.length) deps.log.verbose(`ignored columns: ${match.unmatched.map((u) => u.header).join(', ')}`);
    const fileHash = await hashFile(path);
    const warnings: string[] = [];
    const refusal: { message?: string } = {};
    const sameContentAs = checkSameContent(new ImportJobsRepo(deps.store.db), fileHash, match.template.type, opts, warnings, refusal);
    const plan: Plan = { file: path, fileSize: statSync(path).size, fileHash, wb, sheet, rows, header, match, opts, warnings, sameContentAs, wouldBeRefused: refusal.message };
    return await runPlan(deps, plan, signal, run, started);
  } finally {
    await rows.return?.();
    await wb.close();
  }
}

/** Continue a cancelled, failed or interrupted job from its last committed row. */
export async function resumeImport(deps: ImportDeps, jobId: number, options: { errorsOut?: string }, signal?: AbortSignal): Promise<ImportReport> {
  const started = Date.now();
  const jobs = new ImportJobsRepo(deps.store.db);
  const job = jobs.get(jobId);
  if (!job) throw new IntegrError('NOT_FOUND', `no import job ${jobId}`, { hint: 'see `integr jobs list`' });
  if (job.rolledBackAt) throw usageError(`job ${jobId} was rolled back; import the file again as a new job`);
  if (job.status === 'completed' || job.status === 'completed_with_errors') throw usageError(`job ${jobId} is already ${job.status.replace(/_/g, ' ')}; nothing to resume`);
  if (job.status === 'running' && !isInterrupted(job)) {
    throw new IntegrError('LOCKED', `job ${jobId} is still running (pid ${job.pid} on ${job.host}); wait for it or stop it first`);
  }
  const stored = job.options as unknown as StoredOptions;
  if (options.errorsOut) checkErrorsTarget(options.errorsOut, { workbook: job.file, store: deps.store.path });
  const st = statSync(job.file, { throwIfNoEntry: false });
  if (!st) throw new IntegrError('FILE', `job ${jobId}: its file is no longer there: ${job.file}`);
  const fileHash = await hashFile(job.file);
  if (fileHash !== job.fileHash) {
    throw usageError(`job ${jobId}: ${job.file} has changed since the job read it (different content); import it again as a new job`);
  }
  const templates = loadTemplates(deps.config.import.templatesDir);
  const template = resolveTemplate(templates, stored.templatePath ?? job.template ?? job.type);
  const opts = resolveOptions(
    { type: job.type, chunkSize: stored.chunkSize, warehouse: stored.warehouse, onExisting: stored.onExisting, limit: stored.limit, force: stored.force, errorsOut: options.errorsOut, headerRow: job.headerRow ?? undefined },
    {},
  );
  const { wb, sheet } = await openSheet(job.file, job.sheet ?? 1, { maxUncompressedBytes: deps.config.import.maxUncompressedBytes });
  const rows = wb.rows(sheet, { signal, paddedNumbersAsText: true })[Symbol.asyncIterator]();
  try {
    const where = `${job.file} (sheet "${sheet.name}")`;
    const header = await beforeStart(signal, () => locateHeaderRow(rows, { headerRow: job.headerRow ?? undefined, templates: [template], where }));
    const match = matchHeaders(template, header.cells);
    assertUsable(match, where);
    const plan: Plan = { file: job.file, fileSize: st.size, fileHash, wb, sheet, rows, header, match, opts, warnings: [], sameContentAs: [], resume: job };
    return await runPlan(deps, plan, signal, {}, started);
  } finally {
    await rows.return?.();
    await wb.close();
  }
}

/** Interrupted before a job exists: nothing was written, say so (exit 130). */
async function beforeStart<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    if (signal?.aborted) throw signal.reason;
    return await fn();
  } catch (err) {
    if (signal?.aborted) throw new IntegrError('INTERRUPTED', 'interrupted before the import started; nothing was written');
    throw err;
  }
}

function estimateTotal(plan: Plan, rowsSoFar: number): number | undefined {
  const { bytesRead, bytesTotal } = plan.wb.progress();
  let estimate: number | undefined;
  if (plan.sheet.estimatedRows) estimate = Math.max(rowsSoFar, plan.sheet.estimatedRows - plan.header.rowNumber);
  else if (bytesRead > 0 && bytesTotal > 0 && rowsSoFar > 0) estimate = Math.max(rowsSoFar, Math.round((rowsSoFar * bytesTotal) / bytesRead));
  // --limit stops the import early: the bar ends at the limit, not at the sheet's size.
  const limit = plan.opts.limit;
  return estimate !== undefined && limit !== undefined ? Math.min(estimate, Math.max(rowsSoFar, limit)) : estimate;
}

async function runPlan(deps: ImportDeps, plan: Plan, signal: AbortSignal | undefined, run: RunOptions, started: number): Promise<ImportReport> {
  const { store } = deps;
  const { opts, match } = plan;
  const type = match.template.type;
  const jobs = new ImportJobsRepo(store.db);
  const scratch = opts.dryRun ? beginScratch(store) : undefined;
  let jobId: number | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const now = nowIso();
    if (plan.resume) {
      jobId = plan.resume.id;
      if (!jobs.claimRunner(plan.resume, process.pid, thisHost(), now)) {
        jobId = undefined;
        throw new IntegrError('LOCKED', `job ${plan.resume.id} was just taken over by another process; see \`integr jobs show ${plan.resume.id}\``);
      }
      deps.log.info(`resuming job ${jobId} after row ${plan.resume.lastRow} (${plan.resume.rows.total} rows already done)`);
    } else {
      jobId = jobs.create({
        type,
        template: match.template.name,
        file: plan.file,
        fileSize: plan.fileSize,
        fileHash: plan.fileHash,
        sheet: plan.sheet.name,
        headerRow: plan.header.rowNumber,
        options: storedOptions(opts, match, plan.header) as unknown as Record<string, unknown>,
        pid: process.pid,
        host: thisHost(),
        startedAt: now,
      });
    }
    if (!scratch) {
      const id = jobId;
      heartbeat = setInterval(() => jobs.heartbeat(id, nowIso()), HEARTBEAT_MS);
      heartbeat.unref();
    }
    const headers = new Map(match.matched.map((m) => [m.column.key, m.header]));
    const ctx: WriteContext = {
      jobId,
      now,
      warehouse: opts.warehouse,
      onExisting: opts.onExisting,
      explain: Boolean(scratch),
      catalog: new CatalogWrites(store.db),
      orders: new OrderWrites(store.db),
      jobs,
      keys: new SeenKeys(),
      headerOf: (key) => headers.get(key) ?? key,
    };
    const writer = writerFor(type, ctx);
    const chunks = new ChunkWriter(store, jobs, ctx, writer, plan.sheet.name, plan.resume?.rows ?? zeroCounts(), scratch ? (run.explainRows ?? 20) : 0);
    const mapper = compileRowMapper(match, { date1904: plan.wb.date1904 });
    const skipThrough = plan.resume?.lastRow ?? plan.header.rowNumber;
    const limit = opts.limit;
    let processed = chunks.totals.total;
    let pending: PendingRow[] = [];
    let lastRow = skipThrough;
    let lastProgress = 0;
    const report = (force: boolean) => {
      if (!deps.progress) return;
      const t = Date.now();
      if (!force && t - lastProgress < (run.progressEveryMs ?? PROGRESS_EVERY_MS)) return;
      lastProgress = t;
      deps.progress({ rows: chunks.totals.total, failed: chunks.totals.failed, estimatedTotal: estimateTotal(plan, chunks.totals.total) });
    };
    report(true);
    let interrupted = false;
    try {
      while (limit === undefined || processed < limit) {
        if (signal?.aborted) {
          interrupted = true;
          break;
        }
        const next = await plan.rows.next();
        if (next.done) break;
        const row = next.value;
        if (isEmptyRow(row.cells)) continue;
        if (row.rowNumber <= skipThrough) {
          // Resuming: the rows already committed are read again only to rebuild the keys seen.
          if (plan.resume && row.rowNumber > plan.header.rowNumber) writer.replay?.(mapper(row.cells), row.rowNumber);
          continue;
        }
        pending.push({ rowNumber: row.rowNumber, cells: row.cells, mapped: mapper(row.cells) });
        processed++;
        lastRow = row.rowNumber;
        if (pending.length >= opts.chunkSize) {
          chunks.write(pending, lastRow);
          pending = [];
          report(false);
        }
      }
    } catch (err) {
      // The reader throws the abort reason when Ctrl-C lands while it reads.
      if (!signal?.aborted) throw err;
      interrupted = true;
    }
    // The rows read since the last commit are dropped when cancelled: the job resumes before them.
    if (!interrupted && pending.length) chunks.write(pending, lastRow);
    report(true);

    const rows = chunks.totals;
    const status: ImportJobStatus = interrupted ? 'cancelled' : rows.failed ? 'completed_with_errors' : 'completed';
    const created = new ImportRollbackSql(store.db).createdCounts(jobId);
    let errorsFile: string | undefined;
    if (opts.errorsOut && rows.failed > 0) {
      errorsFile = resolve(opts.errorsOut);
      await writeErrorsWorkbook(jobs, jobs.get(jobId)!, errorsFile, store.path);
    }
    if (!scratch) {
      jobs.finish(jobId, status, nowIso());
    }
    return {
      jobId: scratch ? null : jobId,
      status,
      dryRun: Boolean(scratch),
      file: plan.file,
      sheet: plan.sheet.name,
      type,
      template: match.template.name,
      rows: { ...rows },
      created,
      durationMs: Date.now() - started,
      errorsFile,
      errors: chunks.errorSamples,
      warnings: plan.warnings,
      sameContentAs: plan.sameContentAs.length ? plan.sameContentAs : undefined,
      wouldBeRefused: plan.wouldBeRefused,
      resumed: plan.resume ? true : undefined,
      changes: scratch ? chunks.explanations : undefined,
    };
  } catch (err) {
    if (!scratch && jobId !== undefined) {
      try {
        jobs.finish(jobId, 'failed', nowIso(), (err as Error).message ?? String(err));
      } catch {
        // The store itself failed; the job stays "running" and shows as interrupted.
      }
    }
    throw err;
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    scratch?.rollback();
  }
}
