import { hostname } from 'node:os';
import type { Db } from './db.js';
import { pidAlive } from '../pid-alive.js';

export interface LockHolder {
  name: string;
  pid: number;
  host: string;
  purpose: string | null;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

export type AcquireResult = { ok: true; lock: HeldLock } | { ok: false; holder: LockHolder };

export interface HeldLock {
  name: string;
  /**
   * Push the expiry forward; call well within the TTL while working. Returns false when the lock
   * is no longer ours (it expired and another process took it over): stop writing then.
   */
  heartbeat(): boolean;
  /** Give the lock up (a no-op when it was already released or taken over). */
  release(): void;
}

// Locks this process holds, by store file and lock name. A second acquire from the same process
// (a daemon whose previous run of the same job is still going) must be refused like any other,
// which the pid alone cannot tell.
const heldHere = new Set<string>();


/**
 * Cross-process locks in the store (one row per lock name). A lock is free when absent, expired,
 * or held by a dead process on this host; taking it is one IMMEDIATE transaction, so two
 * processes can never both win. Within one process a held lock is refused too.
 */
export class LocksRepo {
  private readonly host = hostname();
  constructor(private readonly db: Db) {}

  acquire(name: string, options: { ttlSec: number; purpose?: string; now?: Date }): AcquireResult {
    const now = options.now ?? new Date();
    const key = `${this.db.name}\0${name}`;
    const expires = new Date(now.getTime() + options.ttlSec * 1000);
    const tx = this.db.transaction((): AcquireResult => {
      const row = this.get(name);
      if (row) {
        const here = row.host === this.host && row.pid === process.pid;
        const expired = new Date(row.expiresAt).getTime() <= now.getTime();
        // Same pid but not held by this process: a crashed earlier process whose pid was reused.
        const dead = row.host === this.host && (here ? !heldHere.has(key) : !pidAlive(row.pid));
        if (here && heldHere.has(key)) return { ok: false, holder: row };
        if (!expired && !dead) return { ok: false, holder: row };
      }
      this.db
        .prepare(
          `INSERT INTO locks (name, owner_pid, owner_host, purpose, acquired_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET owner_pid = excluded.owner_pid, owner_host = excluded.owner_host, purpose = excluded.purpose,
             acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
        )
        .run(name, process.pid, this.host, options.purpose ?? null, now.toISOString(), now.toISOString(), expires.toISOString());
      return { ok: true, lock: this.handle(name, key, now.toISOString(), options.ttlSec) };
    });
    const result = tx.immediate();
    if (result.ok) heldHere.add(key);
    return result;
  }

  /** The acquisition is identified by pid, host and its acquired_at, so a stale handle never touches a newer holder's row. */
  private handle(name: string, key: string, acquiredAt: string, ttlSec: number): HeldLock {
    let released = false;
    const mine = 'name = ? AND owner_pid = ? AND owner_host = ? AND acquired_at = ?';
    return {
      name,
      heartbeat: () => {
        if (released) return false;
        const now = new Date();
        const r = this.db
          .prepare(`UPDATE locks SET heartbeat_at = ?, expires_at = ? WHERE ${mine}`)
          .run(now.toISOString(), new Date(now.getTime() + ttlSec * 1000).toISOString(), name, process.pid, this.host, acquiredAt);
        return r.changes === 1;
      },
      release: () => {
        if (released) return;
        released = true;
        heldHere.delete(key);
        this.db.prepare(`DELETE FROM locks WHERE ${mine}`).run(name, process.pid, this.host, acquiredAt);
      },
    };
  }

  get(name: string): LockHolder | undefined {
    return this.db
      .prepare(
        `SELECT name, owner_pid AS pid, owner_host AS host, purpose, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt, expires_at AS expiresAt
           FROM locks WHERE name = ?`,
      )
      .get(name) as LockHolder | undefined;
  }

  list(): LockHolder[] {
    return this.db
      .prepare(
        `SELECT name, owner_pid AS pid, owner_host AS host, purpose, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt, expires_at AS expiresAt
           FROM locks ORDER BY name`,
      )
      .all() as LockHolder[];
  }
}
