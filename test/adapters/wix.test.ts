import { afterEach, describe, expect, it } from 'vitest';
import { wix } from '../../adapters/wix/index.js';
import { createWixChannel, type WixConfig, type WixHttpOverrides } from '../../adapters/wix/channel.js';
import { findAdapter } from '../../adapters/index.js';
import { secretKeysOf } from '../../src/config/secret.js';
import type { AdapterCache, Change, Channel, ChannelContext, ItemOutcome, LocalItem, RemoteItem } from '../../src/sync/channel.js';
import { IntegrError } from '../../src/errors.js';
import { RemoteError } from '../../src/http/errors.js';
import { startWixFake, ZERO_VARIANT_ID, type CatalogVersion, type WixFake, type WixFakeOptions } from '../fakes/wix/index.js';
import { closedPort } from '../http/loopback-server.js';

const fakes: WixFake[] = [];
const channels: Channel[] = [];
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()));
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(opts: WixFakeOptions = {}): Promise<WixFake> {
  const f = await startWixFake(opts);
  fakes.push(f);
  return f;
}

interface TestCtx extends ChannelContext {
  store: Map<string, string>;
  warnings: string[];
  verbose: string[];
}

function context(store = new Map<string, string>()): TestCtx {
  const warnings: string[] = [];
  const verbose: string[] = [];
  const cache: AdapterCache = { get: (k) => store.get(k), set: (k, v) => void store.set(k, v) };
  return { name: 'wix', cache, log: { verbose: (m) => verbose.push(m), warn: (m) => warnings.push(m) }, store, warnings, verbose };
}

const fast: WixHttpOverrides = { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } };

function open(f: WixFake, extra: Partial<WixConfig> = {}, ctx: TestCtx = context(), overrides: WixHttpOverrides = fast): { channel: Channel; ctx: TestCtx } {
  const channel = createWixChannel({ apiKey: f.apiKey, siteId: f.siteId, catalog: 'auto', baseUrl: f.url, ...extra }, ctx, overrides);
  channels.push(channel);
  return { channel, ctx };
}

const local = (...skus: string[]): LocalItem[] => skus.map((sku) => ({ sku, barcode: null, name: null, price: null, listPrice: null }));

function bySku(items: RemoteItem[]): Record<string, RemoteItem> {
  return Object.fromEntries(items.map((i) => [i.sku, i]));
}

/** What the engine does: read, then build changes towards targets. */
async function changesTo(channel: Channel, targets: Record<string, number>): Promise<Change[]> {
  const remote = bySku(await channel.read(local(...Object.keys(targets))));
  return Object.entries(targets)
    .filter(([sku]) => remote[sku] && remote[sku].quantity !== null && remote[sku].quantity !== targets[sku])
    .map(([sku, target]) => ({ sku, ref: remote[sku].ref, remote: remote[sku].quantity!, target, delta: target - remote[sku].quantity! }));
}

const statuses = (outcomes: ItemOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.sku, o.status]));

describe('definition', () => {
  it('is registered as type wix with apiKey marked secret and catalog defaulting to auto', () => {
    expect(findAdapter('channel', 'wix')).toBe(wix);
    expect(secretKeysOf(wix.configSchema)).toEqual(['apiKey']);
    expect(wix.configSchema.parse({ apiKey: 'k', siteId: 's' })).toEqual({ apiKey: 'k', siteId: 's', catalog: 'auto' });
    expect(() => wix.configSchema.parse({ apiKey: 'k', siteId: 's', catalog: 'v2' })).toThrow();
  });

  it('creates a channel through the definition with the documented capabilities', async () => {
    const f = await fake();
    const channel = await wix.create({ type: 'wix', apiKey: f.apiKey, siteId: f.siteId, catalog: 'auto', baseUrl: f.url, writeBatchSize: 1000, timeoutMs: 5000 }, context());
    channels.push(channel);
    expect(channel.capabilities).toEqual({
      writeMode: 'relative',
      readBatchSize: 100,
      writeBatchSize: 300,
      maxQuantity: 99999,
      rateLimit: { requests: 200, intervalMs: 60000 },
      asyncWrites: false,
      prices: false,
    });
    expect(open(f, { writeBatchSize: 50 }).channel.capabilities.writeBatchSize).toBe(50);
  });
});

