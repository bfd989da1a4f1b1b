// The pure parts of the Trendyol adapter: queries, page parsing, matching, write rules, batch results,
// error reading, the 15-minute memory and the config schema. No network.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonChannelShape } from '../../src/config/schema.js';
import { secretKeysOf } from '../../src/config/secret.js';
import { RemoteError } from '../../src/http/errors.js';
import type { Change, LocalItem } from '../../src/sync/channel.js';
import { basicToken, paths, trendyolUserAgent } from '../../adapters/trendyol/api.js';
import { mapBatchResult } from '../../adapters/trendyol/batch-result.js';
import { PRODUCTION_BASE_URL, trendyolConfigSchema } from '../../adapters/trendyol/config.js';
import { trendyol } from '../../adapters/trendyol/index.js';
import { barcodeQueries, matchVariants, parseInventoryPage, remainingPages, type TrendyolVariant } from '../../adapters/trendyol/read.js';
import { IDENTICAL_REQUEST_WINDOW_MS, RecentWrites } from '../../adapters/trendyol/recent-writes.js';
import { credentialError, trendyolErrorMessages } from '../../adapters/trendyol/remote-errors.js';
import { barcodesQueryValue, isIdenticalRequestRefusal, listPriceFor } from '../../adapters/trendyol/unconfirmed.js';
import { isReflected, planWrite } from '../../adapters/trendyol/write.js';

const local = (sku: string, barcode: string | null = `B${sku}`): LocalItem => ({ sku, barcode, name: null, price: null, listPrice: null });
const variant = (barcode: string, stockCode: string | null, quantity: number | null = 1): TrendyolVariant => ({
  barcode,
  stockCode,
  quantity,
  salePrice: 100,
  listPrice: 120,
  variantId: 1,
  contentId: 2,
});
const change = (sku: string, target: number, remote: number, extra: Partial<Change> = {}): Change => ({
  sku,
  ref: { barcode: `B${sku}`, salePrice: 100, listPrice: 120 },
  remote,
  target,
  delta: target - remote,
  ...extra,
});

describe('trendyol read queries', () => {
  it('asks for distinct barcodes, at most 50 per query, and sets aside items without one', () => {
    const items = [...Array.from({ length: 120 }, (_, i) => local(`S${i}`)), local('DUP', 'BS0'), local('NONE', null), local('BLANK', '  ')];
    const { queries, withoutBarcode } = barcodeQueries(items);
    expect(queries.map((q) => q.barcodes!.length)).toEqual([50, 50, 20]);
    expect(new Set(queries.flatMap((q) => q.barcodes!)).size).toBe(120);
    expect(withoutBarcode.map((i) => i.sku)).toEqual(['NONE', 'BLANK']);
  });

  it('sends several barcodes as one comma-separated value', () => {
    expect(barcodesQueryValue(['869001', '869002'])).toBe('869001,869002');
  });

  it('flattens the variants of a page and refuses answers of the wrong shape', () => {
    const page = parseInventoryPage(
      {
        totalElements: 3,
        totalPages: 2,
        page: 0,
        size: 2,
        content: [
          { contentId: 7, variants: [{ barcode: ' 8690001 ', stockCode: 'A', quantity: 4, salePrice: 10, listPrice: 12, variantId: 70 }] },
          { contentId: 8, variants: [{ barcode: '8690002', stockCode: null, quantity: null, salePrice: 'x' }] },
        ],
      },
      'ty',
    );
    expect(page).toMatchObject({ page: 0, totalPages: 2, totalElements: 3 });
    expect(page.variants).toEqual([
      { barcode: '8690001', stockCode: 'A', quantity: 4, salePrice: 10, listPrice: 12, variantId: 70, contentId: 7 },
      { barcode: '8690002', stockCode: null, quantity: null, salePrice: null, listPrice: null, variantId: null, contentId: 8 },
    ]);
    expect(() => parseInventoryPage('<html>', 'ty')).toThrow(/ty: unexpected inventory-and-price answer: not a JSON object/);
    expect(() => parseInventoryPage({ items: [] }, 'ty')).toThrow(/no "content" list/);
    expect(() => parseInventoryPage({ content: [{ variants: [{ quantity: 1 }] }] }, 'ty')).toThrow(/variant without a barcode/);
  });

  it('follows every page, but never past the page × size window of 10,000', () => {
    const first = { page: 0, totalPages: 3, totalElements: 250, variants: [] };
    expect(remainingPages(first, 100)).toEqual([1, 2]);
    expect(remainingPages({ ...first, totalPages: 1 }, 100)).toEqual([]);
    expect(remainingPages({ ...first, totalPages: 500 }, 100)).toHaveLength(99);
  });
});

