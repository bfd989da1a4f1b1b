import type { LoadedConfig } from '../config/load.js';
import { ExitCode } from '../errors.js';
import type { SyncMode, SyncReport } from '../sync/types.js';
import type { Job, JobOutcome, TargetOutcome } from './job.js';
import { parseFlags, RunLineProblem } from './run-line.js';

export const SYNC_USAGE = 'sync <channel...> | sync --all  [--dry-run | --check] [--max-changes <n>]';

/** `sync <channel...> | --all [--dry-run | --check] [--max-changes <n>] [--yes]`, run through the sync engine. */
export function parseSync(args: string[], loaded: LoadedConfig): Omit<Job, 'line'> {
  const { values, positionals } = parseFlags(
    'sync',
    args,
    {
      all: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      check: { type: 'boolean' },
      'max-changes': { type: 'string' },
      force: { type: 'boolean' },
      yes: { type: 'boolean' },
    },
    SYNC_USAGE,
  );
  if (values.force) {
    // A refusal (too many changes, too many zeros) is the one thing that must reach a person.
    throw new RunLineProblem('sync: --force is not allowed in a schedule; when a safety rule refuses a plan, look at it and run `integr sync --force` by hand');
  }
  if (values['dry-run'] && values.check) throw new RunLineProblem('sync: use either --dry-run or --check, not both');
  if (values.all && positionals.length) throw new RunLineProblem('sync: name channels or use --all, not both');
  const configured = Object.keys(loaded.config.channels);
  if (!values.all && !positionals.length) throw new RunLineProblem(`sync: name a channel (configured: ${configured.join(', ') || 'none'}) or use --all`);
  for (const name of positionals) {
    if (!configured.includes(name)) {
      throw new RunLineProblem(`sync: no channel named "${name}" in the config (configured: ${configured.join(', ') || 'none'})`);
    }
  }
  if (values.all && !configured.length) throw new RunLineProblem('sync --all: no channels are configured');
  let maxChanges: number | undefined;
  if (values['max-changes'] !== undefined) {
    maxChanges = Number(values['max-changes']);
    if (!Number.isInteger(maxChanges) || maxChanges < 0) throw new RunLineProblem(`sync: --max-changes must be a whole number >= 0, got "${values['max-changes']}"`);
  }
  const mode: SyncMode = values.check ? 'check' : values['dry-run'] ? 'dry-run' : 'push';
  const names: string[] | 'all' = values.all ? 'all' : [...new Set(positionals)];
  return {
    command: 'sync',
    channels: names === 'all' ? configured : names,
    carriers: [],
    imports: [],
    async run(ctx) {
      const reports = await ctx.cores.syncChannels({ loaded: ctx.loaded, store: ctx.store, log: ctx.log }, names, {
        mode,
        maxChanges,
        signal: ctx.signal,
        trigger: 'daemon',
        // A channel being synced by someone else is skipped this time, never waited for.
        lockWaitMs: 0,
      });
      const expected = names === 'all' ? configured.length : names.length;
      return syncOutcome(reports, ctx.signal.aborted && reports.length < expected);
    },
  };
}

/**
 * A sync job's result from its per-channel reports. Locked channels are not failures: someone else is
 * syncing them. `stoppedEarly`: an abort kept some channels from starting (they are not in the reports).
 */
export function syncOutcome(reports: SyncReport[], stoppedEarly = false): JobOutcome {
  const locked = reports.filter((r) => r.error?.code === 'LOCKED');
  const ran = reports.filter((r) => r.error?.code !== 'LOCKED');
  const targets: TargetOutcome[] = reports.map((r) => ({
    kind: 'channel',
    name: r.channel,
    status: r.error?.code === 'LOCKED' ? 'locked' : r.status,
    runId: r.runId,
    changes: r.changes,
    pushed: r.updated,
    errors: r.errors,
    durationMs: r.durationMs,
    ...(r.error ? { error: r.error } : {}),
  }));
  const cancelled = stoppedEarly || ran.some((r) => r.status === 'cancelled');
  const exitCode = ran.length ? Math.max(...ran.map((r) => r.exitCode)) : ExitCode.OK;
  const firstError = ran.find((r) => r.error)?.error;
  return {
    exitCode,
    cancelled,
    targets,
    ...(ran.length === 0 && locked.length ? { lockedBy: locked.map((r) => r.error?.message ?? r.channel).join('; ') } : {}),
    ...(firstError ? { error: firstError } : {}),
  };
}
