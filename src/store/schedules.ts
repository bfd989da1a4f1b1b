import type { Db } from './db.js';
import { nowIso } from './time.js';

/**
 * running: in progress · success: exit 0 · failure: anything else · skipped: the tick came while the schedule
 * was still running or another process held its lock · cancelled: stopped by a signal between batches.
 */
export type ScheduleRunStatus = 'running' | 'success' | 'failure' | 'skipped' | 'cancelled';

export interface ScheduleRunRow {
  id: number;
  schedule: string;
  startedAt: string;
  finishedAt: string | null;
  status: ScheduleRunStatus;
  exitCode: number | null;
  summary: Record<string, unknown> | null;
}

const COLUMNS = 'id, schedule, started_at AS startedAt, finished_at AS finishedAt, status, exit_code AS exitCode, summary';
type Raw = Omit<ScheduleRunRow, 'summary'> & { summary: string | null };
const decode = (r: Raw): ScheduleRunRow => ({ ...r, summary: r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null });

/** schedule_runs: when each daemon schedule ran and how it ended (catch-up, status, notifications). */
export class ScheduleRunsRepo {
  constructor(private readonly db: Db) {}

  start(schedule: string, summary: Record<string, unknown>, startedAt = nowIso()): number {
    const r = this.db
      .prepare(`INSERT INTO schedule_runs (schedule, started_at, status, summary) VALUES (?, ?, 'running', ?)`)
      .run(schedule, startedAt, JSON.stringify(summary));
    return Number(r.lastInsertRowid);
  }

  finish(id: number, result: { status: Exclude<ScheduleRunStatus, 'running'>; exitCode: number; summary: Record<string, unknown> }): void {
    this.db
      .prepare(`UPDATE schedule_runs SET status = ?, finished_at = ?, exit_code = ?, summary = ? WHERE id = ?`)
      .run(result.status, nowIso(), result.exitCode, JSON.stringify(result.summary), id);
  }

  /** A tick that did not run; recorded so `status` and the tests can see it. */
  skipped(schedule: string, summary: Record<string, unknown>): number {
    const now = nowIso();
    const r = this.db
      .prepare(`INSERT INTO schedule_runs (schedule, started_at, finished_at, status, summary) VALUES (?, ?, ?, 'skipped', ?)`)
      .run(schedule, now, now, JSON.stringify(summary));
    return Number(r.lastInsertRowid);
  }

  /**
   * Rows still 'running' belong to a daemon that died without finishing them (the caller holds the
   * schedule's lock, so no live process is running it): close them as failures.
   */
  closeAbandoned(schedule: string, reason: string): number {
    const now = nowIso();
    const rows = this.db.prepare(`SELECT id, summary FROM schedule_runs WHERE schedule = ? AND status = 'running'`).all(schedule) as { id: number; summary: string | null }[];
    const update = this.db.prepare(`UPDATE schedule_runs SET status = 'failure', finished_at = ?, summary = ? WHERE id = ?`);
    this.db.transaction(() => {
      for (const r of rows) update.run(now, JSON.stringify({ ...(r.summary ? JSON.parse(r.summary) : {}), error: { code: 'INTERRUPTED', message: reason } }), r.id);
    })();
    return rows.length;
  }

  lastSuccess(schedule: string): ScheduleRunRow | undefined {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM schedule_runs WHERE schedule = ? AND status = 'success' ORDER BY id DESC LIMIT 1`).get(schedule) as Raw | undefined;
    return r ? decode(r) : undefined;
  }

  /** The newest runs that ran to an end (success or failure), newest first: what health, status and recovery look at. */
  recentFinished(schedule: string, limit: number): ScheduleRunRow[] {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS} FROM schedule_runs WHERE schedule = ? AND status IN ('success', 'failure') ORDER BY id DESC LIMIT ?`)
        .all(schedule, limit) as Raw[]
    ).map(decode);
  }

  /** Every row, newest first (skipped and cancelled included). */
  recent(schedule: string, limit: number): ScheduleRunRow[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM schedule_runs WHERE schedule = ? ORDER BY id DESC LIMIT ?`).all(schedule, limit) as Raw[]).map(decode);
  }

  get(id: number): ScheduleRunRow | undefined {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM schedule_runs WHERE id = ?`).get(id) as Raw | undefined;
    return r ? decode(r) : undefined;
  }

  /** A daemon runs for months: keep the newest `keep` rows of a schedule. */
  prune(schedule: string, keep: number): number {
    return this.db
      .prepare(`DELETE FROM schedule_runs WHERE schedule = ? AND id <= (SELECT id FROM schedule_runs WHERE schedule = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`)
      .run(schedule, schedule, keep).changes;
  }
}