describe('trendyol matching', () => {
  it('matches by barcode and keeps the journalled ref small and serialisable', () => {
    const r = matchVariants([local('A', 'B1'), local('B', 'B2'), local('C', 'B9')], [variant('B1', 'whatever'), variant('B2', null, null)], 'barcode');
    expect(r.found.map((f) => [f.sku, f.quantity])).toEqual([
      ['A', 1],
      ['B', null],
    ]);
    expect(r.found[0].ref).toEqual({ barcode: 'B1', stockCode: 'whatever', salePrice: 100, listPrice: 120, variantId: 1, contentId: 2 });
    expect(r.found[0].price).toEqual({ sale: 100, list: 120 });
    expect(JSON.parse(JSON.stringify(r.found[0].ref))).toEqual(r.found[0].ref);
    expect(r.unmatched.map((u) => u.sku)).toEqual(['C']);
  });

  it('matches by SKU = stockCode, ignoring local barcodes, and leaves ambiguous stockCodes out with a warning', () => {
    const r = matchVariants([local('A', 'WRONG'), local('B', null), local('C')], [variant('X1', 'A'), variant('X2', 'B'), variant('X3', 'C'), variant('X4', 'C')], 'sku');
    expect(r.found.map((f) => [f.sku, f.ref.barcode])).toEqual([
      ['A', 'X1'],
      ['B', 'X2'],
    ]);
    expect(r.unmatched).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/SKU C: stockCode matches 2 Trendyol variants \(barcodes X3, X4\); left out/)]);
  });

  it('gives a barcode to one local SKU only, across read batches too', () => {
    const claimed = new Map<string, string>();
    const first = matchVariants([local('A', 'B1'), local('B', 'B1')], [variant('B1', 'A')], 'barcode', claimed);
    expect(first.found.map((f) => f.sku)).toEqual(['A']);
    expect(first.warnings).toEqual(['SKU B: barcode B1 already belongs to SKU A; only A is synced']);
    const later = matchVariants([local('Z', 'B1'), local('A', 'B1')], [variant('B1', 'A')], 'barcode', claimed);
    expect(later.found.map((f) => f.sku)).toEqual(['A']);
    expect(later.warnings).toHaveLength(1);
  });

  it('counts a variant seen twice (two pages or queries) once', () => {
    const r = matchVariants([local('A')], [variant('BA', 'A'), variant('BA', 'A')], 'sku');
    expect(r.found).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });
});

