import { hostname } from 'node:os';
import type { ImportJobRecord } from '../store/import-jobs.js';
import { pidAlive } from '../pid-alive.js';

/** A running job refreshes heartbeat_at at least this often. */
export const HEARTBEAT_MS = 15_000;
/** A heartbeat older than this means the process is gone (or hung), wherever it ran. */
export const STALE_AFTER_MS = 120_000;

export const thisHost = (): string => hostname();


/**
 * A job still marked running whose process is gone: killed, crashed, or the machine went
 * down. On this host the pid tells; elsewhere only the heartbeat can.
 */
export function isInterrupted(job: ImportJobRecord, now = Date.now()): boolean {
  if (job.status !== 'running') return false;
  const beat = job.heartbeatAt ? Date.parse(job.heartbeatAt) : Date.parse(job.startedAt);
  if (now - beat > STALE_AFTER_MS) return true;
  if (job.host === thisHost() && job.pid !== null) return job.pid !== process.pid && !pidAlive(job.pid);
  return false;
}

/** Status as people should see it: a dead "running" job is "interrupted". */
export function displayStatus(job: ImportJobRecord): string {
  return isInterrupted(job) ? 'interrupted' : job.status;
}
