import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LoadedConfig } from '../config/load.js';
import { ExitCode } from '../errors.js';
import type { SyncMode, SyncReport } from '../sync/types.js';
import type { Job, JobOutcome, TargetOutcome } from './job.js';
import { RunLineProblem, splitRunLine } from './run-line.js';

/** One entry per command a schedule may run. */
interface CommandKind {
  /** The words that start the line, e.g. ['shipments', 'sync']. */
  words: string[];
  usage: string;
  parse(args: string[], loaded: LoadedConfig): Omit<Job, 'line'>;
}

const commandKinds: CommandKind[] = [
  {
    words: ['sync'],
    usage: 'sync <channel...> | sync --all  [--dry-run | --check] [--max-changes <n>]',
    parse: parseSync,
  },
  unavailable(['import'], 'import <file.xlsx> [--type ...]', 'the import core'),
  unavailable(['shipments', 'sync'], 'shipments sync [--carrier <name>]', 'the shipments core'),
];

function unavailable(words: string[], usage: string, what: string): CommandKind {
  return {
    words,
    usage,
    parse() {
      throw new RunLineProblem(`"${words.join(' ')}" is not available in this build of integr (${what} is not part of it yet)`);
    },
  };
}

/** Parse a schedule's `run` line into a job; throws RunLineProblem saying what is wrong. */
export function parseRunLine(line: string, loaded: LoadedConfig): Job {
  let words = splitRunLine(line);
  // "integr sync wix" reads naturally in a config; the program name adds nothing.
  if (words[0] === 'integr') words = words.slice(1);
  if (!words.length) throw new RunLineProblem('the run line is empty');
  const kind = commandKinds
    .filter((k) => k.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
  if (!kind) {
    throw new RunLineProblem(`"${words[0]}" cannot be scheduled; a schedule runs one of: ${commandKinds.map((k) => k.words.join(' ')).join(', ')}`);
  }
  return { ...kind.parse(words.slice(kind.words.length), loaded), line };
}

function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const flag = /'([^']+)'/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new RunLineProblem(`${command}: unknown option ${flag ?? ''} (usage: ${usage})`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new RunLineProblem(`${command}: option ${flag?.split(' ')[0] ?? ''} needs a value (usage: ${usage})`);
    throw new RunLineProblem(`${command}: ${e.message}`);
  }
}

function parseSync(args: string[], loaded: LoadedConfig): Omit<Job, 'line'> {
  const usage = commandKinds[0].usage;
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
    usage,
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