describe('catalog detection and check()', () => {
  it('asks the version once per site and caches it for later channels', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    const store = new Map<string, string>();
    const { channel } = open(f, {}, context(store));
    expect(await channel.check()).toBe(`Wix site ${f.siteId}, catalog V1`);
    expect(store.get(`catalogVersion:${f.siteId}`)).toBe('V1_CATALOG');
    const before = f.requestCount('meta');
    const second = open(f, {}, context(store)).channel;
    f.addProduct({ variants: [{ sku: 'A', quantity: 1 }] });
    expect((await second.read(local('A'))).map((i) => i.quantity)).toEqual([1]);
    expect(f.requestCount('meta')).toBe(before);
  });

  it('detects V3 on first use when nothing is cached', async () => {
    const f = await fake({ catalog: 'V3_CATALOG' });
    f.addProduct({ variants: [{ sku: 'A', quantity: 2 }] });
    const { channel, ctx } = open(f);
    expect((await channel.read(local('A')))[0].ref.catalog).toBe('V3');
    expect(ctx.store.get(`catalogVersion:${f.siteId}`)).toBe('V3_CATALOG');
    expect(f.requestCount('meta')).toBe(1);
  });

  it('says clearly when Wix Stores is not installed', async () => {
    const f = await fake({ catalog: 'STORES_NOT_INSTALLED' });
    const { channel, ctx } = open(f);
    await expect(channel.check()).rejects.toThrow(`wix: Wix Stores is not installed on site ${f.siteId}`);
    await expect(channel.read(local('A'))).rejects.toMatchObject({ code: 'REMOTE_ERROR' });
    expect(ctx.store.size).toBe(0);
  });

  it('refuses a forced catalog that does not match the site, with Wix\'s reason in the message', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    const { channel } = open(f, { catalog: 'v3' });
    const err = await channel.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrError);
    expect((err as IntegrError).code).toBe('CONFIG');
    const readErr = (await channel.read(local('A')).catch((e: unknown) => e)) as RemoteError;
    expect(readErr.status).toBe(428);
    expect(readErr.message).toContain('CATALOG_VERSION_MISMATCH');
    expect(readErr.hint).toContain('catalog to auto');
  });

  it('follows a site that migrated from V1 to V3 after the version was cached', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    f.addProduct({ variants: [{ sku: 'A', quantity: 3 }] });
    const store = new Map([[`catalogVersion:${f.siteId}`, 'V1_CATALOG']]);
    f.setCatalogVersion('V3_CATALOG');
    const { channel, ctx } = open(f, {}, context(store));
    const [item] = await channel.read(local('A'));
    expect(item).toMatchObject({ sku: 'A', quantity: 3, ref: { catalog: 'V3' } });
    expect(store.get(`catalogVersion:${f.siteId}`)).toBe('V3_CATALOG');
    expect(ctx.warnings.join('\n')).toContain('now runs Catalog V3');
  });
});

