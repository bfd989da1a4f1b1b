import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { ExitCode, type ExitCodeValue } from '../errors.js';

export function registerDoctor(program: Command): void {
  withExamples(
    program
      .command('doctor')
      .argument('[name...]', 'channels or carriers to check (default: all configured)')
      .description('check Node, config, store, and each channel/carrier with one read-only call'),
    ['integr doctor', 'integr doctor wix --json'],
  ).action(
    action(async (ctx, names: string[]) => {
      const { runDoctor } = await import('../doctor/doctor.js');
      const checks = await runDoctor({ configPath: ctx.opts.config, dbPath: ctx.opts.db, names, log: ctx.out });
      const failed = checks.filter((c) => !c.ok);
      if (ctx.opts.json) ctx.out.emitJson({ ok: failed.length === 0, checks });
      else {
        for (const c of checks) ctx.out.result(`${c.ok ? ctx.out.c.green('ok  ') : ctx.out.c.red('FAIL')}  ${c.name.padEnd(18)} ${c.detail}`);
      }
      if (!failed.length) return ExitCode.OK;
      // The most serious failure decides: remote problems (5) over config/store problems (2).
      return Math.max(...failed.map((c) => c.exitCode ?? ExitCode.UNEXPECTED)) as ExitCodeValue;
    }),
  );
}
