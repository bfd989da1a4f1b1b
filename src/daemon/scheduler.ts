import { hostname } from 'node:os';
import type { LoadedConfig } from '../config/load.js';
import { ExitCode, toIntegrError } from '../errors.js';
import type { Store } from '../store/store.js';
import { nowIso } from '../store/time.js';
import type { Ticker } from './cron.js';
import type { JobCores, JobOutcome } from './job.js';
import { describeHolder, keepLock, type KeptLock } from './lock.js';
import type { DaemonLog } from './log.js';
import type { DaemonMetrics, ScheduleGaugeState } from './metrics.js';
import { describeTargets, seconds, type FinishedStatus, type RunEvent, type RunTrigger } from './run-event.js';
import type { Schedule } from './schedules.js';

export interface SchedulerDeps {
  cores: JobCores;
  loaded: LoadedConfig;
  store: Store;
  log: DaemonLog;
  metrics?: DaemonMetrics;
  /** Called after each finished run; must not throw (the notifier logs its own failures). */
  afterRun?: (event: RunEvent) => Promise<void>;
  tickerFor(schedule: Schedule): Ticker;
  lockTtlSec: number;
}

export interface ScheduleState extends ScheduleGaugeState {
  schedule: Schedule;
  runningSince: string | null;
  lastStatus: FinishedStatus | null;
  lastFinishedAt: string | null;
  /** When the ticker should fire next; a tick that is far past due means the schedule is not alive. */
  expectedNextAt: Date | null;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  rowId: number | null;
  lock: KeptLock | null;
  since: string;
}

interface Slot {
  schedule: Schedule;
  ticker: Ticker;
  running: Running | null;
  consecutiveFailures: number;
  lastStatus: FinishedStatus | null;
  lastFinishedAt: string | null;
  previous: 'success' | 'failure' | null;
  expectedNextAt: Date | null;
}

// History kept per schedule in schedule_runs; a daemon runs for months.
const KEEP_ROWS = 2000;

/**
 * Runs schedules: one run at a time per schedule (a tick that finds it running is skipped and logged),
 * one process at a time per schedule (a store lock), a catch-up run at start when a tick was missed,
 * and a stop that lets running jobs finish their current batch.
 */
export class Scheduler {
  private readonly slots: Slot[];
  private stopping = false;
  private readonly host = hostname();

  constructor(
    schedules: Schedule[],
    private readonly deps: SchedulerDeps,
  ) {
    this.slots = schedules.map((schedule) => {
      const history = deps.store.schedules.recentFinished(schedule.key, 100);
      const leadingFailures = history.findIndex((r) => r.status === 'success');
      return {
        schedule,
        ticker: deps.tickerFor(schedule),
        running: null,
        consecutiveFailures: leadingFailures === -1 ? history.length : leadingFailures,
        lastStatus: history[0] ? (history[0].status as FinishedStatus) : null,
        lastFinishedAt: history[0]?.finishedAt ?? null,
        previous: history[0] ? (history[0].status as 'success' | 'failure') : null,
        expectedNextAt: null,
      };
    });
  }

  /** Start the tickers, then run at once every schedule that missed a tick since its last success. */
  start(): void {
    const now = new Date();
    for (const slot of this.slots) {
      slot.ticker.start((scheduledFor) => {
        slot.expectedNextAt = slot.ticker.nextRun();
        void this.runOnce(slot, 'schedule', scheduledFor);
      });
      slot.expectedNextAt = slot.ticker.nextRun();
    }
    for (const slot of this.slots) {
      if (!slot.schedule.catchUp) continue;
      const last = this.deps.store.schedules.lastSuccess(slot.schedule.key);
      const missed = !last || slot.ticker.tickedBetween(new Date(last.startedAt), now);
      if (!missed) continue;
      this.deps.log.log('info', 'run.catch-up', `${slot.schedule.key}: ${last ? `no successful run since ${last.startedAt}` : 'no successful run on record'}; running once now`, {
        schedule: slot.schedule.key,
        lastSuccess: last?.startedAt ?? null,
      });
      void this.runOnce(slot, 'catch-up', now);
    }
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Stop new runs and ask running jobs to stop after their current batch. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (const slot of this.slots) {
      slot.ticker.stop();
      slot.running?.controller.abort();
    }
  }