describe.each<CatalogVersion>(['V1_CATALOG', 'V3_CATALOG'])('%s', (catalog) => {
  const label = catalog === 'V1_CATALOG' ? 'V1' : 'V3';

  async function shop() {
    const f = await fake({ catalog, skuFilterMatchesVariants: true });
    const mug = f.addProduct({ variants: [{ sku: 'MUG-01', quantity: 4 }] });
    const shirt = f.addProduct({ name: 'T-Shirt', variants: [{ sku: 'TS-S', quantity: 5 }, { sku: 'TS-M', quantity: 0 }, { sku: 'TS-L', quantity: 9 }] });
    f.addProduct({ tracked: false, variants: [{ sku: 'GIFT-CARD' }] });
    f.addProduct({ hidden: true, variants: [{ sku: 'HIDDEN-1', quantity: 2 }] });
    return { f, mug, shirt };
  }

  it('reads simple and multi-variant products, untracked as null, and leaves out unknown SKUs', async () => {
    const { f, mug, shirt } = await shop();
    const { channel } = open(f);
    const items = bySku(await channel.read(local('MUG-01', 'TS-S', 'TS-M', 'TS-L', 'GIFT-CARD', 'HIDDEN-1', 'NOPE-1', 'NOPE-2')));
    expect(Object.keys(items).sort()).toEqual(['GIFT-CARD', 'HIDDEN-1', 'MUG-01', 'TS-L', 'TS-M', 'TS-S']);
    expect(items['MUG-01'].quantity).toBe(4);
    expect(items['TS-S'].quantity).toBe(5);
    expect(items['TS-M'].quantity).toBe(0);
    expect(items['GIFT-CARD'].quantity).toBeNull();
    if (label === 'V1') {
      expect(items['MUG-01'].ref).toMatchObject({ catalog: 'V1', productId: mug.productId, inventoryId: mug.inventoryItemId, variantId: ZERO_VARIANT_ID });
      expect(items['TS-L'].ref).toMatchObject({ productId: shirt.productId, variantId: shirt.variants[2].variantId });
    } else {
      expect(items['MUG-01'].ref).toMatchObject({ catalog: 'V3', inventoryItemId: mug.variants[0].v3InventoryItemId });
      expect(items['TS-L'].ref).toMatchObject({ inventoryItemId: shirt.variants[2].v3InventoryItemId, productId: shirt.productId });
    }
  });

  it('pushes increments and decrements so the remote ends exactly at the targets, each applied once', async () => {
    const { f } = await shop();
    const { channel } = open(f);
    const changes = await changesTo(channel, { 'MUG-01': 10, 'TS-S': 0, 'TS-M': 3, 'TS-L': 9 });
    expect(changes.map((c) => [c.sku, c.delta])).toEqual([['MUG-01', 6], ['TS-S', -5], ['TS-M', 3]]);
    const outcomes = await channel.write(changes);
    expect(outcomes).toEqual([
      { sku: 'MUG-01', status: 'applied' },
      { sku: 'TS-S', status: 'applied' },
      { sku: 'TS-M', status: 'applied' },
    ]);
    expect(f.quantities()).toMatchObject({ 'MUG-01': 10, 'TS-S': 0, 'TS-M': 3, 'TS-L': 9 });
    expect(f.appliedWrites()).toEqual({ 'MUG-01': 1, 'TS-S': 1, 'TS-M': 1 });
    const writes = f.requests().filter((r) => r.kind === 'write').map((r) => r.path);
    expect(writes).toEqual(
      label === 'V1'
        ? ['/stores/v2/inventoryItems/increment', '/stores/v2/inventoryItems/decrement']
        : ['/stores/v3/bulk/inventory-items/increment', '/stores/v3/bulk/inventory-items/decrement'],
    );
    // A second pass finds nothing to change.
    expect(await changesTo(channel, { 'MUG-01': 10, 'TS-S': 0, 'TS-M': 3, 'TS-L': 9 })).toEqual([]);
  });

  it('respects the batch limits: ceil(n/100) reads, ceil(changes/300) writes per direction', async () => {
    const f = await fake({ catalog, skuFilterMatchesVariants: true, seedLayout: 'mixed' });
    const skus = Array.from({ length: 750 }, (_, i) => `SKU-${String(i).padStart(4, '0')}`);
    f.seed(skus.map((sku, i) => ({ sku, quantity: 10 + (i % 50) })));
    const { channel } = open(f);
    await channel.read(local('warm-up')); // detect the catalog first so counts below are pure
    const readsBefore = f.requestCount('read');
    const remote: RemoteItem[] = [];
    for (let i = 0; i < skus.length; i += channel.capabilities.readBatchSize) remote.push(...(await channel.read(local(...skus.slice(i, i + 100)))));
    expect(remote).toHaveLength(750);
    expect(f.requestCount('read') - readsBefore).toBe(Math.ceil(750 / 100));

    // 400 increments and 350 decrements.
    const changes: Change[] = remote.map((r, i) => {
      const delta = i < 400 ? 7 : -5;
      return { sku: r.sku, ref: r.ref, remote: r.quantity!, target: r.quantity! + delta, delta };
    });
    const outcomes: ItemOutcome[] = [];
    for (let i = 0; i < changes.length; i += channel.capabilities.writeBatchSize) outcomes.push(...(await channel.write(changes.slice(i, i + 300))));
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    const writes = f.requests().filter((r) => r.kind === 'write');
    const sizes = writes.map((w) => ((w.body as Record<string, unknown[]>).incrementData ?? (w.body as Record<string, unknown[]>).decrementData).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(300);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(750);
    // Writes go out per call of at most 300; per write() the directions are split.
    expect(writes.length).toBe(4);
    for (const c of changes) expect(f.quantities()[c.sku]).toBe(c.target);
    expect(Object.values(f.appliedWrites()).every((n) => n === 1)).toBe(true);
  });

  it('splits one write() into ceil(k/300) calls per direction, and follows a smaller writeBatchSize', async () => {
    const f = await fake({ catalog, skuFilterMatchesVariants: true, seedLayout: 'simple' });
    f.seed(Array.from({ length: 130 }, (_, i) => ({ sku: `S${i}`, quantity: 10 })));
    const { channel } = open(f, { writeBatchSize: 50 });
    const remote = [...(await channel.read(local(...Array.from({ length: 100 }, (_, i) => `S${i}`)))), ...(await channel.read(local(...Array.from({ length: 30 }, (_, i) => `S${100 + i}`))))];
    const changes = remote.map((r, i): Change => ({ sku: r.sku, ref: r.ref, remote: 10, target: i < 70 ? 12 : 9, delta: i < 70 ? 2 : -1 }));
    expect((await channel.write(changes)).every((o) => o.status === 'applied')).toBe(true);
    expect(f.requestCount('write')).toBe(Math.ceil(70 / 50) + Math.ceil(60 / 50));
  });

  it('drop-after-apply: every item of that call is unknown, never re-sent; a re-read shows it applied', async () => {
    const { f } = await shop();
    const { channel } = open(f);
    const changes = await changesTo(channel, { 'MUG-01': 1, 'TS-L': 2 });
    f.inject({ kind: 'drop-after-apply' }, 'write', 5);
    const outcomes = await channel.write(changes);
    expect(outcomes.map((o) => o.status)).toEqual(['unknown', 'unknown']);
    expect((outcomes[0] as { reason: string }).reason).toContain('outcome is unknown');
    expect(f.requestCount('write')).toBe(1);
    expect(f.appliedWrites()).toEqual({ 'MUG-01': 1, 'TS-L': 1 });
    expect(await changesTo(channel, { 'MUG-01': 1, 'TS-L': 2 })).toEqual([]);
  });

  it('a 500 on a write is outcome-unknown (not retried); a 500 on a read is retried', async () => {
    const { f } = await shop();
    const { channel } = open(f);
    f.inject({ kind: '500' }, 'read');
    const changes = await changesTo(channel, { 'MUG-01': 5 });
    expect(changes).toHaveLength(1);
    f.inject({ kind: '500' }, 'write');
    const [o] = await channel.write(changes);
    expect(o.status).toBe('unknown');
    expect(f.requestCount('write')).toBe(1);
    expect(f.quantities()['MUG-01']).toBe(4);
  });

  it('retries a write refused with 429 (with and without Retry-After) and applies it once', async () => {
    const { f } = await shop();
    const { channel } = open(f, {}, context(), { retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 20 } });
    f.inject({ kind: '429' }, 'write');
    f.inject({ kind: '429', retryAfterSec: 1 }, 'write');
    const outcomes = await channel.write(await changesTo(channel, { 'MUG-01': 6 }));
    expect(outcomes).toEqual([{ sku: 'MUG-01', status: 'applied' }]);
    expect(f.requestCount('write')).toBe(3);
    expect(f.appliedWrites()).toEqual({ 'MUG-01': 1 });
  });

  it('a slow write that times out and a malformed answer are outcome-unknown', async () => {
    const { f } = await shop();
    const { channel } = open(f, { timeoutMs: 80 });
    f.inject({ kind: 'slow', delayMs: 400 }, 'write');
    expect((await channel.write(await changesTo(channel, { 'MUG-01': 6 })))[0].status).toBe('unknown');
    f.inject({ kind: 'malformed' }, 'write');
    expect((await channel.write(await changesTo(channel, { 'TS-S': 1 })))[0].status).toBe('unknown');
    expect(f.quantities()).toMatchObject({ 'MUG-01': 6, 'TS-S': 1 });
  });

  it('reports a per-item failure with Wix\'s reason', async () => {
    const { f } = await shop();
    const { channel } = open(f);
    const changes = await changesTo(channel, { 'MUG-01': 6, 'TS-S': 7, 'TS-M': 1 });
    f.inject({ kind: 'item-failure', sku: 'TS-S' }, 'write');
    const outcomes = await channel.write(changes);
    const failed = outcomes.find((o) => o.sku === 'TS-S') as { status: string; reason: string };
    expect(failed.status).toBe('failed');
    expect(failed.reason).toContain('INVENTORY_UPDATE_FAILED');
    if (label === 'V3') {
      // V3 reports per item inside a 200: the others are applied.
      expect(statuses(outcomes)).toEqual({ 'MUG-01': 'applied', 'TS-S': 'failed', 'TS-M': 'applied' });
      expect(f.quantities()).toMatchObject({ 'MUG-01': 6, 'TS-S': 5, 'TS-M': 1 });
    } else {
      // V1 refuses the whole call (HTTP 400): every item in it failed, nothing applied.
      expect(statuses(outcomes)).toEqual({ 'MUG-01': 'failed', 'TS-S': 'failed', 'TS-M': 'failed' });
      expect(failed.reason).toContain('HTTP 400');
      expect(f.quantities()).toMatchObject({ 'MUG-01': 4, 'TS-S': 5, 'TS-M': 0 });
    }
  });

  it('a write to an untracked item fails with the reason Wix gives', async () => {
    const { f } = await shop();
    const { channel } = open(f);
    const [gift] = await channel.read(local('GIFT-CARD'));
    const [o] = await channel.write([{ sku: 'GIFT-CARD', ref: gift.ref, remote: 0, target: 3, delta: 3 }]);
    expect(o.status).toBe('failed');
    expect((o as { reason: string }).reason).toMatch(label === 'V3' ? /TRACK_QUANTITY_DISABLED/ : /INVENTORY_NOT_TRACKED/);
  });

  it('401 → REMOTE_AUTH with Wix\'s reason, never the key, on read, write and check', async () => {
    const { f } = await shop();
    const good = open(f).channel;
    const changes = await changesTo(good, { 'MUG-01': 9 });
    const wrongKey = 'IST.wrong-key-that-must-never-be-printed-42';
    const { channel } = open(f, { apiKey: wrongKey }, context(new Map([[`catalogVersion:${f.siteId}`, catalog]])));
    for (const attempt of [() => channel.read(local('MUG-01')), () => channel.write(changes), () => channel.check()]) {
      const err = (await attempt().catch((e: unknown) => e)) as RemoteError;
      expect(err).toBeInstanceOf(RemoteError);
      expect(err.code).toBe('REMOTE_AUTH');
      expect(err.exitCode).toBe(5);
      expect(err.message).toContain('the API key was refused');
      expect(err.message).toContain('UNAUTHENTICATED');
      expect(`${err.message} ${err.hint} ${err.body} ${err.stack}`).not.toContain(wrongKey);
    }
    expect(f.quantities()['MUG-01']).toBe(4);
  });
});

