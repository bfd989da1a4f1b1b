// The Trendyol adapter end to end: real config loading, the real HTTP client over loopback to the fake
// gateway, and (where the rule lives in the engine) real sync runs against a real SQLite store.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trendyol } from '../../adapters/trendyol/index.js';
import { forgetSecretsForTests, redact } from '../../src/config/redact.js';
import { runDoctor } from '../../src/doctor/doctor.js';
import { IntegrError } from '../../src/errors.js';
import { Store } from '../../src/store/store.js';
import type { AdapterCache, Change, Channel, ItemOutcome, LocalItem, RemoteItem } from '../../src/sync/channel.js';
import { syncChannels } from '../../src/sync/engine.js';
import type { SyncReport } from '../../src/sync/types.js';
import { tempDir } from '../helpers/cli.js';
import { configIn, seedLocal, type LocalSeed } from '../helpers/local-store.js';
import { IDENTICAL_REQUEST_MESSAGE, startTrendyolFake, type TrendyolFake, type TrendyolFakeOptions } from '../fakes/trendyol/server.js';

const API_KEY = 'ty-test-key-7f3a';
const API_SECRET = 'ty-test-secret-91c2';
const TOKEN = Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64');

let dir: string;
let cleanup: () => void;
const fakes: TrendyolFake[] = [];
const channels: Channel[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDir('integr-trendyol-'));
});
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()));
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  cleanup();
  forgetSecretsForTests();
});

async function fake(options: TrendyolFakeOptions = {}): Promise<TrendyolFake> {
  const f = await startTrendyolFake({ sellerId: '123456', apiKey: API_KEY, apiSecret: API_SECRET, rateLimit: false, ...options });
  fakes.push(f);
  return f;
}

function memoryCache(): AdapterCache & { kv: Map<string, string> } {
  const kv = new Map<string, string>();
  return { kv, get: (k) => kv.get(k), set: (k, v) => void kv.set(k, v) };
}

interface Logged {
  verbose: string[];
  warn: string[];
}

const section = (f: TrendyolFake, extra: Record<string, unknown> = {}) => ({
  type: 'trendyol',
  sellerId: f.sellerId,
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  baseUrl: f.url,
  pollIntervalMs: 20,
  ...extra,
});

/** A channel built as the CLI builds it: config file → loader (schema, secrets) → the registered definition. */
async function open(f: TrendyolFake, extra: Record<string, unknown> = {}, cache: AdapterCache = memoryCache()): Promise<{ channel: Channel; log: Logged }> {
  const loaded = await configIn(dir, { channels: { ty: section(f, extra) } });
  const log: Logged = { verbose: [], warn: [] };
  const channel = await trendyol.create(loaded.config.channels.ty, { name: 'ty', cache, log: { verbose: (m) => log.verbose.push(m), warn: (m) => log.warn.push(m) } });
  channels.push(channel);
  return { channel, log };
}

const barcodeOf = (sku: string) => `8690${sku.replace(/\D/g, '').padStart(9, '0')}`;
const local = (sku: string, barcode: string | null = barcodeOf(sku)): LocalItem => ({ sku, barcode, name: null, price: null, listPrice: null });
const skus = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

function changesTo(remote: RemoteItem[], target: (r: RemoteItem) => number, price?: (r: RemoteItem) => Change['price']): Change[] {
  return remote.map((r) => {
    const t = target(r);
    const p = price?.(r);
    return { sku: r.sku, ref: r.ref, remote: r.quantity!, target: t, delta: t - r.quantity!, ...(p ? { price: p } : {}) };
  });
}

