import type { Command } from 'commander';
import { ExitCode, toIntegrError, type ExitCodeValue } from '../errors.js';
import { redact } from '../config/redact.js';
import { CliContext } from './context.js';

/** What a command action returns: the exit code (0 when omitted). */
export type ActionResult = ExitCodeValue | void;

/**
 * Wrap a command action: build the context, run, map any failure to the SPEC exit code and
 * a one-line message (or `{ error: { code, message } }` with --json). The one place errors are printed.
 */
export function action<A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<ActionResult>) {
  return async (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const ctx = CliContext.fromCommand(cmd);
    try {
      const code = await fn(ctx, ...(args.slice(0, -1) as A));
      process.exitCode = code ?? ExitCode.OK;
    } catch (err) {
      process.exitCode = reportError(ctx, err);
    } finally {
      ctx.close();
    }
  };
}

export function reportError(ctx: CliContext, err: unknown): ExitCodeValue {
  const e = toIntegrError(err);
  const message = redact(e.message);
  if (ctx.opts.json) ctx.out.emitJson({ error: { code: e.code, message } });
  ctx.out.errorLine(`${ctx.out.cErr.red('integr:')} ${message}`);
  if (e.hint) ctx.out.errorLine(`  ${ctx.out.cErr.dim('hint:')} ${redact(e.hint)}`);
  if (e.code === 'UNEXPECTED' && e.cause instanceof Error && e.cause.stack) {
    if (ctx.opts.verbose) ctx.out.errorLine(redact(e.cause.stack));
    else if (!e.hint) ctx.out.errorLine(`  ${ctx.out.cErr.dim('hint:')} run with -v for the stack trace`);
  }
  return e.exitCode;
}
