import type { TargetOutcome } from './job.js';

export type FinishedStatus = 'success' | 'failure' | 'cancelled';
export type RunTrigger = 'schedule' | 'catch-up';

/** One finished schedule run, as the log, the metrics and the notifier see it. */
export interface RunEvent {
  schedule: string;
  run: string;
  trigger: RunTrigger;
  status: FinishedStatus;
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  targets: TargetOutcome[];
  error?: { code: string; message: string };
  /** Failed runs in a row, this one included (0 after a success). */
  consecutiveFailures: number;
  /** How the schedule's previous finished run (success or failure) ended; null when it never ran. */
  previous: 'success' | 'failure' | null;
}

/** "3 changes, 3 pushed, 0 errors" per target, for the log line and the webhook text. */
export function describeTargets(targets: TargetOutcome[]): string {
  return targets
    .map((t) => (t.status === 'locked' ? `${t.name} locked by another process` : `${t.name} ${t.status}: ${t.changes} changes, ${t.pushed} pushed, ${t.errors} errors`))
    .join('; ');
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