/** Poll like the engine does (without its sleeps: the fake moves one share per poll) until nothing is pending. */
async function pollUntilSettled(channel: Channel, outcomes: ItemOutcome[], maxRounds = 10): Promise<{ outcomes: ItemOutcome[]; rounds: number }> {
  const current = new Map(outcomes.map((o) => [o.sku, o]));
  let rounds = 0;
  while ([...current.values()].some((o) => o.status === 'pending') && rounds < maxRounds) {
    rounds++;
    const byBatch = new Map<string, string[]>();
    for (const o of current.values()) if (o.status === 'pending') byBatch.set(o.batchId, [...(byBatch.get(o.batchId) ?? []), o.sku]);
    for (const [id, list] of byBatch) for (const o of await channel.poll!(id, list)) current.set(o.sku, o);
  }
  return { outcomes: [...current.values()], rounds };
}

async function sync(f: TrendyolFake, store: Store, extra: Record<string, unknown> = {}): Promise<SyncReport> {
  const loaded = await configIn(dir, { store: { path: join(dir, 'integr.db') }, channels: { ty: section(f, extra) } });
  const [r] = await syncChannels({ loaded, store, log: { verbose: () => {}, warn: () => {} } }, ['ty'], { mode: 'push', force: true, pollTimeoutSec: 30 });
  return r;
}

describe('trendyol read', () => {
  it('reads in batches of at most 50 barcodes, follows every page, and leaves unknown barcodes out', async () => {
    const f = await fake({ pageSizeCap: 20 });
    const all = skus(123, 'R');
    f.seed(all.slice(0, 120).map((sku, i) => ({ sku, barcode: barcodeOf(sku), quantity: i % 9 })));
    const { channel } = await open(f);
    const found = await channel.read(all.map((s) => local(s)));
    expect(found).toHaveLength(120);
    for (const r of found) expect(r.quantity).toBe(f.quantities()[r.sku]);
    expect(found[0].ref.barcode).toBe(barcodeOf(found[0].sku));
    expect(f.reads.every((q) => q.barcodes !== undefined && q.barcodes.length <= 50 && q.size === 100 && q.status === 200)).toBe(true);
    // 50 barcodes at 20 products a page: pages 0, 1, 2; the last 23 barcodes (20 known) fit one page.
    expect(f.reads.map((q) => [q.barcodes!.length, q.page])).toEqual([
      [50, 0],
      [50, 1],
      [50, 2],
      [50, 0],
      [50, 1],
      [50, 2],
      [23, 0],
    ]);
  });

  it('finds products by SKU = stockCode with matchBy: sku, whatever the local barcode says, and writes to Trendyol’s barcode', async () => {
    const f = await fake();
    f.seed([
      { sku: 'S-1', barcode: '8690000000001', quantity: 4 },
      { sku: 'S-2', barcode: '8690000000002', quantity: 5 },
      { sku: 'S-3', barcode: '8690000000003', quantity: 6 },
      { sku: 'OTHER', barcode: '8690000000099', quantity: 1 },
    ]);
    const { channel } = await open(f, { matchBy: 'sku' });
    const found = await channel.read([local('S-1', '8690000000001'), local('S-2', null), local('S-3', '8690000000099'), local('S-404', null)]);
    expect(found.map((r) => [r.sku, r.ref.barcode, r.quantity])).toEqual([
      ['S-1', '8690000000001', 4],
      ['S-2', '8690000000002', 5],
      ['S-3', '8690000000003', 6],
    ]);
    // One barcodes query for the items that had barcodes, then one stockCode query per SKU still unmatched.
    expect(f.reads.map((q) => q.barcodes ?? q.stockCode)).toEqual([['8690000000001', '8690000000099'], 'S-2', 'S-3', 'S-404']);
    const written = await channel.write(changesTo(found, () => 9));
    const { outcomes } = await pollUntilSettled(channel, written);
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(f.quantities()).toEqual({ 'S-1': 9, 'S-2': 9, 'S-3': 9, OTHER: 1 });
  });

  it('with matchBy: barcode, SKUs without a barcode are not found, with one warning that says why', async () => {
    const f = await fake();
    f.seed([{ sku: 'N-1', barcode: barcodeOf('N-1'), quantity: 2 }]);
    const { channel, log } = await open(f);
    expect(await channel.read([local('N-1'), local('N-2', null)])).toHaveLength(1);
    await channel.read([local('N-3', null)]);
    expect(log.warn).toEqual([expect.stringMatching(/SKUs without a barcode \(e\.g\. N-2\) cannot be found with matchBy: barcode/)]);
  });

  it('rides out 429 too.many.requests from Trendyol’s per-endpoint limit', async () => {
    const f = await fake({ rateLimit: { requests: 2, windowMs: 300 } });
    const all = skus(150, 'L');
    f.seed(all.map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 3 })));
    const { channel, log } = await open(f);
    const found = await channel.read(all.map((s) => local(s)));
    expect(found).toHaveLength(150);
    expect(f.requestCount('read')).toBeGreaterThan(3);
    expect(log.verbose.some((m) => /retry 1 of GET .*inventory-and-price.*429/.test(m))).toBe(true);
  });
});

