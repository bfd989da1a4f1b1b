import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { renderTable } from '../output/table.js';

export function registerConfig(program: Command): void {
  const config = withExamples(program.command('config').description('inspect the configuration'), ['integr config check']);
  withExamples(
    config.command('check').description('validate the config; print the effective values (secrets masked) and where each came from'),
    ['integr config check', 'integr -c ./prod.integrationsrc.yaml config check --json'],
  ).action(
    action(async (ctx) => {
      const loaded = await ctx.config();
      const { effectiveValues, maskedConfig } = await import('../config/effective.js');
      const overrides = ctx.overrides();
      const values = effectiveValues(loaded, overrides);
      if (ctx.opts.json) {
        ctx.out.emitJson({ valid: true, file: loaded.filepath, config: maskedConfig(loaded, overrides), values });
        return;
      }
      const show = (v: unknown) =>
        Array.isArray(v) && v.every((x) => typeof x !== 'object') ? `[${v.join(', ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
      ctx.out.result(
        `${ctx.out.c.green('config is valid')} (${loaded.filepath ?? 'no config file found: defaults'})\n\n` +
          renderTable(['key', 'value', 'source'], values.map((v) => [v.path, show(v.value), v.source])),
      );
    }),
  );
}