describe('Catalog V1 SKU lookup (the UNCONFIRMED filter question)', () => {
  it('finds variant SKUs even when the product-level sku filter does not match them, at a documented cost', async () => {
    const f = await fake({ catalog: 'V1_CATALOG', skuFilterMatchesVariants: false });
    for (let i = 0; i < 250; i++) f.addProduct({ variants: [{ sku: `P${i}-A`, quantity: i }, { sku: `P${i}-B`, quantity: 1 }] });
    f.addProduct({ variants: [{ sku: 'SIMPLE', quantity: 8 }] });
    const { channel } = open(f, { catalog: 'v1' });
    const first = bySku(await channel.read(local('SIMPLE', 'P3-A', 'P200-B', 'MISSING')));
    expect(Object.keys(first).sort()).toEqual(['P200-B', 'P3-A', 'SIMPLE']);
    expect(first['P3-A'].quantity).toBe(3);
    // 1 filtered query + a one-time scan of 251 products (3 pages) + 1 query by product id.
    expect(f.requestCount('read')).toBe(1 + 3 + 1);
    await channel.read(local('P7-A', 'P8-B'));
    // The index is kept for the channel's lifetime: 1 filtered query + 1 by id.
    expect(f.requestCount('read')).toBe(5 + 2);
    const scan = f.requests().filter((r) => r.kind === 'read').map((r) => JSON.parse((r.body as { query: { filter?: string } }).query.filter ?? '{}'));
    expect(scan[1]).toEqual({});
    expect(Object.keys(scan[2])).toEqual(['numericId']);
  });

  it('once the filter is seen matching a variant SKU, it is trusted per site and no scan happens', async () => {
    const f = await fake({ catalog: 'V1_CATALOG', skuFilterMatchesVariants: true });
    for (let i = 0; i < 150; i++) f.addProduct({ variants: [{ sku: `Q${i}-A`, quantity: 1 }, { sku: `Q${i}-B`, quantity: 2 }] });
    f.addProduct({ variants: [{ sku: 'PLAIN', quantity: 3 }] });
    const store = new Map<string, string>();
    const { channel } = open(f, {}, context(store));
    expect(Object.keys(bySku(await channel.read(local('Q1-A', 'Q9-B', 'MISSING')))).sort()).toEqual(['Q1-A', 'Q9-B']);
    expect(f.requestCount('read')).toBe(1);
    expect(store.get(`v1SkuFilterMatchesVariants:${f.siteId}`)).toBe('yes');
    // A later run (same store) with only a simple product and a missing SKU still makes one request.
    const later = open(f, {}, context(store)).channel;
    expect((await later.read(local('PLAIN', 'ALSO-MISSING'))).map((i) => i.sku)).toEqual(['PLAIN']);
    expect(f.requestCount('read')).toBe(2);
  });

  it('costs exactly one query per batch when the filter matches every SKU', async () => {
    const f = await fake({ catalog: 'V1_CATALOG', skuFilterMatchesVariants: true });
    f.addProduct({ variants: [{ sku: 'A-1', quantity: 1 }, { sku: 'A-2', quantity: 2 }] });
    const { channel } = open(f, { catalog: 'v1' });
    expect((await channel.read(local('A-1', 'A-2'))).map((i) => i.quantity)).toEqual([1, 2]);
    expect(f.requestCount('read')).toBe(1);
    const body = f.requests()[0].body as { query: { filter: string; paging: { limit: number } }; includeVariants: boolean; includeHiddenProducts: boolean };
    expect(typeof body.query.filter).toBe('string');
    expect(JSON.parse(body.query.filter)).toEqual({ sku: { $hasSome: ['A-1', 'A-2'] } });
    expect(body.query.paging.limit).toBe(100);
    expect(body.includeVariants).toBe(true);
    expect(body.includeHiddenProducts).toBe(true);
  });

  it('skips a SKU that sits on two variants, with a warning, instead of guessing', async () => {
    const f = await fake({ catalog: 'V3_CATALOG' });
    f.addProduct({ variants: [{ sku: 'X', quantity: 1 }] });
    f.catalog.products[0].variants.push({ ...f.catalog.products[0].variants[0], v3InventoryItemId: 'second-item', v3Id: 'second-variant' });
    const { channel, ctx } = open(f);
    expect(await channel.read(local('X'))).toEqual([]);
    expect(ctx.warnings.join('\n')).toContain('SKU X has 2 Wix inventory items');
  });
});