describe('trendyol write and poll', () => {
  it('returns pending outcomes with the batchRequestId and turns them into applied after a few polls', async () => {
    const f = await fake({ pollsToComplete: 3 });
    const all = skus(6, 'P');
    f.seed(all.map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 1 })));
    const { channel } = await open(f);
    const remote = await channel.read(all.map((s) => local(s)));
    const written = await channel.write(changesTo(remote, () => 7));
    const batchId = f.writes[0].batchRequestId!;
    expect(written).toEqual(all.map((sku) => ({ sku, status: 'pending', batchId })));
    // Asynchronous: accepted is not applied.
    expect((await channel.read(all.map((s) => local(s)))).map((r) => r.quantity)).toEqual([1, 1, 1, 1, 1, 1]);

    const first = await channel.poll!(batchId, all);
    expect(first.filter((o) => o.status === 'applied')).toHaveLength(2);
    expect(first.filter((o) => o.status === 'pending')).toHaveLength(4);
    const { outcomes, rounds } = await pollUntilSettled(channel, first);
    expect(rounds).toBe(2);
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    for (const sku of all) expect(f.quantities()[sku]).toBe(7);
    expect(f.appliedWrites()).toEqual(Object.fromEntries(all.map((s) => [s, 1])));
    expect(f.writes[0].items[0]).toEqual({ barcode: barcodeOf(all[0]), quantity: 7 });
  });

  it('reports FAILED items with Trendyol’s failureReasons and applies the rest', async () => {
    const f = await fake();
    f.seed(['F-1', 'F-2', 'F-3'].map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 1 })));
    const { channel } = await open(f);
    const remote = await channel.read(['F-1', 'F-2', 'F-3'].map((s) => local(s)));
    f.inject({ kind: 'item-failure', sku: 'F-2' }, 'write');
    const ghost: Change = { sku: 'GHOST', ref: { barcode: '8699999999999' }, remote: 0, target: 1, delta: 1 };
    const { outcomes } = await pollUntilSettled(channel, await channel.write([...changesTo(remote, () => 4), ghost]));
    const by = Object.fromEntries(outcomes.map((o) => [o.sku, o]));
    expect(by['F-1'].status).toBe('applied');
    expect(by['F-3'].status).toBe('applied');
    expect(by['F-2']).toEqual({ sku: 'F-2', status: 'failed', reason: `Trendyol: Stok güncellenemedi: ${barcodeOf('F-2')} (injected failure)` });
    expect(by.GHOST).toEqual({ sku: 'GHOST', status: 'failed', reason: 'Trendyol: No approved product was found for barcode 8699999999999.' });
    expect(f.quantities()).toMatchObject({ 'F-1': 4, 'F-2': 1, 'F-3': 4 });
  });

  it('refuses an item whose listPrice is below its salePrice before sending, and sends the others', async () => {
    const f = await fake();
    f.seed(['LP-1', 'LP-2'].map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 1, salePrice: 100, listPrice: 120 })));
    const { channel } = await open(f, { prices: true });
    expect(channel.capabilities.prices).toBe(true);
    const remote = await channel.read(['LP-1', 'LP-2'].map((s) => local(s)));
    const written = await channel.write(changesTo(remote, () => 2, (r) => (r.sku === 'LP-1' ? { sale: 200, list: 150 } : { sale: 90, list: 110 })));
    expect(written[0]).toEqual({ sku: 'LP-1', status: 'failed', reason: expect.stringMatching(/listPrice 150 is below salePrice 200/) });
    expect(written[1].status).toBe('pending');
    expect(f.writes.flatMap((w) => w.items)).toEqual([{ barcode: barcodeOf('LP-2'), quantity: 2, salePrice: 90, listPrice: 110 }]);
    await pollUntilSettled(channel, written);
    expect(f.prices()).toEqual({ 'LP-1': { sale: 100, list: 120 }, 'LP-2': { sale: 90, list: 110 } });
  });

  it('sends at most 1000 items per request', async () => {
    const f = await fake();
    const all = skus(2500, 'K');
    f.seed(all.map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 0 })));
    const { channel } = await open(f);
    expect(channel.capabilities.writeBatchSize).toBe(1000);
    const changes = all.map((sku): Change => ({ sku, ref: { barcode: barcodeOf(sku) }, remote: 0, target: 3, delta: 3 }));
    const written = await channel.write(changes);
    expect(f.writes.map((w) => [w.items.length, w.status])).toEqual([
      [1000, 200],
      [1000, 200],
      [500, 200],
    ]);
    expect(new Set(written.map((o) => (o.status === 'pending' ? o.batchId : o.status))).size).toBe(3);
    f.settle();
    const { outcomes } = await pollUntilSettled(channel, written);
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(2500);
  });

  it('reports a write whose answer was lost or was a 500 as unknown, never as applied or failed', async () => {
    const f = await fake();
    f.seed(['U-1', 'U-2'].map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 1 })));
    const { channel } = await open(f);
    const remote = await channel.read(['U-1', 'U-2'].map((s) => local(s)));
    f.inject({ kind: 'drop-after-apply' }, 'write');
    const lost = await channel.write(changesTo(remote, () => 5));
    expect(lost.map((o) => o.status)).toEqual(['unknown', 'unknown']);
    f.inject({ kind: '500' }, 'write');
    const five = await channel.write(changesTo(remote, () => 6));
    expect(five.map((o) => o.status)).toEqual(['unknown', 'unknown']);
    expect(five[0].status === 'unknown' && five[0].reason).toMatch(/HTTP 500/);
    expect(f.requestCount('write')).toBe(2); // neither was re-sent blindly
  });
});

