// Engine behaviour that no single platform shows on its own: relative writes with unknown outcomes,
// asynchronous batches, fatal errors, interruption, locks. A small in-memory channel is registered
// as a real adapter (through the registry, as every platform is) so the engine sees nothing special.
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapters } from '../../adapters/index.js';
import type { ChannelDefinition } from '../../adapters/definition.js';
import type { Change, Channel, ItemOutcome, LocalItem, RemoteItem } from '../../src/sync/channel.js';
import { IntegrError } from '../../src/errors.js';
import { syncChannels } from '../../src/sync/engine.js';
import type { SyncOptions } from '../../src/sync/types.js';
import { configIn, quietLog, seedLocal } from '../helpers/local-store.js';
import { useTempStore } from '../helpers/temp-store.js';

interface Memory {
  items: Map<string, number>;
  writes: Map<string, number>;
  mode: 'relative' | 'absolute';
  async: boolean;
  pollsToFinish: number;
  /** Apply the next write, then answer as if the connection dropped. */
  loseNextAnswer: boolean;
  /** Throw this on the next write without applying. */
  failNextWrite?: IntegrError;
  /** Called after each write batch (to abort mid-run). */
  afterWrite?: () => void;
  batches: Map<string, { skus: string[]; polls: number }>;
  writeCalls: number;
  writeBatchSize: number;
}

const mem: Memory = {} as Memory;
function resetMemory() {
  Object.assign(mem, { items: new Map(), writes: new Map(), mode: 'relative', async: false, pollsToFinish: 2, loseNextAnswer: false, failNextWrite: undefined, afterWrite: undefined, batches: new Map(), writeCalls: 0, writeBatchSize: 2 });
}

const memoryDef: ChannelDefinition = {
  kind: 'channel',
  type: 'memory-test',
  description: 'test channel',
  configSchema: z.object({}),
  async create(): Promise<Channel> {
    let n = 0;
    return {
      capabilities: { writeMode: mem.mode, readBatchSize: 3, writeBatchSize: mem.writeBatchSize, maxQuantity: 1000, rateLimit: { requests: 100, intervalMs: 1000 }, asyncWrites: mem.async, prices: false },
      async read(items: LocalItem[]): Promise<RemoteItem[]> {
        return items.filter((i) => mem.items.has(i.sku)).map((i) => ({ sku: i.sku, quantity: mem.items.get(i.sku)!, ref: {} }));
      },
      async write(changes: Change[]): Promise<ItemOutcome[]> {
        mem.writeCalls++;
        if (mem.failNextWrite) {
          const e = mem.failNextWrite;
          mem.failNextWrite = undefined;
          throw e;
        }
        for (const c of changes) {
          mem.items.set(c.sku, mem.mode === 'relative' ? mem.items.get(c.sku)! + c.delta : c.target);
          mem.writes.set(c.sku, (mem.writes.get(c.sku) ?? 0) + 1);
        }
        mem.afterWrite?.();
        if (mem.loseNextAnswer) {
          mem.loseNextAnswer = false;
          throw Object.assign(new IntegrError('REMOTE_UNREACHABLE', 'socket hang up after sending'), { outcomeUnknown: true, sent: true });
        }
        if (mem.async) {
          const id = `batch-${++n}`;
          mem.batches.set(id, { skus: changes.map((c) => c.sku), polls: 0 });
          return changes.map((c) => ({ sku: c.sku, status: 'pending', batchId: id }));
        }
        return changes.map((c) => ({ sku: c.sku, status: 'applied' }));
      },
      async poll(batchId: string, skus: string[]): Promise<ItemOutcome[]> {
        const b = mem.batches.get(batchId)!;
        b.polls++;
        if (b.polls < mem.pollsToFinish) return skus.map((sku) => ({ sku, status: 'pending', batchId }));
        return skus.map((sku) => (sku.endsWith('-bad') ? { sku, status: 'failed', reason: 'rejected by platform' } : { sku, status: 'applied' }));
      },
      async check() {
        return 'memory';
      },
      async close() {},
    };
  },
};

