import type { HeldLock, LockHolder, LocksRepo } from '../store/locks.js';

/** The presence lock a daemon holds while it runs (`daemon:<host>:<pid>`); `integr status` lists them. */
export const DAEMON_LOCK_PREFIX = 'daemon:';

export interface KeptLock {
  name: string;
  release(): void;
}

export type KeepResult = { ok: true; lock: KeptLock } | { ok: false; holder: LockHolder };

/**
 * Take a store lock and keep it alive: heartbeats every quarter of the TTL push the expiry forward,
 * so a live holder never loses it and a dead one's lock is free at most one TTL after it died.
 */
export function keepLock(
  locks: LocksRepo,
  name: string,
  options: { ttlSec: number; purpose: string; onHeartbeatError?: (err: unknown) => void },
): KeepResult {
  const got = locks.acquire(name, { ttlSec: options.ttlSec, purpose: options.purpose });
  if (!got.ok) return got;
  const held: HeldLock = got.lock;
  const timer = setInterval(
    () => {
      try {
        held.heartbeat();
      } catch (err) {
        options.onHeartbeatError?.(err);
      }
    },
    Math.max(250, (options.ttlSec * 1000) / 4),
  );
  // A heartbeat alone must never keep the process alive after everything else stopped.
  timer.unref();
  let released = false;
  return {
    ok: true,
    lock: {
      name,
      release: () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        held.release();
      },
    },
  };
}

/** "pid 4242 on host web-1 (daemon schedule "hourly wix") since 2025-01-01T10:00:00.000Z" */
export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on host ${holder.host}${holder.purpose ? ` (${holder.purpose})` : ''} since ${holder.acquiredAt}`;
}