describe('trendyol and the 15-minute identical-request rule', () => {
  it('a re-run that changed nothing sends nothing, so it can never be refused as identical', async () => {
    const f = await fake({ completeAfterMs: 0 });
    const all = skus(5, 'I');
    f.seed(all.map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 1 })));
    const store = Store.open(join(dir, 'integr.db'));
    try {
      seedLocal(store, all.map((sku): LocalSeed => ({ sku, barcode: barcodeOf(sku), stock: { MAIN: 4 } })));
      const first = await sync(f, store);
      expect(first).toMatchObject({ status: 'completed', updated: 5 });
      const again = await sync(f, store);
      expect(again).toMatchObject({ status: 'completed', changes: 0, updated: 0 });
      expect(f.writes.map((w) => w.status)).toEqual([200]);
    } finally {
      store.close();
    }
  });

  it('follows the earlier batch when Trendyol refuses a body it already has, in this process or the next', async () => {
    const f = await fake();
    f.seed(['D-1', 'D-2'].map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 1 })));
    f.inject({ kind: 'item-failure', sku: 'D-2' }, 'write');
    const cache = memoryCache();
    const { channel } = await open(f, {}, cache);
    const changes = changesTo(await channel.read(['D-1', 'D-2'].map((s) => local(s))), () => 3);
    const first = await channel.write(changes);
    const batchId = f.writes[0].batchRequestId!;
    const again = await channel.write(changes);
    expect(f.writes.map((w) => w.status)).toEqual([200, 400]);
    expect(again).toEqual([
      { sku: 'D-1', status: 'pending', batchId },
      { sku: 'D-2', status: 'pending', batchId },
    ]);
    // A new process with the same store cache knows which batch that body went into.
    const { channel: next } = await open(f, {}, cache);
    const third = await next.write(changes);
    expect(third.every((o) => o.status === 'pending' && o.batchId === batchId)).toBe(true);
    const { outcomes } = await pollUntilSettled(next, third);
    expect(outcomes).toEqual([
      { sku: 'D-1', status: 'applied' },
      { sku: 'D-2', status: 'failed', reason: expect.stringMatching(/injected failure/) },
    ]);
    expect(first).toHaveLength(2);
  });

  it('confirms by re-reading when the earlier batch id was lost, and never re-sends the body', async () => {
    const f = await fake();
    f.seed(['Z-1', 'Z-2'].map((sku) => ({ sku, barcode: barcodeOf(sku), quantity: 1, salePrice: 50, listPrice: 60 })));
    const { channel, log } = await open(f, { prices: true });
    const changes = changesTo(await channel.read(['Z-1', 'Z-2'].map((s) => local(s))), () => 8, () => ({ sale: 45, list: 60 }));
    f.inject({ kind: 'drop-after-apply' }, 'write');
    expect((await channel.write(changes)).map((o) => o.status)).toEqual(['unknown', 'unknown']);
    // The engine re-reads (still old values: the batch is not processed yet) and pushes the same plan again.
    const again = await channel.write(changes);
    expect(f.writes.map((w) => w.status)).toEqual([200, 400]);
    expect(again.every((o) => o.status === 'pending' && o.batchId.startsWith('confirm-by-read:'))).toBe(true);
    expect(log.verbose.some((m) => /identical to one it received in the last 15 minutes/.test(m))).toBe(true);
    const early = await channel.poll!((again[0] as { batchId: string }).batchId, ['Z-1', 'Z-2']);
    expect(early.map((o) => o.status)).toEqual(['pending', 'pending']);
    f.settle(); // Trendyol works through the lost batch
    const { outcomes } = await pollUntilSettled(channel, early);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(f.quantities()).toMatchObject({ 'Z-1': 8, 'Z-2': 8 });
    expect(f.appliedWrites()).toEqual({ 'Z-1': 1, 'Z-2': 1 });
    expect(f.requestCount('write')).toBe(2);
  });

  it('the fake refuses with the Turkish message the adapter recognises', async () => {
    const f = await fake();
    f.seed([{ sku: 'T-1', barcode: barcodeOf('T-1'), quantity: 1 }]);
    const { channel } = await open(f, {}, memoryCache());
    const change: Change = { sku: 'T-1', ref: { barcode: barcodeOf('T-1') }, remote: 1, target: 2, delta: 1 };
    await channel.write([change]);
    const { channel: forgetful } = await open(f, {}, memoryCache());
    await forgetful.write([change]);
    expect(f.writes[1].status).toBe(400);
    expect(IDENTICAL_REQUEST_MESSAGE).toMatch(/15 dakika/);
  });
});