describe('trendyol write rules', () => {
  const opts = { prices: true, maxQuantity: 20_000 };

  it('sends absolute quantities by barcode; prices only when enabled and different from Trendyol’s', () => {
    const plan = planWrite(
      [
        change('A', 5, 3),
        change('B', 7, 7, { price: { sale: 90, list: 110 } }),
        change('C', 2, 1, { price: { sale: 100, list: 120 } }),
        change('D', 4, 2, { price: { sale: 99.999, list: 120.001 } }),
      ],
      opts,
    );
    expect(plan.refused).toEqual([]);
    expect(plan.send).toEqual([
      { sku: 'A', item: { barcode: 'BA', quantity: 5 } },
      // price-only change: the quantity stays out so an order taken meanwhile is not overwritten
      { sku: 'B', item: { barcode: 'BB', salePrice: 90, listPrice: 110 } },
      { sku: 'C', item: { barcode: 'BC', quantity: 2 } },
      { sku: 'D', item: { barcode: 'BD', quantity: 4 } },
    ]);
    const off = planWrite([change('B', 8, 7, { price: { sale: 90, list: 110 } })], { ...opts, prices: false });
    expect(off.send).toEqual([{ sku: 'B', item: { barcode: 'BB', quantity: 8 } }]);
  });

  it('refuses listPrice below salePrice before sending, with a reason that says what to fix', () => {
    const plan = planWrite([change('A', 5, 3, { price: { sale: 150, list: 149.99 } }), change('B', 1, 0)], opts);
    expect(plan.send.map((s) => s.sku)).toEqual(['B']);
    expect(plan.refused).toEqual([
      { sku: 'A', status: 'failed', reason: expect.stringMatching(/listPrice 149\.99 is below salePrice 150: Trendyol requires listPrice ≥ salePrice/) },
    ]);
  });

  it('keeps Trendyol’s crossed-out price when the local product has none, unless the new sale price passes it', () => {
    expect(listPriceFor(100, null, 130)).toBe(130);
    expect(listPriceFor(140, null, 130)).toBe(140);
    expect(listPriceFor(100, null, null)).toBe(100);
    expect(listPriceFor(100, 125, 130)).toBe(125);
    const plan = planWrite([change('A', 3, 3, { price: { sale: 110, list: null } })], opts);
    expect(plan.send[0].item).toEqual({ barcode: 'BA', salePrice: 110, listPrice: 120 });
  });

  it('refuses quantities outside 0..20,000, non-positive prices, items without a barcode, and a barcode twice', () => {
    const plan = planWrite(
      [
        change('A', 20_001, 0),
        change('B', -1, 0),
        change('C', 1.5, 0),
        change('D', 1, 0, { price: { sale: 0, list: 10 } }),
        { ...change('E', 1, 0), ref: {} },
        change('F', 20_000, 0),
        { ...change('G', 3, 0), ref: { barcode: 'BF' } },
      ],
      opts,
    );
    expect(plan.send.map((s) => s.sku)).toEqual(['F']);
    const reasons = Object.fromEntries(plan.refused.map((r) => [r.sku, r.reason]));
    expect(reasons.A).toMatch(/20001 is above Trendyol's maximum of 20000/);
    expect(reasons.B).toMatch(/not a whole number of 0 or more/);
    expect(reasons.C).toMatch(/not a whole number/);
    expect(reasons.D).toMatch(/salePrice 0 is not a positive amount/);
    expect(reasons.E).toMatch(/no Trendyol barcode is known/);
    expect(reasons.G).toMatch(/barcode BF is already written for SKU F/);
  });

  it('tells when Trendyol’s values show what an item asked for', () => {
    const remote = { quantity: 5, salePrice: 99.9, listPrice: 120 };
    expect(isReflected({ barcode: 'x', quantity: 5 }, remote)).toBe(true);
    expect(isReflected({ barcode: 'x', quantity: 4 }, remote)).toBe(false);
    expect(isReflected({ barcode: 'x', salePrice: 99.9, listPrice: 120 }, remote)).toBe(true);
    expect(isReflected({ barcode: 'x', quantity: 5, salePrice: 89.9, listPrice: 120 }, remote)).toBe(false);
  });
});

describe('trendyol batch results', () => {
  const entries = [
    { sku: 'A', barcode: 'BA' },
    { sku: 'B', barcode: 'BB' },
    { sku: 'C', barcode: 'BC' },
    { sku: 'D', barcode: 'BD' },
    { sku: 'E', barcode: 'BE' },
  ];
  const item = (barcode: string, status: string, failureReasons: unknown[] = []) => ({ requestItem: { barcode, quantity: 1 }, status, failureReasons });

  it('maps SUCCESS to applied, FAILED to failed with the reasons joined, and the rest to pending', () => {
    const body = {
      batchRequestId: 'b-1',
      items: [item('BA', 'SUCCESS'), item('BB', 'FAILED', ['Ürün bulunamadı', ' Stok 20000 üstü ']), item('BC', 'IN_PROGRESS'), item('BE', 'FAILED')],
      itemCount: 5,
    };
    expect(mapBatchResult(body, 'b-1', entries, 'ty')).toEqual([
      { sku: 'A', status: 'applied' },
      { sku: 'B', status: 'failed', reason: 'Trendyol: Ürün bulunamadı; Stok 20000 üstü' },
      { sku: 'C', status: 'pending', batchId: 'b-1' },
      { sku: 'D', status: 'pending', batchId: 'b-1' },
      { sku: 'E', status: 'failed', reason: 'Trendyol reported FAILED without a reason' },
    ]);
  });

  it('treats a batch not processed yet as all pending and refuses a body that is not a batch', () => {
    expect(mapBatchResult({ batchRequestId: 'b-2' }, 'b-2', entries.slice(0, 1), 'ty')).toEqual([{ sku: 'A', status: 'pending', batchId: 'b-2' }]);
    expect(() => mapBatchResult('oops', 'b-2', entries, 'ty')).toThrow(/ty: unexpected batch result/);
    expect(() => mapBatchResult({ items: {} }, 'b-2', entries, 'ty')).toThrow(/"items" is not a list/);
  });
});

describe('trendyol errors', () => {
  const ctx = { name: 'ty', sellerId: '123456', userAgent: '123456 - SelfIntegration', baseUrl: PRODUCTION_BASE_URL };
  const remote = (status: number, body: string) => new RemoteError(status === 401 || status === 403 ? 'REMOTE_AUTH' : 'REMOTE_ERROR', `ty: failed with HTTP ${status}`, { status, body, sent: true, outcomeUnknown: status >= 500 });

  it('reads Trendyol error bodies', () => {
    expect(trendyolErrorMessages('{"errors":[{"key":"a","message":"first","errorCode":"x"},{"key":"only.key"}]}')).toEqual(['first', 'only.key']);
    expect(trendyolErrorMessages('{"exception":"ClientApiAuthenticationException"}')).toEqual(['ClientApiAuthenticationException']);
    expect(trendyolErrorMessages('not json')).toEqual([]);
    expect(isIdenticalRequestRefusal(['15 dakika boyunca aynı isteği tekrarlı olarak atamazsınız!'])).toBe(true);
    expect(isIdenticalRequestRefusal(['barcodes can contain at most 50 values'])).toBe(false);
  });

  it('reports 401 as refused credentials and 403 with the User-Agent hint (REMOTE_AUTH, exit 5)', () => {
    const e401 = credentialError(remote(401, '{"exception":"ClientApiAuthenticationException"}'), ctx)!;
    expect(e401.code).toBe('REMOTE_AUTH');
    expect(e401.exitCode).toBe(5);
    expect(e401.message).toBe('ty: Trendyol refused the credentials (HTTP 401 ClientApiAuthenticationException) for seller 123456');
    expect(e401.hint).toMatch(/apiKey and apiSecret/);
    const e403 = credentialError(remote(403, '{"errors":[{"message":"Access denied"}]}'), ctx)!;
    expect(e403.exitCode).toBe(5);
    expect(e403.message).toMatch(/HTTP 403: Access denied\); it does so when the User-Agent header is missing or wrong/);
    expect(e403.hint).toContain('integr sends "User-Agent: 123456 - SelfIntegration"');
    expect(credentialError(remote(400, '{}'), ctx)).toBeUndefined();
    expect(credentialError(new Error('x'), ctx)).toBeUndefined();
  });

  it('explains the stage gateway’s 503 as an IP not whitelisted, and only there', () => {
    const stage = { ...ctx, baseUrl: 'https://stageapigw.trendyol.com/integration' };
    const e = credentialError(remote(503, ''), stage)!;
    expect(e.code).toBe('REMOTE_AUTH');
    expect(e.message).toMatch(/stage gateway answered 503/);
    expect(e.hint).toMatch(/whitelist/);
    expect(credentialError(remote(503, ''), ctx)).toBeUndefined();
  });
});

