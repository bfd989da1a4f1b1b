import { hostname } from 'node:os';
import type { LoadedConfig } from '../config/load.js';
import { configError, ExitCode, type ExitCodeValue } from '../errors.js';
import type { Store } from '../store/store.js';
import type { JobCores } from './job.js';
import { CronClock, type Ticker } from './cron.js';
import { healthReport, startHealthServer, type HealthServer } from './health.js';
import { DAEMON_LOCK_PREFIX, keepLock, type KeptLock } from './lock.js';
import type { DaemonLog } from './log.js';
import { DaemonMetrics } from './metrics.js';
import { Notifier, webhookOrigin } from './notify.js';
import { Scheduler } from './scheduler.js';
import { validateSchedules, type Schedule } from './schedules.js';
import { onShutdownSignals } from './shutdown.js';

export interface DaemonOptions {
  loaded: LoadedConfig;
  store: Store;
  cores: JobCores;
  log: DaemonLog;
  /** --health-port (0: any free port); overrides daemon.healthPort. */
  healthPort?: number;
  /** Tests drive schedules by hand; the daemon uses node-cron. */
  tickerFor?: (schedule: Schedule) => Ticker;
}

export interface RunningDaemon {
  scheduler: Scheduler;
  metrics: DaemonMetrics;
  health: HealthServer | null;
  /** Stop new runs, wait for running ones up to timeoutMs; true when they all finished. */
  stop(timeoutMs: number): Promise<boolean>;
  /** Leave now: record running runs as cancelled, free locks. */
  abandon(reason: string): void;
  /** Close the health server and the presence lock. */
  close(): Promise<void>;
}

/** Validate the schedules, open the health endpoint, start the scheduler. Throws config errors (exit 2) before anything runs. */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const { loaded, store, log } = options;
  const schedules = validateSchedules(loaded);
  if (!schedules.length) {
    throw configError('no schedules in the config: nothing for the daemon to run', 'add e.g. `schedules: [{ cron: "0 * * * *", run: "sync sandbox" }]` to .integrationsrc');
  }
  const settings = loaded.config.daemon;
  const startedAt = new Date();
  const tickerFor =
    options.tickerFor ??
    ((s: Schedule) =>
      new CronClock(s.cron, s.timezone, {
        name: s.key,
        logger: {
          info: (m) => log.log('debug', 'cron', `${s.key}: ${m}`),
          warn: (m) => log.log('warn', 'cron', `${s.key}: ${m}`),
          error: (m) => log.log('error', 'cron', `${s.key}: ${m instanceof Error ? m.message : m}`),
          debug: (m) => log.log('debug', 'cron', `${s.key}: ${m instanceof Error ? m.message : m}`),
        },
        onMissed: (at) => log.log('warn', 'run.missed', `${s.key}: the tick of ${at.toISOString()} came too late to run (the process was blocked)`, { schedule: s.key, scheduledFor: at.toISOString() }),
      }));

  let scheduler: Scheduler | undefined;
  const metrics = new DaemonMetrics(() => scheduler?.states() ?? [], startedAt);
  const notifier = loaded.config.notify ? new Notifier(loaded.config.notify, log, { onResult: (ok) => metrics.recordNotification(ok) }) : null;
  scheduler = new Scheduler(schedules, {
    cores: options.cores,
    loaded,
    store,
    log,
    metrics,
    afterRun: notifier ? (e) => notifier.afterRun(e) : undefined,
    tickerFor,
    lockTtlSec: settings.lockTtl,
  });
  const running = scheduler;

  metrics.declare(
    schedules.map((s) => s.key),
    schedules.flatMap((s) => [...s.job.channels.map((name) => ({ kind: 'channel' as const, name })), ...s.job.carriers.map((name) => ({ kind: 'carrier' as const, name }))]),
  );
  for (const s of schedules) {
    const last = store.schedules.lastSuccess(s.key);
    if (last?.finishedAt) metrics.seedLastSuccess(s.key, new Date(last.finishedAt));
  }
  for (const name of new Set(schedules.flatMap((s) => s.job.channels))) {
    const done = store.runs.recent(name, 50).find((r) => r.status === 'completed' && r.finishedAt);
    if (done?.finishedAt) metrics.seedTargetLastSuccess('channel', name, new Date(done.finishedAt));
  }

  const port = options.healthPort ?? settings.healthPort;
  const health =
    port === undefined
      ? null
      : await startHealthServer(port, { health: () => healthReport(running.states(), running.isStopping, new Date(), startedAt), metrics: () => metrics.render() }, log);

  const presence: KeptLock | null = (() => {
    const got = keepLock(store.locks, `${DAEMON_LOCK_PREFIX}${hostname()}:${process.pid}`, { ttlSec: settings.lockTtl, purpose: `integr daemon (${schedules.length} schedules)` });
    return got.ok ? got.lock : null;
  })();

  log.log('info', 'daemon.start', `integr daemon started (pid ${process.pid}): ${schedules.length} schedule(s)${health ? `, health on http://127.0.0.1:${health.port}` : ''}`, {
    pid: process.pid,
    healthPort: health?.port ?? null,
    store: store.path,
    notify: loaded.config.notify ? webhookOrigin(loaded.config.notify.url) : null,
    schedules: running.states().map((s) => ({ name: s.key, cron: s.schedule.cron, timezone: s.schedule.timezone ?? null, nextRunAt: s.nextRunAt?.toISOString() ?? null })),
  });

  running.start();

  return {
    scheduler: running,
    metrics,
    health,
    stop: (timeoutMs) => {
      running.stop();
      return running.drain(timeoutMs);
    },
    abandon: (reason) => {
      running.stop();
      running.abandonRunning(reason);
    },
    close: async () => {
      await health?.close();
      presence?.release();
    },
  };
}