describe('trendyol through the sync engine', () => {
  let store: Store;
  beforeEach(() => {
    store = Store.open(join(dir, 'integr.db'));
  });
  afterEach(() => store.close());

  it('pushes prices only when prices: true, and only those that differ', async () => {
    const f = await fake({ completeAfterMs: 0 });
    f.seed([
      { sku: 'PR-1', barcode: barcodeOf('PR-1'), quantity: 5, salePrice: 100, listPrice: 120 },
      { sku: 'PR-2', barcode: barcodeOf('PR-2'), quantity: 5, salePrice: 100, listPrice: 120 },
      { sku: 'PR-3', barcode: barcodeOf('PR-3'), quantity: 5, salePrice: 100, listPrice: 120 },
    ]);
    seedLocal(store, [
      { sku: 'PR-1', barcode: barcodeOf('PR-1'), price: 100, listPrice: 120, stock: { MAIN: 6 } },
      { sku: 'PR-2', barcode: barcodeOf('PR-2'), price: 89.9, listPrice: 129.9, stock: { MAIN: 5 } },
      { sku: 'PR-3', barcode: barcodeOf('PR-3'), price: 95, listPrice: 120, stock: { MAIN: 7 } },
    ]);
    const stockOnly = await sync(f, store);
    expect(stockOnly).toMatchObject({ status: 'completed', changes: 2, updated: 2 });
    expect(f.writes[0].items).toEqual([
      { barcode: barcodeOf('PR-1'), quantity: 6 },
      { barcode: barcodeOf('PR-3'), quantity: 7 },
    ]);
    expect(f.prices()['PR-2']).toEqual({ sale: 100, list: 120 });

    const withPrices = await sync(f, store, { prices: true });
    expect(withPrices).toMatchObject({ status: 'completed', changes: 2, updated: 2 });
    // PR-1 is equal in stock and price: not sent. PR-2 and PR-3 differ in price only: no quantity.
    expect(f.writes[1].items).toEqual([
      { barcode: barcodeOf('PR-2'), salePrice: 89.9, listPrice: 129.9 },
      { barcode: barcodeOf('PR-3'), salePrice: 95, listPrice: 120 },
    ]);
    expect(f.prices()).toEqual({ 'PR-1': { sale: 100, list: 120 }, 'PR-2': { sale: 89.9, list: 129.9 }, 'PR-3': { sale: 95, list: 120 } });
    expect((await sync(f, store, { prices: true })).changes).toBe(0);
  });

  it('caps quantities at 20,000 and reports the capped SKUs', async () => {
    const f = await fake({ completeAfterMs: 0 });
    f.seed([
      { sku: 'CAP-1', barcode: barcodeOf('CAP-1'), quantity: 10 },
      { sku: 'CAP-2', barcode: barcodeOf('CAP-2'), quantity: 10 },
    ]);
    seedLocal(store, [
      { sku: 'CAP-1', barcode: barcodeOf('CAP-1'), stock: { MAIN: 25_000 } },
      { sku: 'CAP-2', barcode: barcodeOf('CAP-2'), stock: { MAIN: 20_000 } },
    ]);
    const r = await sync(f, store);
    expect(r).toMatchObject({ status: 'completed', capped: 1, updated: 2 });
    expect(r.plan?.find((p) => p.sku === 'CAP-1')).toMatchObject({ target: 20_000, capped: true });
    expect(f.quantities()).toEqual({ 'CAP-1': 20_000, 'CAP-2': 20_000 });
    expect(f.writes[0].items.map((i) => i.quantity)).toEqual([20_000, 20_000]);
  });

  it('leaves items pending when Trendyol is slower than pollTimeoutSec, and the next run finishes the job', async () => {
    const f = await fake({ pollsToComplete: 1000 });
    f.seed([{ sku: 'SLOW-1', barcode: barcodeOf('SLOW-1'), quantity: 1 }]);
    seedLocal(store, [{ sku: 'SLOW-1', barcode: barcodeOf('SLOW-1'), stock: { MAIN: 3 } }]);
    const loaded = await configIn(dir, { store: { path: join(dir, 'integr.db') }, channels: { ty: section(f, { pollTimeoutSec: 0.2 }) } });
    const [r] = await syncChannels({ loaded, store, log: { verbose: () => {}, warn: () => {} } }, ['ty'], { mode: 'push', force: true });
    expect(r).toMatchObject({ status: 'completed_with_errors', pending: 1, exitCode: 3 });
    expect(store.runs.items(r.runId!).find((i) => i.sku === 'SLOW-1')?.state).toBe('pending');
    f.settle();
    expect((await sync(f, store)).changes).toBe(0);
  });
});

