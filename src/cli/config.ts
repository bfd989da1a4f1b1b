import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';

export function registerConfig(program: Command): void {
  const config = withExamples(program.command('config').description('inspect the configuration'), ['integr config check']);
  withExamples(
    config.command('check').description('validate the config and its schedules; print the effective values (secrets masked), where each came from, and each schedule\'s next run'),
    ['integr config check', 'integr -c ./prod.integrationsrc.yaml config check --json'],
  ).action(
    action(async (ctx) => {
      const loaded = await ctx.config();
      // Loaded here, not at start-up: checking schedules loads the cron library.
      const [{ checkConfig }, { renderConfigCheck }] = await Promise.all([import('../config/check.js'), import('../output/config-report.js')]);
      const report = checkConfig(loaded, ctx.overrides());
      if (ctx.opts.json) return void ctx.out.emitJson(report);
      ctx.out.result(renderConfigCheck(report, ctx.out.c));
    }),
  );
}
