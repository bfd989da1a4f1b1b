import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from '../helpers/cli.js';
import { Store } from '../../src/store/store.js';

let tmp: ReturnType<typeof tempDir>;
let n = 0;
beforeAll(() => (tmp = tempDir('integr-locks-')));
afterAll(() => tmp.cleanup());

function freshStore(): Store {
  return Store.open(join(tmp.dir, `locks-${++n}.db`));
}

// A second process that takes the lock and reports; it then holds it until told to "release" or "exit".
const HOLDER = `
  const { Store } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/store/store.js')).href)});
  const store = Store.open(process.argv[1]);
  const r = store.locks.acquire('sync:shop', { ttlSec: Number(process.argv[2]), purpose: 'child' });
  console.log(JSON.stringify({ ok: r.ok, pid: process.pid }));
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => {
    if (d.includes('release') && r.ok) r.lock.release();
    store.close();
    process.exit(0); // "exit" leaves the row behind, as a crash would
  });`;

function holder(path: string, ttlSec = 3600): Promise<{ child: ChildProcessWithoutNullStreams; ok: boolean; pid: number }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER, path, String(ttlSec)]);
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) res({ child, ...JSON.parse(out) });
    });
    child.on('close', (code) => (out.includes('\n') ? undefined : rej(new Error(`holder exited ${code}: ${err}`))));
  });
}

function finish(child: ChildProcessWithoutNullStreams, command: 'release' | 'exit'): Promise<void> {
  return new Promise((res) => {
    child.on('close', () => res());
    child.stdin.write(command + '\n');
  });
}

describe('locks', () => {
  it('two acquires in one process: the second is refused and names the holder; release frees it', () => {
    const store = freshStore();
    try {
      const first = store.locks.acquire('sync:shop', { ttlSec: 60, purpose: 'sync shop' });
      expect(first.ok).toBe(true);
      const second = store.locks.acquire('sync:shop', { ttlSec: 60 });
      expect(second).toMatchObject({ ok: false, holder: { name: 'sync:shop', pid: process.pid, host: hostname(), purpose: 'sync shop' } });
      // Even once expired: this process is alive and still holds it.
      expect(store.locks.acquire('sync:shop', { ttlSec: 60, now: new Date(Date.now() + 3_600_000) }).ok).toBe(false);
      expect(store.locks.acquire('sync:other', { ttlSec: 60 }).ok).toBe(true);
      if (first.ok) first.lock.release();
      expect(store.locks.get('sync:shop')).toBeUndefined();
      expect(store.locks.acquire('sync:shop', { ttlSec: 60 }).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a lock held by another live process is refused, then free once it releases', async () => {
    const store = freshStore();
    try {
      const h = await holder(store.path);
      expect(h.ok).toBe(true);
      const r = store.locks.acquire('sync:shop', { ttlSec: 60 });
      expect(r).toMatchObject({ ok: false, holder: { pid: h.pid, purpose: 'child' } });
      await finish(h.child, 'release');
      expect(store.locks.acquire('sync:shop', { ttlSec: 60 }).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('two processes racing for one lock: exactly one wins', async () => {
    const store = freshStore();
    const path = store.path;
    store.close();
    const [a, b] = await Promise.all([holder(path), holder(path)]);
    try {
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all([finish(a.child, 'exit'), finish(b.child, 'exit')]);
    }
  });

  it("a dead process's lock is taken over before it expires", async () => {
    const store = freshStore();
    try {
      const h = await holder(store.path, 3600);
      await finish(h.child, 'exit'); // gone without releasing
      expect(store.locks.get('sync:shop')?.pid).toBe(h.pid);
      const r = store.locks.acquire('sync:shop', { ttlSec: 60, purpose: 'takeover' });
      expect(r.ok).toBe(true);
      expect(store.locks.get('sync:shop')).toMatchObject({ pid: process.pid, purpose: 'takeover' });
    } finally {
      store.close();
    }
  });

  it("an expired lock of a live process is taken over; the old holder's release leaves the new row alone", async () => {
    const store = freshStore();
    try {
      const h = await holder(store.path, 1);
      const now = new Date(Date.now() + 5_000);
      expect(store.locks.acquire('sync:shop', { ttlSec: 60, now }).ok).toBe(true);
      expect(store.locks.get('sync:shop')?.pid).toBe(process.pid);
      await finish(h.child, 'release'); // the old holder's release must not delete the new holder's row
      expect(store.locks.get('sync:shop')?.pid).toBe(process.pid);
    } finally {
      store.close();
    }
  });

  it('a lock from another host is only taken over once expired (its pid means nothing here)', () => {
    const store = freshStore();
    try {
      const insert = store.db.prepare(
        `INSERT OR REPLACE INTO locks (name, owner_pid, owner_host, purpose, acquired_at, heartbeat_at, expires_at) VALUES ('sync:shop', 999999, 'elsewhere', 'remote', ?, ?, ?)`,
      );
      const t = (ms: number) => new Date(Date.now() + ms).toISOString();
      insert.run(t(-10_000), t(-10_000), t(60_000));
      expect(store.locks.acquire('sync:shop', { ttlSec: 60 })).toMatchObject({ ok: false, holder: { host: 'elsewhere', pid: 999999 } });
      insert.run(t(-120_000), t(-120_000), t(-1_000));
      expect(store.locks.acquire('sync:shop', { ttlSec: 60 }).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a row with this pid that this process never took (pid reused after a crash) is stale', () => {
    const store = freshStore();
    try {
      const t = new Date().toISOString();
      const later = new Date(Date.now() + 3_600_000).toISOString();
      store.db
        .prepare(`INSERT INTO locks (name, owner_pid, owner_host, purpose, acquired_at, heartbeat_at, expires_at) VALUES ('sync:shop', ?, ?, 'old', ?, ?, ?)`)
        .run(process.pid, hostname(), t, t, later);
      expect(store.locks.acquire('sync:shop', { ttlSec: 60, purpose: 'new' }).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('heartbeat extends the expiry while held, and returns false once taken over', () => {
    const store = freshStore();
    try {
      const r = store.locks.acquire('sync:shop', { ttlSec: 60, now: new Date(Date.now() - 30_000) });
      if (!r.ok) throw new Error('not acquired');
      const before = store.locks.get('sync:shop')!.expiresAt;
      expect(r.lock.heartbeat()).toBe(true);
      expect(store.locks.get('sync:shop')!.expiresAt > before).toBe(true);
      // Another host takes it over (as after an expiry): our handle must notice and not touch their row.
      store.db.prepare(`UPDATE locks SET owner_host = 'elsewhere', owner_pid = 1 WHERE name = 'sync:shop'`).run();
      expect(r.lock.heartbeat()).toBe(false);
      r.lock.release();
      expect(store.locks.get('sync:shop')?.host).toBe('elsewhere');
    } finally {
      store.close();
    }
  });
});
