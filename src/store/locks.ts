import { hostname } from 'node:os';
import type { Db } from './db.js';

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
  /** Push the expiry forward; call well within the TTL while working. */
  heartbeat(): void;
  release(): void;
}

/** True when a process with that pid is alive on this host. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cross-process locks in the store (one row per lock name). A lock is free when absent, expired,
 * or held by a dead process on this host; taking it is one IMMEDIATE transaction, so two
 * processes can never both win.
 */
export class LocksRepo {
  private readonly host = hostname();
  constructor(private readonly db: Db) {}

  acquire(name: string, options: { ttlSec: number; purpose?: string; now?: Date }): AcquireResult {
    const now = options.now ?? new Date();
    const expires = new Date(now.getTime() + options.ttlSec * 1000);
    const tx = this.db.transaction((): AcquireResult => {
      const row = this.get(name);
      if (row) {
        const expired = new Date(row.expiresAt).getTime() <= now.getTime();
        const dead = row.host === this.host && row.pid !== process.pid && !pidAlive(row.pid);
        const mine = row.host === this.host && row.pid === process.pid;
        if (!expired && !dead && !mine) return { ok: false, holder: row };
      }
      this.db
        .prepare(
          `INSERT INTO locks (name, owner_pid, owner_host, purpose, acquired_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(name) DO UPDATE SET owner_pid = excluded.owner_pid, owner_host = excluded.owner_host, purpose = excluded.purpose,
             acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
        )
        .run(name, process.pid, this.host, options.purpose ?? null, now.toISOString(), now.toISOString(), expires.toISOString());
      return { ok: true, lock: this.handle(name, options.ttlSec) };
    });
    return tx.immediate();
  }

  private handle(name: string, ttlSec: number): HeldLock {
    return {
      name,
      heartbeat: () => {
        const now = new Date();
        this.db
          .prepare('UPDATE locks SET heartbeat_at = ?, expires_at = ? WHERE name = ? AND owner_pid = ? AND owner_host = ?')
          .run(now.toISOString(), new Date(now.getTime() + ttlSec * 1000).toISOString(), name, process.pid, this.host);
      },
      release: () => {
        this.db.prepare('DELETE FROM locks WHERE name = ? AND owner_pid = ? AND owner_host = ?').run(name, process.pid, this.host);
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