describe('trendyol credentials, doctor and secrets', () => {
  it('reports a 401 as refused credentials (exit 5), with no secret anywhere', async () => {
    const f = await fake({ echoAuthInErrors: true });
    const { channel, log } = await open(f, { apiSecret: 'wrong-secret-value' });
    const err = (await channel.read([local('A-1')]).catch((e: unknown) => e)) as IntegrError;
    expect(err).toBeInstanceOf(IntegrError);
    expect(err.code).toBe('REMOTE_AUTH');
    expect(err.exitCode).toBe(5);
    expect(err.message).toBe('ty: Trendyol refused the credentials (HTTP 401 ClientApiAuthenticationException) for seller 123456');
    expect(err.hint).toMatch(/apiKey and apiSecret/);
    const wrongToken = Buffer.from(`${API_KEY}:wrong-secret-value`).toString('base64');
    const everything = [err.message, err.hint, String((err.cause as IntegrError).message), (err.cause as { body?: string }).body, ...log.verbose, ...log.warn].join('\n');
    expect(everything).toContain('request'); // the fake did echo the header back…
    for (const s of [API_KEY, 'wrong-secret-value', wrongToken]) expect(everything).not.toContain(s); // …and integr masked it
  });

  it('reports a 403 with the User-Agent hint', async () => {
    const f = await fake();
    // Credentials of seller 123456 used with another seller id: Trendyol denies access.
    const { channel } = await open(f, { sellerId: '654321', integrator: 'AcmeSoft' });
    const err = (await channel.check().catch((e: unknown) => e)) as IntegrError;
    expect(err.code).toBe('REMOTE_AUTH');
    expect(err.exitCode).toBe(5);
    expect(err.message).toMatch(/^ty: Trendyol denied access \(HTTP 403: Access denied for this seller\); it does so when the User-Agent header is missing or wrong$/);
    expect(err.hint).toContain('integr sends "User-Agent: 654321 - AcmeSoft"');
  });

  it('a failed write is a credential error too, and stops (it is thrown, not reported per item)', async () => {
    const f = await fake();
    const { channel } = await open(f, { apiKey: 'not-the-key' });
    const err = (await channel.write([{ sku: 'W', ref: { barcode: '1' }, remote: 0, target: 1, delta: 1 }]).catch((e: unknown) => e)) as IntegrError;
    expect(err.code).toBe('REMOTE_AUTH');
    expect(f.writes).toHaveLength(0);
  });

  it('check() makes one read-only call; doctor shows it, and a bad secret as exit 5 without the secret', async () => {
    const f = await fake();
    f.seed([{ sku: 'DOC-1', barcode: barcodeOf('DOC-1'), quantity: 1 }]);
    const { channel } = await open(f, { integrator: 'AcmeSoft' });
    expect(await channel.check()).toBe(`seller 123456 on ${new URL(f.url).host}: credentials and User-Agent accepted, 1 approved product(s)`);
    expect(f.reads).toEqual([{ barcodes: undefined, barcode: undefined, stockCode: undefined, page: 0, size: 1, status: 200 }]);
    expect(f.requestCount('write') + f.requestCount('poll')).toBe(0);

    await configIn(dir, { store: { path: join(dir, 'integr.db') }, channels: { ty: section(f), bad: section(f, { apiSecret: 'doctor-bad-secret' }) } });
    const checks = await runDoctor({ configPath: join(dir, '.integrationsrc.json'), names: ['ty', 'bad'], log: { verbose: () => {}, warn: () => {} } });
    const ty = checks.find((c) => c.name === 'channel ty')!;
    const bad = checks.find((c) => c.name === 'channel bad')!;
    expect(ty).toMatchObject({ ok: true, detail: expect.stringMatching(/seller 123456 .* 1 approved product/) });
    expect(bad).toMatchObject({ ok: false, exitCode: 5, detail: expect.stringMatching(/HTTP 401/) });
    expect(JSON.stringify(checks)).not.toContain('doctor-bad-secret');
  });

  it('masks the key, the secret and the bare Basic token once the channel exists', async () => {
    const f = await fake();
    await open(f);
    expect(redact(`key=${API_KEY} secret=${API_SECRET} token=${TOKEN}`)).toBe('key=**** secret=**** token=****');
  });
});
