// How a run's status word counts in a success rate. Shared by sync runs (sync_runs) and shipment
// tracking runs (shipment_runs), whose status words overlap.

export type RunVerdict = 'success' | 'failure' | 'ignored';

/**
 * completed is a success. Everything that needs a person's look is a failure: item errors, a refusal by
 * a safety rule, drift found by --check, a failed or interrupted run. A run stopped on purpose
 * (cancelled) or still running says nothing about health and is left out.
 */
export function runVerdict(status: string): RunVerdict {
  if (status === 'completed') return 'success';
  if (status === 'cancelled' || status === 'running') return 'ignored';
  return 'failure';
}

export interface RunRecord {
  status: string;
}

export interface HistorySummary {
  /** Finished runs counted (at most the window). */
  counted: number;
  successes: number;
  /** successes / counted; null when nothing was counted. */
  successRate: number | null;
  /** Failures since the newest success, over every run given (not only the window). */
  consecutiveFailures: number;
}

/** Summarise runs given newest first: the success rate over the newest `window` finished runs. */
export function summarizeRuns(runs: readonly RunRecord[], window = 20): HistorySummary {
  const finished = runs.filter((r) => runVerdict(r.status) !== 'ignored');
  const counted = finished.slice(0, window);
  const successes = counted.filter((r) => runVerdict(r.status) === 'success').length;
  const firstSuccess = finished.findIndex((r) => runVerdict(r.status) === 'success');
  return {
    counted: counted.length,
    successes,
    successRate: counted.length ? successes / counted.length : null,
    consecutiveFailures: firstSuccess === -1 ? finished.length : firstSuccess,
  };
}
