import cron, { type Logger, type ScheduledTask } from 'node-cron';

/** What the scheduler needs from a clock; tests drive a manual one, the daemon a node-cron one. */
export interface Ticker {
  /** Call onTick at each scheduled time until stop(). */
  start(onTick: (scheduledFor: Date) => void): void;
  stop(): void;
  /** The next scheduled time after now. */
  nextRun(): Date | null;
  /** True when at least one scheduled time fell strictly after `since` and not after `until`. */
  tickedBetween(since: Date, until: Date): boolean;
}

/** The problem with a cron expression, in words, or null when it is valid. */
export function cronProblem(expression: string): string | null {
  const v = cron.validateDetailed(expression);
  if (v.valid) return null;
  const e = v.errors[0];
  if (!e) return `invalid cron expression "${expression}"`;
  if (e.field === 'expression') return `invalid cron expression "${expression}": ${e.message} (second? minute hour day-of-month month day-of-week)`;
  return `invalid cron expression "${expression}": the ${e.field} field "${e.value ?? ''}" is not valid${/impossible/.test(e.message) ? ` (${e.message})` : ''}`;
}

/** The problem with an IANA time zone name, or null when Node knows it. */
export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return null;
  } catch {
    return `unknown time zone "${timezone}" (use an IANA name such as Europe/Istanbul or UTC)`;
  }
}

// A late tick still runs when it comes within this long of its time (node-cron's default, 1 s, would drop
// an hourly sync whenever the event loop was busy at the full hour); never beyond the next tick.
const LATE_TICK_TOLERANCE_MS = 60_000;
// How far ahead to look when estimating a schedule's longest gap between ticks.
const GAP_SAMPLE = 60;
// Bound on the per-minute (or per-second) walk in tickedBetween: ~2 s of CPU at worst, once per start.
const MAX_WALK_STEPS = 100_000;

/** A cron expression in a time zone, backed by node-cron (seconds field optional). */
export class CronClock implements Ticker {
  private readonly task: ScheduledTask;
  private readonly stepMs: number;
  private onTick: ((scheduledFor: Date) => void) | null = null;

  constructor(
    readonly expression: string,
    readonly timezone: string | undefined,
    options: { name?: string; logger?: Logger; onMissed?: (scheduledFor: Date) => void } = {},
  ) {
    this.task = cron.createTask(expression, (ctx) => this.onTick?.(ctx.date), {
      name: options.name,
      timezone,
      logger: options.logger,
      missedExecutionTolerance: LATE_TICK_TOLERANCE_MS,
      suppressMissedWarning: Boolean(options.onMissed),
    });
    if (options.onMissed) this.task.on('execution:missed', (ctx) => options.onMissed?.(ctx.date));
    const seconds = cron.parse(expression).second;
    // Schedules that only fire at second 0 are walked minute by minute, the others second by second.
    this.stepMs = seconds.length === 1 && seconds[0] === 0 ? 60_000 : 1000;
  }

  start(onTick: (scheduledFor: Date) => void): void {
    this.onTick = onTick;
    void this.task.start();
  }

  stop(): void {
    this.onTick = null;
    void this.task.destroy();
  }

  nextRun(): Date | null {
    return this.task.getNextRuns(1)[0] ?? null;
  }

  tickedBetween(since: Date, until: Date): boolean {
    const elapsed = until.getTime() - since.getTime();
    if (elapsed <= 0) return false;
    // Fast path: a stretch longer than every gap between the coming ticks must contain one.
    const coming = this.task.getNextRuns(GAP_SAMPLE);
    let longestGap = 0;
    for (let i = 1; i < coming.length; i++) longestGap = Math.max(longestGap, coming[i].getTime() - coming[i - 1].getTime());
    if (longestGap > 0 && elapsed > longestGap) return true;
    const start = Math.floor(since.getTime() / this.stepMs) * this.stepMs + this.stepMs;
    return this.walk(start, until.getTime());
  }

  private walk(fromMs: number, untilMs: number): boolean {
    let steps = 0;
    for (let t = fromMs; t <= untilMs && steps < MAX_WALK_STEPS; t += this.stepMs, steps++) {
      if (this.task.match(new Date(t))) return true;
    }
    return false;
  }
}
