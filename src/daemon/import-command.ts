import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { ExitCode, IntegrError, toIntegrError } from '../errors.js';
import { hashFile } from '../import/file-hash.js';
import { resolveOptions, type ImportOptions } from '../import/options.js';
import type { ImportReport } from '../import/pipeline.js';
import { loadTemplates, resolveTemplate } from '../import/templates.js';
import { ImportJobsRepo, type ImportJobRecord } from '../store/import-jobs.js';
import type { Store } from '../store/store.js';
import type { Job, JobContext, JobOutcome, TargetOutcome } from './job.js';
import { parseFlags, RunLineProblem } from './run-line.js';

export const IMPORT_USAGE =
  'import <file.xlsx> [--type products|stock|stock-adjust|orders] [--template <name|path>] [--sheet <name|index>] [--header-row <n>] [--chunk-size <n>] [--warehouse <code>] [--on-existing update|skip] [--limit <n>]';

/** What `--template` names: a path when it looks like one (as the import core decides), else a template name. */
const looksLikePath = (v: string) => v.endsWith('.json') || v.includes('/') || v.includes('\\');

/**
 * `import <file.xlsx> [options]`, run through the import core. Options are checked at start-up;
 * the file is not (it is usually dropped there later). Relative paths are relative to the config
 * file's directory, like `store.path`, so the daemon's working directory does not matter.
 */