  /** Wait for running jobs; true when all finished within timeoutMs. */
  async drain(timeoutMs: number): Promise<boolean> {
    const pending = this.slots.flatMap((s) => (s.running ? [s.running.done] : []));
    if (!pending.length) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((res) => (timer = setTimeout(() => res(false), timeoutMs)));
    const finished = await Promise.race([Promise.all(pending).then(() => true as const), timedOut]);
    clearTimeout(timer);
    return finished;
  }

  /**
   * Leave now (second signal, or the shutdown timeout passed): close the rows of runs still going as
   * cancelled and free their schedule locks. The cores' own journals stay as they are: every batch
   * they recorded is committed, and an interrupted run is recovered (re-read first) by the next one.
   */
  abandonRunning(reason: string): number {
    let n = 0;
    for (const slot of this.slots) {
      const r = slot.running;
      if (!r) continue;
      n++;
      try {
        if (r.rowId !== null) {
          this.deps.store.schedules.finish(r.rowId, {
            status: 'cancelled',
            exitCode: ExitCode.INTERRUPTED,
            summary: { ...this.baseSummary(slot), error: { code: 'INTERRUPTED', message: reason } },
          });
        }
      } finally {
        // The job may still settle while the process exits: it must not write this row again.
        r.rowId = null;
        r.lock?.release();
      }
    }
    return n;
  }

  states(): ScheduleState[] {
    return this.slots.map((s) => ({
      schedule: s.schedule,
      key: s.schedule.key,
      running: s.running !== null,
      runningSince: s.running?.since ?? null,
      nextRunAt: this.stopping ? null : s.ticker.nextRun(),
      expectedNextAt: s.expectedNextAt,
      consecutiveFailures: s.consecutiveFailures,
      lastStatus: s.lastStatus,
      lastFinishedAt: s.lastFinishedAt,
    }));
  }

  /** Resolves when the run (or the skip) is recorded. */
  private runOnce(slot: Slot, trigger: RunTrigger, scheduledFor: Date): Promise<void> {
    const { schedule } = slot;
    if (this.stopping) return Promise.resolve();
    if (slot.running) {
      this.skip(slot, 'overlap', trigger, scheduledFor, `still running since ${slot.running.since}`);
      return Promise.resolve();
    }
    const controller = new AbortController();
    const running: Running = { controller, done: Promise.resolve(), rowId: null, lock: null, since: nowIso() };
    slot.running = running;
    running.done = this.execute(slot, running, trigger, scheduledFor)
      .catch((err) => {
        // Only a broken store gets here (the job's own failures are outcomes); the daemon keeps going.
        this.deps.log.log('error', 'run.error', `${schedule.key}: could not record the run: ${toIntegrError(err).message}`, { schedule: schedule.key });
      })
      .finally(() => {
        if (slot.running === running) slot.running = null;
        running.lock?.release();
      });
    return running.done;
  }

  private skip(slot: Slot, reason: 'overlap' | 'locked', trigger: RunTrigger, scheduledFor: Date, detail: string): void {
    const key = slot.schedule.key;
    this.deps.log.log(reason === 'overlap' ? 'warn' : 'info', 'run.skipped', `${key}: tick of ${scheduledFor.toISOString()} skipped: ${detail}`, {
      schedule: key,
      reason,
      trigger,
      scheduledFor: scheduledFor.toISOString(),
      detail,
    });
    this.deps.store.schedules.skipped(key, { reason, trigger, scheduledFor: scheduledFor.toISOString(), detail, pid: process.pid, host: this.host });
    this.deps.metrics?.recordSkip(key, reason);
  }

  private baseSummary(slot: Slot): Record<string, unknown> {
    return { run: slot.schedule.run, pid: process.pid, host: this.host };
  }

