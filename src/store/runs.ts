import type { Db } from './db.js';
import { nowIso } from './time.js';

export type ItemState = 'planned' | 'sending' | 'applied' | 'failed' | 'unknown' | 'pending' | 'replanned' | 'skipped' | 'not_found';

export interface RunRow {
  id: number;
  channel: string;
  channelType: string;
  mode: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  totalProducts: number;
  found: number;
  notFound: number;
  untracked: number;
  changes: number;
  updated: number;
  unchanged: number;
  errors: number;
  pending: number;
  requests: number;
  error: string | null;
  options: Record<string, unknown> | null;
  durationMs: number | null;
}

export interface RunItemRow {
  sku: string;
  remote: number | null;
  target: number | null;
  delta: number | null;
  price: number | null;
  listPrice: number | null;
  ref: Record<string, unknown> | null;
  state: ItemState;
  batchId: string | null;
  error: string | null;
  updatedAt: string;
}

export interface NewRunItem {
  sku: string;
  remote: number | null;
  target: number | null;
  delta: number | null;
  price?: number | null;
  listPrice?: number | null;
  ref?: Record<string, unknown> | null;
  state: ItemState;
}

export interface RunStats {
  totalProducts: number;
  found: number;
  notFound: number;
  untracked: number;
  changes: number;
  updated: number;
  unchanged: number;
  errors: number;
  pending: number;
  requests: number;
}

const RUN_COLUMNS = `id, channel, channel_type AS channelType, mode, status, started_at AS startedAt, finished_at AS finishedAt,
  total_products AS totalProducts, found, not_found AS notFound, untracked, changes, updated, unchanged, errors, pending,
  requests, error, options`;

type RawRun = Omit<RunRow, 'options' | 'durationMs'> & { options: string | null };
const decodeRun = (r: RawRun): RunRow => ({
  ...r,
  options: r.options ? JSON.parse(r.options) : null,
  durationMs: r.finishedAt ? new Date(r.finishedAt).getTime() - new Date(r.startedAt).getTime() : null,
});

/** The sync journal: one row per run, one per planned item, each outcome recorded as it lands. */
export class RunsRepo {
  constructor(private readonly db: Db) {}

  create(run: { channel: string; channelType: string; mode: string; options: Record<string, unknown> }): number {
    const r = this.db
      .prepare(`INSERT INTO sync_runs (channel, channel_type, mode, status, started_at, options) VALUES (?, ?, ?, 'running', ?, ?)`)
      .run(run.channel, run.channelType, run.mode, nowIso(), JSON.stringify(run.options));
    return Number(r.lastInsertRowid);
  }

  /**
   * Runs of this channel still marked running belong to a process that died (the caller holds the
   * channel's lock, so nobody else is running): mark them interrupted, and their in-flight items unknown.
   */
  markInterrupted(channel: string): number {
    return this.db.transaction(() => {
      const ids = (this.db.prepare(`SELECT id FROM sync_runs WHERE channel = ? AND status = 'running'`).all(channel) as { id: number }[]).map((r) => r.id);
      const now = nowIso();
      for (const id of ids) {
        this.db.prepare(`UPDATE sync_items SET state = 'unknown', error = 'the process stopped while this item was being sent', updated_at = ? WHERE run_id = ? AND state = 'sending'`).run(now, id);
        this.db.prepare(`UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = 'the process stopped before the run finished' WHERE id = ?`).run(now, id);
      }
      return ids.length;
    })();
  }

  addItems(runId: number, items: NewRunItem[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO sync_items (run_id, sku, remote, target, delta, price, list_price, ref, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(run_id, sku) DO UPDATE SET remote = excluded.remote, target = excluded.target, delta = excluded.delta, price = excluded.price,
         list_price = excluded.list_price, ref = excluded.ref, state = excluded.state, batch_id = NULL, error = NULL, updated_at = excluded.updated_at`,
    );
    const now = nowIso();
    this.db.transaction(() => {
      for (const it of items) stmt.run(runId, it.sku, it.remote, it.target, it.delta, it.price ?? null, it.listPrice ?? null, it.ref ? JSON.stringify(it.ref) : null, it.state, now);
    })();
  }

  /** Record new states for items (one transaction), each with an optional batch id or error. */
  setStates(runId: number, updates: { sku: string; state: ItemState; batchId?: string | null; error?: string | null }[]): void {
    const stmt = this.db.prepare(`UPDATE sync_items SET state = ?, batch_id = COALESCE(?, batch_id), error = ?, updated_at = ? WHERE run_id = ? AND sku = ?`);
    const now = nowIso();
    this.db.transaction(() => {
      for (const u of updates) stmt.run(u.state, u.batchId ?? null, u.error ?? null, now, runId, u.sku);
    })();
  }

  finish(runId: number, status: string, stats: RunStats, error?: string): void {
    this.db
      .prepare(
        `UPDATE sync_runs SET status = ?, finished_at = ?, total_products = ?, found = ?, not_found = ?, untracked = ?, changes = ?, updated = ?,
           unchanged = ?, errors = ?, pending = ?, requests = ?, error = ? WHERE id = ?`,
      )
      .run(status, nowIso(), stats.totalProducts, stats.found, stats.notFound, stats.untracked, stats.changes, stats.updated, stats.unchanged, stats.errors, stats.pending, stats.requests, error ?? null, runId);
  }

  get(id: number): RunRow | undefined {
    const r = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE id = ?`).get(id) as RawRun | undefined;
    return r ? decodeRun(r) : undefined;
  }

  items(runId: number): RunItemRow[] {
    const rows = this.db
      .prepare(
        `SELECT sku, remote, target, delta, price, list_price AS listPrice, ref, state, batch_id AS batchId, error, updated_at AS updatedAt
           FROM sync_items WHERE run_id = ? ORDER BY id`,
      )
      .all(runId) as (Omit<RunItemRow, 'ref'> & { ref: string | null })[];
    return rows.map((r) => ({ ...r, sku: String(r.sku), ref: r.ref ? JSON.parse(r.ref) : null }));
  }

  list(options: { channel?: string; limit?: number } = {}): RunRow[] {
    const rows = options.channel
      ? this.db.prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE channel = ? ORDER BY id DESC LIMIT ?`).all(options.channel, options.limit ?? 20)
      : this.db.prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs ORDER BY id DESC LIMIT ?`).all(options.limit ?? 20);
    return (rows as RawRun[]).map(decodeRun);
  }

  /** Newest first, for status and health. */
  recent(channel: string, limit: number): RunRow[] {
    return this.list({ channel, limit });
  }

  /** Channel names that have runs. */
  channels(): string[] {
    return (this.db.prepare('SELECT DISTINCT channel FROM sync_runs ORDER BY channel').all() as { channel: string }[]).map((r) => r.channel);
  }
}