describe('sync engine', () => {
  const tmp = useTempStore('integr-engine-');

  beforeEach(() => {
    resetMemory();
    if (!adapters.includes(memoryDef)) adapters.push(memoryDef);
  });

  async function run(options: Partial<SyncOptions> = {}, section: Record<string, unknown> = {}) {
    const loaded = await configIn(tmp.dir, { channels: { mem: { type: 'memory-test', pollIntervalMs: 5, ...section } } });
    const [r] = await syncChannels({ loaded, store: tmp.store, log: quietLog }, ['mem'], { mode: 'push', force: true, ...options });
    return r;
  }

  function seed(pairs: Array<[string, number, number]>) {
    for (const [sku, remote] of pairs) mem.items.set(sku, remote);
    seedLocal(tmp.store, pairs.map(([sku, , localQ]) => ({ sku, stock: { MAIN: localQ } })));
  }

  it('relative write whose answer is lost: re-reads, confirms, never re-sends', async () => {
    seed([['A', 1, 5], ['B', 2, 0], ['C', 3, 3]]);
    mem.loseNextAnswer = true;
    const r = await run();
    expect(r.status).toBe('completed');
    expect(r.updated).toBe(2);
    expect(Object.fromEntries(mem.items)).toEqual({ A: 5, B: 0, C: 3 });
    expect(mem.writes.get('A')).toBe(1);
    expect(mem.writes.get('B')).toBe(1);
    expect(tmp.store.runs.items(r.runId!).filter((i) => i.state === 'applied').map((i) => i.sku).sort()).toEqual(['A', 'B']);
  });

  it('a write that failed before applying is re-planned from a fresh read and sent once more', async () => {
    seed([['A', 1, 4]]);
    mem.failNextWrite = Object.assign(new IntegrError('REMOTE_ERROR', 'HTTP 500'), { outcomeUnknown: true });
    const r = await run();
    expect(r.status).toBe('completed');
    expect(mem.items.get('A')).toBe(4);
    expect(mem.writes.get('A')).toBe(1);
    expect(mem.writeCalls).toBe(2);
  });

  it('credential failure stops the run: later batches are not sent (exit 5)', async () => {
    seed([['A', 0, 1], ['B', 0, 1], ['C', 0, 1], ['D', 0, 1]]);
    mem.failNextWrite = new IntegrError('REMOTE_AUTH', 'memory: 401 unauthorized');
    const r = await run({}, { concurrency: 1 });
    expect(r.status).toBe('failed');
    expect(r.exitCode).toBe(5);
    expect(mem.writeCalls).toBe(1);
    expect(r.errors).toBe(4);
    const states = tmp.store.runs.items(r.runId!).map((i) => i.state).sort();
    expect(states).toEqual(['failed', 'failed', 'skipped', 'skipped']);
  });

  it('asynchronous batches are polled until every item is applied or failed', async () => {
    mem.mode = 'absolute';
    mem.async = true;
    mem.pollsToFinish = 3;
    seed([['A', 0, 2], ['B-bad', 0, 2], ['C', 5, 5]]);
    const r = await run();
    expect(r.updated).toBe(1);
    expect(r.errors).toBe(1);
    expect(r.pending).toBe(0);
    expect(r.failures).toEqual([{ sku: 'B-bad', reason: 'rejected by platform' }]);
    expect(r.exitCode).toBe(3);
    const items = tmp.store.runs.items(r.runId!);
    expect(items.find((i) => i.sku === 'A')?.state).toBe('applied');
    expect(items.find((i) => i.sku === 'A')?.batchId).toBe('batch-1');
  });

  it('items still pending at the poll timeout stay pending in the journal', async () => {
    mem.mode = 'absolute';
    mem.async = true;
    mem.pollsToFinish = 1_000_000;
    seed([['A', 0, 2]]);
    const r = await run({ pollTimeoutSec: 0.2 });
    expect(r.pending).toBe(1);
    expect(r.status).toBe('completed_with_errors');
    expect(tmp.store.runs.items(r.runId!)[0].state).toBe('pending');
  });

  it('an abort between batches stops cleanly: sent batches journalled, the rest skipped (exit 130)', async () => {
    seed([['A', 0, 1], ['B', 0, 1], ['C', 0, 1], ['D', 0, 1], ['E', 0, 1]]);
    const ac = new AbortController();
    mem.afterWrite = () => ac.abort();
    const r = await run({ signal: ac.signal }, { concurrency: 1 });
    expect(r.status).toBe('cancelled');
    expect(r.exitCode).toBe(130);
    expect(mem.writeCalls).toBe(1);
    const items = tmp.store.runs.items(r.runId!);
    expect(items.filter((i) => i.state === 'applied')).toHaveLength(2);
    expect(items.filter((i) => i.state === 'skipped')).toHaveLength(3);
    // the next run finishes the job without touching what was applied
    const again = await run();
    expect(again.updated).toBe(3);
    for (const s of ['A', 'B', 'C', 'D', 'E']) expect(mem.writes.get(s)).toBe(1);
  });

  it('a held lock refuses a second sync of the channel and names the holder', async () => {
    seed([['A', 0, 1]]);
    const held = tmp.store.locks.acquire('sync:mem', { ttlSec: 60, purpose: 'sync mem (daemon)' });
    expect(held.ok).toBe(true);
    // Same process would re-enter; simulate another live process by rewriting the owner to our parent.
    tmp.store.db.prepare('UPDATE locks SET owner_pid = ? WHERE name = ?').run(process.ppid, 'sync:mem');
    const r = await run();
    expect(r.status).toBe('failed');
    expect(r.runId).toBeNull();
    expect(r.error?.code).toBe('LOCKED');
    expect(r.error?.message).toContain(`pid ${process.ppid}`);
    expect(mem.writeCalls).toBe(0);
    expect(tmp.store.runs.list()).toHaveLength(0);
  });

  it('a run left "running" by a dead process is marked interrupted and its sending items unknown', async () => {
    seed([['A', 0, 3]]);
    const id = tmp.store.runs.create({ channel: 'mem', channelType: 'memory-test', mode: 'push', options: {} });
    tmp.store.runs.addItems(id, [{ sku: 'A', remote: 0, target: 3, delta: 3, state: 'sending' }]);
    const r = await run();
    expect(tmp.store.runs.get(id)?.status).toBe('interrupted');
    expect(tmp.store.runs.items(id)[0].state).toBe('unknown');
    expect(r.status).toBe('completed');
    expect(mem.items.get('A')).toBe(3);
  });

  it('clamps to the platform maximum and reports capped SKUs', async () => {
    seed([['A', 0, 5000]]);
    const r = await run();
    expect(r.capped).toBe(1);
    expect(mem.items.get('A')).toBe(1000);
    expect(r.plan?.[0]).toMatchObject({ sku: 'A', target: 1000, capped: true });
  });
});