  private async execute(slot: Slot, running: Running, trigger: RunTrigger, scheduledFor: Date): Promise<void> {
    const { schedule } = slot;
    const { store, log } = this.deps;
    const lockName = `schedule:${schedule.key}`;
    const got = keepLock(store.locks, lockName, {
      ttlSec: this.deps.lockTtlSec,
      purpose: `daemon schedule "${schedule.key}"`,
      onHeartbeatError: (err) => log.log('warn', 'lock.heartbeat', `${schedule.key}: could not renew the schedule lock: ${toIntegrError(err).message}`, { schedule: schedule.key }),
    });
    if (!got.ok) {
      slot.running = null;
      this.skip(slot, 'locked', trigger, scheduledFor, `another process runs it: ${describeHolder(got.holder)}`);
      return;
    }
    running.lock = got.lock;
    // We hold the schedule's lock, so a row still 'running' was left by a daemon that died.
    store.schedules.closeAbandoned(schedule.key, 'the daemon running it stopped before it finished');
    const startedAt = nowIso();
    running.since = startedAt;
    running.rowId = store.schedules.start(schedule.key, { ...this.baseSummary(slot), trigger, scheduledFor: scheduledFor.toISOString() }, startedAt);
    log.log('info', 'run.start', `${schedule.key}: started (${trigger}${trigger === 'schedule' ? ` ${scheduledFor.toISOString()}` : ''})`, {
      schedule: schedule.key,
      run: schedule.run,
      trigger,
      scheduledFor: scheduledFor.toISOString(),
      scheduleRunId: running.rowId,
    });

    let outcome: JobOutcome;
    try {
      outcome = await schedule.job.run({ cores: this.deps.cores, loaded: this.deps.loaded, store, log: log.adapter(), signal: running.controller.signal });
    } catch (err) {
      const e = toIntegrError(err);
      outcome = { exitCode: e.exitCode, cancelled: running.controller.signal.aborted, targets: [], error: { code: e.code, message: e.message } };
    }
    const finishedAt = nowIso();
    const durationMs = new Date(finishedAt).getTime() - new Date(startedAt).getTime();
    if (running.rowId === null) return;

    if (outcome.lockedBy && !outcome.cancelled) {
      // Every target was being synced by someone else (a manual run): nothing ran, nothing failed.
      store.schedules.finish(running.rowId, { status: 'skipped', exitCode: outcome.exitCode, summary: { ...this.baseSummary(slot), trigger, reason: 'locked', detail: outcome.lockedBy, targets: outcome.targets } });
      log.log('info', 'run.skipped', `${schedule.key}: nothing ran: ${outcome.lockedBy}`, { schedule: schedule.key, reason: 'locked', trigger, detail: outcome.lockedBy });
      this.deps.metrics?.recordSkip(schedule.key, 'locked');
      return;
    }

    const status: FinishedStatus = outcome.cancelled ? 'cancelled' : outcome.exitCode === ExitCode.OK ? 'success' : 'failure';
    const previous = slot.previous;
    if (status !== 'cancelled') {
      slot.consecutiveFailures = status === 'success' ? 0 : slot.consecutiveFailures + 1;
      slot.previous = status;
    }
    slot.lastStatus = status;
    slot.lastFinishedAt = finishedAt;
    store.schedules.finish(running.rowId, {
      status,
      exitCode: outcome.exitCode,
      summary: { ...this.baseSummary(slot), trigger, durationMs, targets: outcome.targets, ...(outcome.error ? { error: outcome.error } : {}) },
    });
    store.schedules.prune(schedule.key, KEEP_ROWS);
    running.lock?.release();

    this.deps.metrics?.recordRun(schedule.key, status, durationMs, outcome.targets, new Date(finishedAt));
    const event: RunEvent = {
      schedule: schedule.key,
      run: schedule.run,
      trigger,
      status,
      exitCode: outcome.exitCode,
      startedAt,
      finishedAt,
      durationMs,
      targets: outcome.targets,
      ...(outcome.error ? { error: outcome.error } : {}),
      consecutiveFailures: slot.consecutiveFailures,
      previous,
    };
    const detail = describeTargets(outcome.targets);
    log.log(
      status === 'failure' ? 'error' : 'info',
      'run.end',
      `${schedule.key}: ${status} in ${seconds(durationMs)} (exit ${outcome.exitCode})${detail ? ` — ${detail}` : ''}${outcome.error ? ` — ${outcome.error.message}` : ''}`,
      { ...event },
    );
    await this.deps.afterRun?.(event);
  }
}