describe('unreachable and secrets', () => {
  it('connection refused: reads throw REMOTE_UNREACHABLE naming the host, writes fail as not sent', async () => {
    const port = await closedPort();
    const ctx = context(new Map([['catalogVersion:site-1', 'V3_CATALOG']]));
    const channel = createWixChannel({ apiKey: 'IST.key-never-shown-123', siteId: 'site-1', catalog: 'auto', baseUrl: `http://127.0.0.1:${port}` }, ctx, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    channels.push(channel);
    const err = (await channel.read(local('A')).catch((e: unknown) => e)) as RemoteError;
    expect(err.code).toBe('REMOTE_UNREACHABLE');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    const [o] = await channel.write([{ sku: 'A', ref: { catalog: 'V3', inventoryItemId: 'i-1' }, remote: 1, target: 2, delta: 1 }]);
    expect(o.status).toBe('failed');
    expect((o as { reason: string }).reason).toContain('not sent');
    expect(JSON.stringify([err.message, o, ctx.warnings, ctx.verbose])).not.toContain('IST.key-never-shown-123');
  });

  it('never shows the API key in outcomes or logs when a write finally fails', async () => {
    const f = await fake({ apiKey: 'IST.echoed-secret-key-987654321' });
    f.addProduct({ variants: [{ sku: 'A', quantity: 1 }] });
    const { channel, ctx } = open(f);
    const changes = await changesTo(channel, { A: 3 });
    f.inject({ kind: '429' }, 'write', 10);
    const outcomes = await channel.write(changes);
    expect(outcomes[0].status).toBe('failed');
    expect((outcomes[0] as { reason: string }).reason).toContain('429');
    expect(JSON.stringify([outcomes, ctx.warnings, ctx.verbose])).not.toContain(f.apiKey);
  });
});
