import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { renderTable } from '../output/table.js';
import { withExamples } from './examples.js';
import { runWithProgress } from './import.js';
import { action } from './run.js';

/** The import cores, loaded on first use so `integr --help` stays light. */
async function cores() {
  const [jobs, pipeline, rollback, report] = await Promise.all([import('../import/jobs.js'), import('../import/pipeline.js'), import('../import/rollback.js'), import('../output/import-report.js')]);
  return { ...jobs, ...pipeline, ...rollback, ...report };
}

function jobId(v: string): number {
  if (!/^\d+$/.test(v.trim())) throw usageError(`a job id is a number (see \`integr jobs list\`), got "${v}"`);
  return Number(v);
}

function limit(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw usageError(`--limit must be a whole number of at least 1, got "${v}"`);
  return Number(v);
}

export function registerJobs(program: Command): void {
  const jobs = withExamples(program.command('jobs').description('import jobs: list, show, errors, resume, rollback'), [
    'integr jobs',
    'integr jobs show 12',
    'integr jobs errors 12 --out errors.xlsx',
    'integr jobs resume 12',
    'integr jobs rollback 12',
  ]);

  jobs
    .command('list', { isDefault: true })
    .description('recent import jobs, newest first')
    .option('--limit <n>', 'how many', '20')
    .action(
      action(async (ctx, flags: { limit?: string }) => {
        const c = await cores();
        const list = c.listJobs(await ctx.store(), { limit: limit(flags.limit, 20) });
        if (ctx.opts.json) return void ctx.out.emitJson({ jobs: list });
        ctx.out.result(list.length ? c.renderJobList(list) : 'no import jobs yet (run `integr import <file.xlsx>`)');
      }),
    );

  jobs
    .command('show')
    .description('one job: file, sheet, counts, timings, process, first errors')
    .argument('<id>', 'job id')
    .action(
      action(async (ctx, id: string) => {
        const c = await cores();
        const job = c.showJob(await ctx.store(), jobId(id));
        if (ctx.opts.json) return void ctx.out.emitJson(job);
        ctx.out.result(c.renderJob(job));
      }),
    );

  jobs
    .command('errors')
    .description("a job's failed rows; --out writes them as a workbook (original columns + Error) to fix and import again")
    .argument('<id>', 'job id')
    .option('--out <file.xlsx>', 'write the failed rows to this workbook')
    .option('--limit <n>', 'how many to list (without --out)', '100')
    .action(
      action(async (ctx, id: string, flags: { out?: string; limit?: string }) => {
        const store = await ctx.store();
        const c = await cores();
        if (flags.out) {
          const r = await c.exportJobErrors(store, jobId(id), flags.out);
          if (ctx.opts.json) return void ctx.out.emitJson({ jobId: jobId(id), file: r.file, rows: r.rows });
          return void ctx.out.result(`${r.rows} failed row${r.rows === 1 ? '' : 's'} written to ${r.file}`);
        }
        const r = c.jobErrors(store, jobId(id), { limit: limit(flags.limit, 100) });
        if (ctx.opts.json) return void ctx.out.emitJson({ jobId: jobId(id), total: r.total, errors: r.errors });
        if (!r.errors.length) return void ctx.out.result(`job ${id} has no row errors`);
        ctx.out.result(renderTable(['row', 'column', 'value', 'reason'], r.errors.map((e) => [e.row, e.column, e.raw, e.reason]), { rightAlign: [0] }));
        if (r.total > r.errors.length) ctx.out.info(`(${r.total - r.errors.length} more; --out errors.xlsx writes them all)`);
      }),
    );

  jobs
    .command('resume')
    .description('continue a cancelled or interrupted job from its last committed row')
    .argument('<id>', 'job id')
    .option('--errors-out <file.xlsx>', 'write the failed rows to this workbook when done')
    .action(
      action(async (ctx, id: string, flags: { errorsOut?: string }) =>
        runWithProgress(ctx, `job ${id}`, async (deps, signal) => (await cores()).resumeImport(deps, jobId(id), { errorsOut: flags.errorsOut }, signal)),
      ),
    );

  jobs
    .command('rollback')
    .description("undo a job's changes to products, stock and orders (restores the values it replaced)")
    .argument('<id>', 'job id')
    .option('--force', 'even when later jobs (or anything else) changed the same rows since')
    .action(
      action(async (ctx, id: string, flags: { force?: boolean }) => {
        const c = await cores();
        const r = c.rollbackJob(await ctx.store(), jobId(id), { force: flags.force });
        if (ctx.opts.json) return void ctx.out.emitJson(r);
        ctx.out.result(c.renderRollback(r));
      }),
    );
}