describe('trendyol 15-minute memory', () => {
  it('remembers which body went into which batch for 15 minutes, in the persistent cache', () => {
    const kv = new Map<string, string>();
    const cache = { get: (k: string) => kv.get(k), set: (k: string, v: string) => void kv.set(k, v) };
    let now = 1_000_000;
    const a = new RecentWrites(cache, () => now);
    a.remember('h1', 'batch-1');
    now += 60_000;
    a.remember('h2', 'batch-2');
    // A new process (new instance, same cache) knows it too.
    const b = new RecentWrites(cache, () => now);
    expect(b.batchFor('h1')).toBe('batch-1');
    expect(b.batchFor('h3')).toBeUndefined();
    now += IDENTICAL_REQUEST_WINDOW_MS - 30_000;
    expect(b.batchFor('h1')).toBeUndefined();
    expect(b.batchFor('h2')).toBe('batch-2');
    b.remember('h3', 'batch-3');
    expect((JSON.parse(kv.get('recent-writes')!) as unknown[]).length).toBe(2);
    kv.set('recent-writes', '{broken');
    expect(b.batchFor('h2')).toBeUndefined();
  });
});

describe('trendyol config and headers', () => {
  // The same merge the config loader makes: common channel keys + the adapter's own.
  const schema = z.object({ ...commonChannelShape, ...trendyolConfigSchema.shape }).strict();
  const base = { type: 'trendyol', sellerId: '123456', apiKey: 'k', apiSecret: 's' };

  it('defaults to the production gateway, barcodes, no prices, and Trendyol poll timings', () => {
    const cfg = schema.parse(base);
    expect(cfg).toMatchObject({ baseUrl: PRODUCTION_BASE_URL, matchBy: 'barcode', prices: false, pollTimeoutSec: 120, pollIntervalMs: 2000 });
    expect(schema.parse({ ...base, sellerId: 123456 }).sellerId).toBe('123456');
    expect(secretKeysOf(schema).sort()).toEqual(['apiKey', 'apiSecret']);
  });

  it('rejects a bad seller id, integrator name or matchBy', () => {
    expect(schema.safeParse({ ...base, sellerId: 'abc' }).success).toBe(false);
    expect(schema.safeParse({ ...base, integrator: 'Acme Soft' }).success).toBe(false);
    expect(schema.safeParse({ ...base, integrator: 'A'.repeat(31) }).success).toBe(false);
    expect(schema.safeParse({ ...base, integrator: 'AcmeSoft2' }).success).toBe(true);
    expect(schema.safeParse({ ...base, matchBy: 'ean' }).success).toBe(false);
  });

  it('is the definition the registry holds', async () => {
    const { findAdapter } = await import('../../adapters/index.js');
    expect(findAdapter('channel', 'trendyol')).toBe(trendyol);
    expect(trendyol.configSchema).toBe(trendyolConfigSchema);
  });

  it('builds the mandatory User-Agent, the Basic token and the documented paths', () => {
    expect(trendyolUserAgent('123456')).toBe('123456 - SelfIntegration');
    expect(trendyolUserAgent('123456', 'AcmeSoft')).toBe('123456 - AcmeSoft');
    expect(Buffer.from(basicToken('key', 'secret'), 'base64').toString()).toBe('key:secret');
    expect(paths.inventoryAndPrice('1')).toBe('/product/sellers/1/products/approved/inventory-and-price');
    expect(paths.priceAndInventory('1')).toBe('/inventory/sellers/1/products/price-and-inventory');
    expect(paths.batchRequest('1', 'a/b')).toBe('/product/sellers/1/products/batch-requests/a%2Fb');
  });
});