/**
 * The daemon's main loop: run until SIGTERM/SIGINT. The first signal stops new runs and lets running
 * ones finish their current batch (exit 0 once they have, within daemon.shutdownTimeout); a second
 * signal, or the timeout, leaves at once with exit 130.
 */
export async function runDaemon(options: DaemonOptions): Promise<ExitCodeValue> {
  const { log, store } = options;
  const daemon = await startDaemon(options);
  const signals = onShutdownSignals();
  try {
    const first = await signals.next();
    const timeoutSec = options.loaded.config.daemon.shutdownTimeout;
    const busy = daemon.scheduler.states().filter((s) => s.running).map((s) => s.key);
    log.log('info', 'daemon.stopping', `${first}: stopping${busy.length ? `; waiting up to ${timeoutSec} s for ${busy.join(', ')} to finish the current batch` : ''}`, { signal: first, waitingFor: busy });
    const outcome = await Promise.race([daemon.stop(timeoutSec * 1000).then((done) => (done ? 'drained' : 'timeout')), signals.next().then(() => 'second-signal' as const)]);
    if (outcome !== 'drained') {
      const reason = outcome === 'timeout' ? `daemon.shutdownTimeout (${timeoutSec} s) passed` : 'a second signal';
      daemon.abandon(`stopped by ${reason} before the run finished`);
      log.log('warn', 'daemon.stopped', `stopped at once (${reason}); runs in progress are recorded as cancelled`, { exitCode: ExitCode.INTERRUPTED });
      await Promise.race([daemon.close(), new Promise((r) => setTimeout(r, 500))]);
      store.close();
      // Work still in flight (an HTTP request) must not keep the process: every batch already journalled is committed.
      process.exit(ExitCode.INTERRUPTED);
    }
    await daemon.close();
    log.log('info', 'daemon.stopped', 'stopped cleanly', { exitCode: ExitCode.OK });
    return ExitCode.OK;
  } finally {
    signals.dispose();
  }
}
