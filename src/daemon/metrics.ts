import { version } from '../version.js';
import type { ScheduleRunStatus } from '../store/schedules.js';
import type { TargetOutcome } from './job.js';
import { Registry, type Counter, type Gauge, type Histogram } from './prometheus.js';

// Run durations from a few seconds (a small sandbox) to an hour (a first full sync of a large catalog).
const DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** Per target kind: the metric prefix and the label naming the target. */
const KINDS = {
  channel: { prefix: 'integr_sync', label: 'channel', what: 'sync runs', pushed: 'stock items pushed to the channel' },
  carrier: { prefix: 'integr_shipments', label: 'carrier', what: 'shipment tracking runs', pushed: 'shipments whose status changed' },
  import: { prefix: 'integr_import', label: 'source', what: 'scheduled imports', pushed: 'rows written to the store' },
} as const;

interface KindFamilies {
  runs: Counter;
  pushed: Counter;
  changes: Counter;
  errors: Counter;
  lastSuccess: Gauge;
  duration: Histogram;
}

export interface ScheduleGaugeState {
  key: string;
  running: boolean;
  nextRunAt: Date | null;
  consecutiveFailures: number;
}

/** What /metrics shows: counters since this daemon started, gauges read when scraped. */
export class DaemonMetrics {
  private readonly registry = new Registry();
  private readonly scheduleRuns: Counter;
  private readonly scheduleSkips: Counter;
  private readonly scheduleDuration: Histogram;
  private readonly scheduleLastSuccess: Gauge;
  private readonly scheduleRunning: Gauge;
  private readonly scheduleNextRun: Gauge;
  private readonly scheduleFailures: Gauge;
  private readonly notifications: Counter;
  private readonly kinds: Record<keyof typeof KINDS, KindFamilies>;

  constructor(
    private readonly scheduleState: () => ScheduleGaugeState[],
    startedAt: Date = new Date(),
  ) {
    const r = this.registry;
    r.gauge('integr_build_info', 'integr version running this daemon (always 1).', ['version']).set({ version }, 1);
    r.gauge('integr_daemon_start_time_seconds', 'When this daemon started (Unix time).').set({}, startedAt.getTime() / 1000);
    this.scheduleRuns = r.counter('integr_schedule_runs_total', 'Schedule runs by result (success, failure, cancelled, skipped).', ['schedule', 'result']);
    this.scheduleSkips = r.counter('integr_schedule_skips_total', 'Ticks that did not run: overlap (still running) or locked (another process runs it).', ['schedule', 'reason']);
    this.scheduleDuration = r.histogram('integr_schedule_run_duration_seconds', 'How long schedule runs took.', ['schedule'], DURATION_BUCKETS);
    this.scheduleLastSuccess = r.gauge('integr_schedule_last_success_timestamp_seconds', 'When the schedule last succeeded (Unix time).', ['schedule']);
    this.scheduleRunning = r.gauge('integr_schedule_running', '1 while the schedule is running.', ['schedule']);
    this.scheduleNextRun = r.gauge('integr_schedule_next_run_timestamp_seconds', 'When the schedule runs next (Unix time).', ['schedule']);
    this.scheduleFailures = r.gauge('integr_schedule_consecutive_failures', 'Failed runs in a row (0 after a success).', ['schedule']);
    this.notifications = r.counter('integr_notifications_total', 'Webhook notifications by result (sent, failed).', ['result']);
    const families = (k: keyof typeof KINDS): KindFamilies => {
      const { prefix, label, what, pushed } = KINDS[k];
      return {
        runs: r.counter(`${prefix}_runs_total`, `Daemon ${what} by ${label} and result.`, [label, 'result']),
        pushed: r.counter(`${prefix}_items_pushed_total`, `Items written by daemon ${what}: ${pushed}.`, [label]),
        changes: r.counter(`${prefix}_changes_total`, `Changes planned by daemon ${what}.`, [label]),
        errors: r.counter(`${prefix}_errors_total`, `Item errors in daemon ${what}.`, [label]),
        lastSuccess: r.gauge(`${prefix}_last_success_timestamp_seconds`, `When the last ${what.replace(/s$/, '')} that completed finished (Unix time).`, [label]),
        duration: r.histogram(`${prefix}_run_duration_seconds`, `How long daemon ${what} took.`, [label], DURATION_BUCKETS),
      };
    };
    this.kinds = { channel: families('channel'), carrier: families('carrier'), import: families('import') };
  }

  /** Known schedules and targets show up at 0 from the first scrape. */
  declare(scheduleKeys: string[], targets: { kind: keyof typeof KINDS; name: string }[]): void {
    for (const key of scheduleKeys) {
      this.scheduleRuns.touch({ schedule: key, result: 'success' });
      this.scheduleRuns.touch({ schedule: key, result: 'failure' });
    }
    for (const t of targets) {
      const f = this.kinds[t.kind];
      const l = { [KINDS[t.kind].label]: t.name };
      f.pushed.touch(l);
      f.errors.touch(l);
    }
  }

  /** Seed "last success" gauges from the store, so a restart does not look like a long outage. */
  seedLastSuccess(schedule: string, at: Date): void {
    this.scheduleLastSuccess.set({ schedule }, at.getTime() / 1000);
  }

  seedTargetLastSuccess(kind: keyof typeof KINDS, name: string, at: Date): void {
    this.kinds[kind].lastSuccess.set({ [KINDS[kind].label]: name }, at.getTime() / 1000);
  }

  recordRun(schedule: string, status: Exclude<ScheduleRunStatus, 'running' | 'skipped'>, durationMs: number, targets: TargetOutcome[], finishedAt: Date): void {
    this.scheduleRuns.inc({ schedule, result: status });
    this.scheduleDuration.observe({ schedule }, durationMs / 1000);
    if (status === 'success') this.scheduleLastSuccess.set({ schedule }, finishedAt.getTime() / 1000);
    for (const t of targets) {
      const f = this.kinds[t.kind];
      const l = { [KINDS[t.kind].label]: t.name };
      f.runs.inc({ ...l, result: t.status });
      if (t.status === 'locked') continue;
      f.pushed.inc(l, t.pushed);
      f.changes.inc(l, t.changes);
      f.errors.inc(l, t.errors);
      f.duration.observe(l, t.durationMs / 1000);
      if (t.status === 'completed') f.lastSuccess.set(l, finishedAt.getTime() / 1000);
    }
  }

  recordSkip(schedule: string, reason: 'overlap' | 'locked'): void {
    this.scheduleRuns.inc({ schedule, result: 'skipped' });
    this.scheduleSkips.inc({ schedule, reason });
  }

  recordNotification(ok: boolean): void {
    this.notifications.inc({ result: ok ? 'sent' : 'failed' });
  }

  render(): string {
    for (const s of this.scheduleState()) {
      this.scheduleRunning.set({ schedule: s.key }, s.running ? 1 : 0);
      this.scheduleFailures.set({ schedule: s.key }, s.consecutiveFailures);
      if (s.nextRunAt) this.scheduleNextRun.set({ schedule: s.key }, Math.floor(s.nextRunAt.getTime() / 1000));
    }
    return this.registry.render();
  }
}
