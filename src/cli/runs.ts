import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { renderPairs, renderTable } from '../output/table.js';
import { IntegrError, usageError } from '../errors.js';

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('sync runs: what each run planned and what happened to every SKU');
  const list = withExamples(
    runs
      .command('list', { isDefault: true })
      .description('recent sync runs, newest first')
      .option('--channel <name>', 'only this channel')
      .option('--limit <n>', 'how many', '20'),
    ['integr runs', 'integr runs list --channel wix --json'],
  );
  list.action(
    action(async (ctx, opts: { channel?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit must be a whole number >= 1, got "${opts.limit}"`);
      const store = await ctx.store();
      const rows = store.runs.list({ channel: opts.channel, limit });
      if (ctx.opts.json) {
        return void ctx.out.emitJson({
          runs: rows.map((r) => ({ runId: r.id, channel: r.channel, type: r.channelType, status: r.status, mode: r.mode, dryRun: r.mode !== 'push', startedAt: r.startedAt, finishedAt: r.finishedAt, changes: r.changes, updated: r.updated, errors: r.errors, pending: r.pending, notFound: r.notFound, durationMs: r.durationMs })),
        });
      }
      if (!rows.length) return void ctx.out.result('no sync runs yet (try `integr sync sandbox --dry-run`)');
      ctx.out.result(
        renderTable(
          ['run', 'channel', 'mode', 'status', 'started', 'changes', 'updated', 'errors'],
          rows.map((r) => [r.id, r.channel, r.mode, r.status, r.startedAt, r.changes, r.updated, r.errors]),
          { rightAlign: [0, 5, 6, 7] },
        ),
      );
    }),
  );
  withExamples(runs.command('show').argument('<id>', 'run id').description('one run: its plan and the outcome per SKU'), ['integr runs show 12', 'integr runs show 12 --json']).action(
    action(async (ctx, idArg: string) => {
      const id = Number(idArg);
      if (!Number.isInteger(id) || id < 1) throw usageError(`run id must be a whole number, got "${idArg}"`);
      const store = await ctx.store();
      const run = store.runs.get(id);
      if (!run) throw new IntegrError('NOT_FOUND', `no sync run #${id} in ${store.path}`);
      const items = store.runs.items(id);
      if (ctx.opts.json) {
        return void ctx.out.emitJson({
          runId: run.id,
          channel: run.channel,
          type: run.channelType,
          mode: run.mode,
          dryRun: run.mode !== 'push',
          status: run.status,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          durationMs: run.durationMs,
          totalProducts: run.totalProducts,
          foundInChannel: run.found,
          notFound: run.notFound,
          untracked: run.untracked,
          changes: run.changes,
          updated: run.updated,
          unchanged: run.unchanged,
          errors: run.errors,
          pending: run.pending,
          error: run.error,
          items: items.map(({ ref: _ref, ...i }) => i),
        });
      }
      const changes = items.filter((i) => i.state !== 'not_found');
      const notFound = items.filter((i) => i.state === 'not_found').map((i) => i.sku);
      const parts = [
        renderPairs([
          ['run', `#${run.id} ${run.channel} (${run.channelType}) ${run.mode}`],
          ['status', run.status],
          ['started', run.startedAt],
          ['finished', run.finishedAt ?? '(not finished)'],
          ['local SKUs', run.totalProducts],
          ['found / not found', `${run.found} / ${run.notFound}`],
          ['changes / updated / errors', `${run.changes} / ${run.updated} / ${run.errors}`],
          ...(run.error ? [['error', run.error] as [string, string]] : []),
        ]),
      ];
      if (changes.length) parts.push(renderTable(['SKU', 'remote', 'target', 'delta', 'state', 'detail'], changes.map((i) => [i.sku, i.remote, i.target, i.delta, i.state, i.error ?? i.batchId ?? '']), { rightAlign: [1, 2, 3] }));
      if (notFound.length) parts.push(`not found in the channel (${notFound.length}): ${notFound.slice(0, 30).join(', ')}${notFound.length > 30 ? ', ...' : ''}`);
      ctx.out.result(parts.join('\n\n'));
    }),
  );
}