export function parseImport(args: string[], loaded: LoadedConfig): Omit<Job, 'line'> {
  const { values, positionals } = parseFlags(
    'import',
    args,
    {
      type: { type: 'string' },
      template: { type: 'string' },
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      'chunk-size': { type: 'string' },
      warehouse: { type: 'string' },
      'on-existing': { type: 'string' },
      limit: { type: 'string' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'errors-out': { type: 'string' },
    },
    IMPORT_USAGE,
  );
  if (values.force) {
    throw new RunLineProblem('import: --force is not allowed in a schedule; a stock-adjust file applied twice adds every delta twice, so that call is for a person (`integr import --force`)');
  }
  if (values['dry-run']) throw new RunLineProblem('import: --dry-run writes nothing, so it has no place in a schedule; run `integr import --dry-run` by hand');
  if (values['errors-out'] !== undefined) throw new RunLineProblem('import: --errors-out is not available in a schedule; every run keeps its rejected rows in the store (`integr jobs errors <id> --out errors.xlsx`)');
  if (positionals.length !== 1) {
    throw new RunLineProblem(`import: ${positionals.length ? `one workbook per schedule, got ${positionals.length}` : 'name the workbook to import'} (usage: ${IMPORT_USAGE})`);
  }
  const file = positionals[0];
  if (!file.trim()) throw new RunLineProblem('import: the workbook name is empty');
  const baseDir = loaded.filepath ? dirname(loaded.filepath) : process.cwd();
  const path = resolve(baseDir, file);
  const template = values.template === undefined ? undefined : looksLikePath(values.template) ? resolve(baseDir, values.template) : values.template;
  const options: ImportOptions = {
    type: values.type,
    template,
    sheet: values.sheet,
    headerRow: values['header-row'],
    chunkSize: values['chunk-size'],
    warehouse: values.warehouse,
    onExisting: values['on-existing'],
    limit: values.limit,
  };
  try {
    const resolved = resolveOptions(options, { chunkSize: loaded.config.import.chunkSize });
    if (template !== undefined) {
      const t = resolveTemplate(loadTemplates(loaded.config.import.templatesDir), template);
      if (resolved.type && t.type !== resolved.type) throw new RunLineProblem(`import: template ${t.name} imports ${t.type}, not ${resolved.type}; drop --type or pick another template`);
    }
  } catch (err) {
    if (err instanceof IntegrError) throw new RunLineProblem(`import: ${err.message}`);
    throw err;
  }
  // The schedule's memory of what it imported: the file and every option that changes what is written.
  const memoKey = `daemon:import:${JSON.stringify({ path, ...options })}`;
  return {
    command: 'import',
    channels: [],
    carriers: [],
    imports: [file],
    run: (ctx) => runImport(ctx, file, path, options, memoKey),
  };
}

async function runImport(ctx: JobContext, name: string, path: string, options: ImportOptions, memoKey: string): Promise<JobOutcome> {
  const started = Date.now();
  try {
    if (!statSync(path, { throwIfNoEntry: false })) {
      throw new IntegrError('FILE', `${path}: file not found (the schedule imports it once it is there)`);
    }
    const previous = alreadyImported(ctx.store, memoKey, await hashFile(path));
    if (previous) return unchangedOutcome(name, previous, Date.now() - started);
    const report = await ctx.cores.importWorkbook(
      { store: ctx.store, config: ctx.loaded.config, log: { info: (m) => ctx.log.verbose(m), warn: (m) => ctx.log.warn(m), verbose: (m) => ctx.log.verbose(m) } },
      path,
      options,
      ctx.signal,
    );
    for (const w of report.warnings) ctx.log.verbose(`${name}: ${w}`);
    if (report.jobId !== null && (report.status === 'completed' || report.status === 'completed_with_errors')) remember(ctx.store, memoKey, report.jobId);
    return importOutcome(name, report);
  } catch (err) {
    return importFailure(name, err, ctx.signal.aborted, Date.now() - started);
  }
}

/**
 * The job that imported this very content for this schedule, if it finished and was not rolled back.
 * Importing it again would change nothing at best, and at worst put back values that later imports
 * changed (or, for stock adjustments, be refused): the schedule imports a file when its content changes.
 */
function alreadyImported(store: Store, memoKey: string, hash: string): ImportJobRecord | null {
  const memo = store.kv.get(memoKey);
  if (!memo) return null;
  const { jobId } = JSON.parse(memo) as { jobId: number };
  const job = new ImportJobsRepo(store.db).get(jobId);
  if (!job || job.rolledBackAt || job.fileHash !== hash) return null;
  return job.status === 'completed' || job.status === 'completed_with_errors' ? job : null;
}

function remember(store: Store, memoKey: string, jobId: number): void {
  store.kv.set(memoKey, JSON.stringify({ jobId }));
}

function rowsSummary(r: ImportReport): string {
  const n = r.rows;
  return `${n.total} rows: ${n.inserted} inserted, ${n.updated} updated, ${n.unchanged} unchanged, ${n.skipped} skipped, ${n.failed} failed`;
}

/** An import job's result: exit 0, 3 with rejected rows, 130 when stopped (as `integr import` exits). */
export function importOutcome(name: string, report: ImportReport): JobOutcome {
  const written = report.rows.inserted + report.rows.updated;
  const target: TargetOutcome = {
    kind: 'import',
    name,
    status: report.status,
    runId: report.jobId,
    changes: written,
    pushed: written,
    errors: report.rows.failed,
    durationMs: report.durationMs,
    summary: `${rowsSummary(report)}${report.jobId !== null ? ` (job ${report.jobId})` : ''}`,
  };
  const cancelled = report.status === 'cancelled';
  const exitCode = cancelled ? ExitCode.INTERRUPTED : report.rows.failed > 0 ? ExitCode.ITEM_ERRORS : ExitCode.OK;
  const error =
    report.rows.failed > 0 && !cancelled
      ? { code: 'ROW_ERRORS', message: `${name}: ${report.rows.failed} of ${report.rows.total} rows rejected${report.errors[0] ? ` (first: row ${report.errors[0].row}: ${report.errors[0].reason})` : ''}; see \`integr jobs errors ${report.jobId}\`` }
      : undefined;
  return { exitCode, cancelled, targets: [target], ...(error ? { error } : {}) };
}

/** The import did not run or stopped with an error: a missing or unreadable file, a refusal, a store problem. */
export function importFailure(name: string, err: unknown, aborted: boolean, durationMs: number): JobOutcome {
  const e = toIntegrError(err);
  const cancelled = aborted && e.code === 'INTERRUPTED';
  const error = { code: e.code, message: e.message };
  return {
    exitCode: e.exitCode,
    cancelled,
    targets: [{ kind: 'import', name, status: cancelled ? 'cancelled' : 'failed', runId: null, changes: 0, pushed: 0, errors: 0, durationMs, summary: 'nothing imported', error }],
    error,
  };
}

/**
 * Nothing to import: the schedule imported this content already. A file whose rows were rejected stays
 * a failure (exit 3) until it changes, so the run neither looks like a recovery nor hides the rejected rows.
 */
function unchangedOutcome(name: string, job: ImportJobRecord, durationMs: number): JobOutcome {
  const rejected = job.rows.failed;
  const summary = `same content as job ${job.id} (${job.finishedAt ?? job.startedAt})${rejected ? `, which rejected ${rejected} rows` : ''}; nothing to import`;
  const error = rejected ? { code: 'ROW_ERRORS', message: `${name}: unchanged since job ${job.id} rejected ${rejected} of ${job.rows.total} rows; fix the file (see \`integr jobs errors ${job.id}\`)` } : undefined;
  return {
    exitCode: rejected ? ExitCode.ITEM_ERRORS : ExitCode.OK,
    cancelled: false,
    targets: [{ kind: 'import', name, status: 'unchanged', runId: job.id, changes: 0, pushed: 0, errors: 0, durationMs, summary }],
    ...(error ? { error } : {}),
  };
}
