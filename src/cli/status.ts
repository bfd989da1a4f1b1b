import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';

export function registerStatus(program: Command): void {
  withExamples(
    program
      .command('status')
      .description('per channel and carrier: last run, result, success rate (last 20 runs), failures in a row, next scheduled run'),
    ['integr status', 'integr status --json'],
  ).action(
    action(async (ctx) => {
      const loaded = await ctx.config();
      const store = await ctx.store();
      const [{ collectStatus }, { renderStatus }] = await Promise.all([import('../status/status.js'), import('../output/status-report.js')]);
      const report = collectStatus(loaded, store);
      if (ctx.opts.json) return void ctx.out.emitJson(report);
      ctx.out.result(renderStatus(report, ctx.out.c));
    }),
  );
}
