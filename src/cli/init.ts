import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { writeExampleConfig } from '../config/init.js';

export function registerInit(program: Command): void {
  withExamples(
    program
      .command('init')
      .description('write .integrationsrc from the documented example (never overwrites without --force)')
      .option('--force', 'overwrite an existing .integrationsrc')
      .option('--path <file>', 'where to write it', '.integrationsrc'),
    ['integr init', 'integr init --force && integr config check'],
  ).action(
    action(async (ctx, opts: { force?: boolean; path: string }) => {
      const written = writeExampleConfig(opts.path, Boolean(opts.force));
      if (ctx.opts.json) ctx.out.emitJson({ written });
      else ctx.out.result(`wrote ${written}\nnext: add your channels and carriers (credentials as \${VAR} references), then run \`integr config check\``);
    }),
  );
}
