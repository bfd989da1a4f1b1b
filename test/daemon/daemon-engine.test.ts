// The daemon in-process with the real sync engine (defaultCores) and a relative-write channel that
// answers asynchronously, like a real remote: a stop in the middle of a run lets the current batch
// finish and journal, and the next run pushes the rest, so nothing is lost or applied twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapters } from '../../adapters/index.js';
import type { ChannelDefinition } from '../../adapters/definition.js';
import type { Change, Channel, ItemOutcome, LocalItem, RemoteItem } from '../../src/sync/channel.js';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.js';
import { defaultCores } from '../../src/daemon/cores.js';
import { configIn, seedLocal } from '../helpers/local-store.js';
import { useTempStore } from '../helpers/temp-store.js';
import { ManualTicker, memoryLog, until } from './support.js';

const remote = new Map<string, number>();
const writesPerSku = new Map<string, number>();
let afterWriteBatch: (() => void) | undefined;

const slowRelative: ChannelDefinition = {
  kind: 'channel',
  type: 'daemon-test-relative',
  description: 'in-memory relative channel that yields like a network call',
  configSchema: z.object({}),
  async create(): Promise<Channel> {
    const tick = () => new Promise((r) => setTimeout(r, 2));
    return {
      capabilities: { writeMode: 'relative', readBatchSize: 5, writeBatchSize: 5, maxQuantity: 10_000, rateLimit: { requests: 1000, intervalMs: 1000 }, asyncWrites: false, prices: false },
      async read(items: LocalItem[]): Promise<RemoteItem[]> {
        await tick();
        return items.filter((i) => remote.has(i.sku)).map((i) => ({ sku: i.sku, quantity: remote.get(i.sku)!, ref: {} }));
      },
      async write(changes: Change[]): Promise<ItemOutcome[]> {
        await tick();
        for (const c of changes) {
          remote.set(c.sku, remote.get(c.sku)! + c.delta);
          writesPerSku.set(c.sku, (writesPerSku.get(c.sku) ?? 0) + 1);
        }
        afterWriteBatch?.();
        return changes.map((c) => ({ sku: c.sku, status: 'applied' }));
      },
      async check() {
        return 'memory';
      },
      async close() {},
    };
  },
};

describe('daemon with the sync engine', () => {
  // Registered first: its afterEach closes the store after the daemon using it has closed.
  const tmp = useTempStore('integr-daemon-engine-');
  let daemon: RunningDaemon | undefined;

  beforeEach(() => {
    if (!adapters.includes(slowRelative)) adapters.push(slowRelative);
    remote.clear();
    writesPerSku.clear();
    afterWriteBatch = undefined;
  });
  afterEach(async () => {
    await daemon?.close();
    daemon = undefined;
  });

  it('stop mid-run: the batch in flight is journalled, the run is cancelled, the next run finishes the job exactly once', async () => {
    const skus = Array.from({ length: 40 }, (_, i) => `SKU-${String(i).padStart(2, '0')}`);
    for (const s of skus) remote.set(s, 1);
    seedLocal(tmp.store, skus.map((sku, i) => ({ sku, stock: { MAIN: 10 + i } })));
    const loaded = await configIn(tmp.dir, {
      channels: { shop: { type: 'daemon-test-relative', concurrency: 1 } },
      safety: { maxChanges: 1000, maxZeroRatio: 1 },
      schedules: [{ name: 'shop-sync', cron: '*/5 * * * *', run: 'sync shop', catchUp: false }],
    });
    const ticker = new ManualTicker();
    const log = memoryLog();
    daemon = await startDaemon({ loaded, store: tmp.store, cores: defaultCores, log, tickerFor: () => ticker });
    let batches = 0;
    const running = daemon;
    // Stop the way the first SIGTERM does, after the second write batch has landed.
    afterWriteBatch = () => {
      if (++batches === 2) void running.stop(10_000);
    };
    ticker.fire();
    await until(() => log.lines.some((l) => l.event === 'run.end'), 'the run to end', 20_000);
    expect(await daemon.stop(10_000)).toBe(true);

    const first = tmp.store.runs.recent('shop', 1)[0];
    expect(first).toMatchObject({ status: 'cancelled', updated: 10 });
    const items = tmp.store.runs.items(first.id);
    expect(items.filter((i) => i.state === 'sending')).toHaveLength(0);
    const applied = items.filter((i) => i.state === 'applied');
    expect(applied).toHaveLength(10);
    for (const i of applied) expect(remote.get(i.sku)).toBe(i.target);
    expect(items.filter((i) => i.state === 'skipped')).toHaveLength(30);
    const row = tmp.store.schedules.recent('shop-sync', 1)[0];
    expect(row).toMatchObject({ status: 'cancelled', exitCode: 130 });
    expect(log.lines.find((l) => l.event === 'run.end')!.fields).toMatchObject({ status: 'cancelled', targets: [{ name: 'shop', status: 'cancelled', pushed: 10 }] });
    expect(tmp.store.locks.list().filter((l) => l.name.startsWith('sync:') || l.name.startsWith('schedule:'))).toEqual([]);
    await daemon.close();

    // A new daemon (a restart) runs the schedule again: the 30 left are pushed, the 10 done are not touched.
    afterWriteBatch = undefined;
    const ticker2 = new ManualTicker();
    const log2 = memoryLog();
    daemon = await startDaemon({ loaded, store: tmp.store, cores: defaultCores, log: log2, tickerFor: () => ticker2 });
    ticker2.fire();
    await until(() => log2.lines.some((l) => l.event === 'run.end'), 'the second run', 20_000);
    const second = tmp.store.runs.recent('shop', 1)[0];
    expect(second).toMatchObject({ status: 'completed', changes: 30, updated: 30, errors: 0 });
    skus.forEach((s, i) => expect(remote.get(s)).toBe(10 + i));
    for (const s of skus) expect(writesPerSku.get(s)).toBe(1);
    expect(tmp.store.schedules.recent('shop-sync', 1)[0]).toMatchObject({ status: 'success', exitCode: 0 });
    const metrics = daemon.metrics.render();
    expect(metrics).toContain('integr_sync_runs_total{channel="shop",result="completed"} 1');
    expect(metrics).toContain('integr_sync_items_pushed_total{channel="shop"} 30');
  });
});
