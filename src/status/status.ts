import type { LoadedConfig } from '../config/load.js';
import { toIntegrError } from '../errors.js';
import { CronClock } from '../daemon/cron.js';
import { DAEMON_LOCK_PREFIX } from '../daemon/lock.js';
import { validateSchedule } from '../daemon/schedules.js';
import type { LockHolder } from '../store/locks.js';
import type { Store } from '../store/store.js';
import { summarizeRuns } from './history.js';

/** Runs read per channel: the success rate uses the newest 20, consecutive failures may go further back. */
const HISTORY_READ = 100;
export const SUCCESS_WINDOW = 20;

export interface LastRun {
  runId: number;
  status: string;
  mode?: string;
  startedAt: string;
  finishedAt: string | null;
  changes: number;
  errors: number;
  durationMs: number | null;
}

export interface TargetStatus {
  name: string;
  type: string;
  lastRun: LastRun | null;
  /** Share of successful runs among the newest (at most 20) finished ones; null before the first. */
  successRate: number | null;
  runsCounted: number;
  consecutiveFailures: number;
  /** The soonest time a schedule runs this channel/carrier; null without one. */
  nextRunAt: string | null;
  schedules: string[];
  /** Who is running it right now (its lock), if anyone. */
  runningNow: { pid: number; host: string; purpose: string | null; since: string } | null;
}

export interface ScheduleStatus {
  name: string;
  run: string;
  cron: string;
  timezone: string | null;
  nextRunAt: string | null;
  lastRun: { status: string; startedAt: string; finishedAt: string | null; exitCode: number | null } | null;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
  /** The schedule is invalid: what `integr daemon` would refuse it for. */
  error?: string;
}

export interface StatusReport {
  generatedAt: string;
  channels: TargetStatus[];
  carriers: TargetStatus[];
  schedules: ScheduleStatus[];
  daemons: { pid: number; host: string; since: string; heartbeatAt: string }[];
}

interface ParsedSchedule {
  status: ScheduleStatus;
  channels: string[];
  carriers: string[];
}

/** `integr status`: per channel and carrier the last run, success rate, failures in a row and the next scheduled run. */
export function collectStatus(loaded: LoadedConfig, store: Store, now: Date = new Date()): StatusReport {
  const live = store.locks.list().filter((l) => new Date(l.expiresAt).getTime() > now.getTime());
  const lockOf = (name: string): TargetStatus['runningNow'] => {
    const l: LockHolder | undefined = live.find((x) => x.name === name);
    return l ? { pid: l.pid, host: l.host, purpose: l.purpose, since: l.acquiredAt } : null;
  };
  const schedules = loaded.config.schedules.map((_, index) => scheduleStatus(loaded, store, index));
  const nextFor = (pick: (s: ParsedSchedule) => string[], name: string) => {
    const mine = schedules.filter((s) => pick(s).includes(name));
    const times = mine.map((s) => s.status.nextRunAt).filter((t): t is string => t !== null).sort();
    return { nextRunAt: times[0] ?? null, schedules: mine.map((s) => s.status.name) };
  };

  const channels: TargetStatus[] = Object.entries(loaded.config.channels).map(([name, cfg]) => {
    const runs = store.runs.recent(name, HISTORY_READ);
    const summary = summarizeRuns(runs, SUCCESS_WINDOW);
    const last = runs[0];
    return {
      name,
      type: cfg.type,
      lastRun: last
        ? { runId: last.id, status: last.status, mode: last.mode, startedAt: last.startedAt, finishedAt: last.finishedAt, changes: last.changes, errors: last.errors, durationMs: last.durationMs }
        : null,
      successRate: summary.successRate,
      runsCounted: summary.counted,
      consecutiveFailures: summary.consecutiveFailures,
      ...nextFor((s) => s.channels, name),
      runningNow: lockOf(`sync:${name}`),
    };
  });

  return {
    generatedAt: now.toISOString(),
    channels,
    carriers: [],
    schedules: schedules.map((s) => s.status),
    daemons: live
      .filter((l) => l.name.startsWith(DAEMON_LOCK_PREFIX))
      .map((l) => ({ pid: l.pid, host: l.host, since: l.acquiredAt, heartbeatAt: l.heartbeatAt })),
  };
}

function scheduleStatus(loaded: LoadedConfig, store: Store, index: number): ParsedSchedule {
  const entry = loaded.config.schedules[index];
  const key = entry.name ?? entry.run.trim();
  const history = store.schedules.recent(key, HISTORY_READ).filter((r) => r.status !== 'skipped');
  const last = history[0];
  const lastSuccess = history.find((r) => r.status === 'success');
  const finished = history.filter((r) => r.status === 'success' || r.status === 'failure');
  const firstSuccess = finished.findIndex((r) => r.status === 'success');
  const base: ScheduleStatus = {
    name: key,
    run: entry.run,
    cron: entry.cron,
    timezone: entry.timezone ?? null,
    nextRunAt: null,
    lastRun: last ? { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, exitCode: last.exitCode } : null,
    lastSuccessAt: lastSuccess?.startedAt ?? null,
    consecutiveFailures: firstSuccess === -1 ? finished.length : firstSuccess,
  };
  try {
    const schedule = validateSchedule(loaded, index);
    const clock = new CronClock(schedule.cron, schedule.timezone);
    try {
      base.nextRunAt = clock.nextRun()?.toISOString() ?? null;
    } finally {
      clock.stop();
    }
    return { status: base, channels: schedule.job.channels, carriers: schedule.job.carriers };
  } catch (err) {
    return { status: { ...base, error: toIntegrError(err).message }, channels: [], carriers: [] };
  }
}
