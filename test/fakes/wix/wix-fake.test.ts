import { afterEach, describe, expect, it } from 'vitest';
import { startWixFake, ZERO_VARIANT_ID, type WixFake, type WixFakeOptions } from './index.js';

// The fake itself must behave as the API notes say, or the adapter tests prove nothing.

const fakes: WixFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fake(opts: WixFakeOptions = {}): Promise<WixFake> {
  const f = await startWixFake(opts);
  fakes.push(f);
  return f;
}

async function call(f: WixFake, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(f.url + path, {
    method,
    headers: { authorization: f.apiKey, 'wix-site-id': f.siteId, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : undefined };
}

describe('wix fake: auth, version, errors', () => {
  it('reports the catalog version and requires the API key and site id', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    expect((await call(f, 'GET', '/stores/v3/provision/version')).body).toEqual({ catalogVersion: 'V1_CATALOG' });
    const bad = await call(f, 'GET', '/stores/v3/provision/version', undefined, { authorization: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body.details.applicationError.code).toBe('UNAUTHENTICATED');
    expect((await call(f, 'GET', '/stores/v3/provision/version', undefined, { 'wix-site-id': '' })).status).toBe(400);
    expect((await call(f, 'GET', '/stores/v3/provision/version', undefined, { 'wix-site-id': 'other' })).status).toBe(403);
    f.setCatalogVersion('STORES_NOT_INSTALLED');
    expect((await call(f, 'GET', '/stores/v3/provision/version')).body.catalogVersion).toBe('STORES_NOT_INSTALLED');
  });

  it('answers V3 endpoints on a V1 site (and V1 on V3) with 428', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    const r = await call(f, 'POST', '/stores/v3/inventory-items/query', { query: {} });
    expect(r.status).toBe(428);
    expect(r.body.details.applicationError.code).toBe('CATALOG_VERSION_MISMATCH');
    f.setCatalogVersion('V3_CATALOG');
    expect((await call(f, 'POST', '/stores/v1/products/query', { query: {} })).status).toBe(428);
  });

  it('throttles beyond the per-site rate limit with 429 "Resource exhausted"', async () => {
    const f = await fake({ rateLimit: { requests: 3, intervalMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(f, 'GET', '/stores/v3/provision/version')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const r = await call(f, 'GET', '/stores/v3/provision/version');
    expect(r.body.message).toBe('Resource exhausted');
    expect(r.headers.get('retry-after')).toBeNull();
  });
});

describe('wix fake: Catalog V1', () => {
  it('queries products by sku with a JSON-string filter, with variants and the all-zero variant id', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    f.addProduct({ variants: [{ sku: 'MUG-01', quantity: 4 }] });
    f.addProduct({ name: 'T-Shirt', variants: [{ sku: 'TS-S', quantity: 5 }, { sku: 'TS-M', quantity: 7 }] });
    f.addProduct({ hidden: true, variants: [{ sku: 'HIDDEN', quantity: 1 }] });
    f.addProduct({ tracked: false, variants: [{ sku: 'UNTRACKED' }] });
    const filter = JSON.stringify({ sku: { $hasSome: ['MUG-01', 'TS-S', 'HIDDEN', 'UNTRACKED'] } });
    const r = await call(f, 'POST', '/stores-reader/v1/products/query', { query: { filter, paging: { limit: 100 } }, includeVariants: true });
    expect(r.status).toBe(200);
    // Variant SKUs are not matched by the product-level filter by default (the UNCONFIRMED case), hidden ones need includeHiddenProducts.
    expect(r.body.products.map((p: any) => p.sku)).toEqual(['MUG-01', 'UNTRACKED']);
    expect(r.body.products[0].variants[0].id).toBe(ZERO_VARIANT_ID);
    expect(r.body.products[0].variants[0].stock).toEqual({ trackQuantity: true, quantity: 4, inStock: true });
    expect(r.body.products[1].stock.trackInventory).toBe(false);
    expect(r.body.products[1].variants[0].stock.quantity).toBeUndefined();

    f.setSkuFilterMatchesVariants(true);
    const all = await call(f, 'POST', '/stores/v1/products/query', { query: { filter }, includeVariants: true, includeHiddenProducts: true });
    expect(all.body.products.map((p: any) => p.name)).toEqual(['MUG-01', 'T-Shirt', 'HIDDEN', 'UNTRACKED']);
    expect(all.body.totalResults).toBe(4);
    expect(all.body.products[1].sku).toBe('');
  });

  it('rejects paging.limit above 100 and object filters with a validationError', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    const r = await call(f, 'POST', '/stores-reader/v1/products/query', { query: { paging: { limit: 101 } } });
    expect(r.status).toBe(400);
    expect(r.body.details.validationError.fieldViolations[0]).toMatchObject({ field: 'query.paging.limit', violatedRule: 'MAX' });
    expect((await call(f, 'POST', '/stores-reader/v1/products/query', { query: { filter: { sku: 'x' } } })).status).toBe(400);
  });

  it('increments and decrements by productId or inventoryId + variantId, at most 300 entries, all or nothing', async () => {
    const f = await fake({ catalog: 'V1_CATALOG' });
    const mug = f.addProduct({ variants: [{ sku: 'MUG', quantity: 4 }] });
    const ts = f.addProduct({ variants: [{ sku: 'TS-S', quantity: 5 }, { sku: 'TS-M', quantity: 7 }] });
    const inc = await call(f, 'POST', '/stores/v2/inventoryItems/increment', {
      incrementData: [
        { productId: mug.productId, variantId: ZERO_VARIANT_ID, incrementBy: 3 },
        { inventoryId: ts.inventoryItemId, variantId: ts.variants[1].variantId, incrementBy: 1 },
      ],
    });
    expect(inc).toMatchObject({ status: 200, body: {} });
    await call(f, 'POST', '/stores/v2/inventoryItems/decrement', { decrementData: [{ productId: ts.productId, variantId: ts.variants[0].variantId, decrementBy: 5 }] });
    expect(f.quantities()).toEqual({ MUG: 7, 'TS-S': 0, 'TS-M': 8 });

    const tooMany = Array.from({ length: 301 }, () => ({ productId: mug.productId, variantId: ZERO_VARIANT_ID, incrementBy: 1 }));
    expect((await call(f, 'POST', '/stores/v2/inventoryItems/increment', { incrementData: tooMany })).status).toBe(400);
    const missing = await call(f, 'POST', '/stores/v2/inventoryItems/increment', {
      incrementData: [
        { productId: mug.productId, variantId: ZERO_VARIANT_ID, incrementBy: 1 },
        { productId: mug.productId, variantId: 'nope', incrementBy: 1 },
      ],
    });
    expect(missing.status).toBe(404);
    expect(f.quantities().MUG).toBe(7);
    expect(f.appliedWrites()).toEqual({ MUG: 1, 'TS-S': 1, 'TS-M': 1 });
  });
});

describe('wix fake: Catalog V3', () => {
  it('queries inventory items by product.variantSku $in with cursor paging', async () => {
    const f = await fake();
    f.seed([
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 2 },
      { sku: 'C', quantity: 3 },
      { sku: 'D', quantity: null },
    ]);
    const first = await call(f, 'POST', '/stores/v3/inventory-items/query', { query: { filter: { 'product.variantSku': { $in: ['A', 'B', 'C', 'D', 'Z'] } }, cursorPaging: { limit: 2 } } });
    expect(first.body.inventoryItems).toHaveLength(2);
    const next = first.body.pagingMetadata.cursors.next;
    expect(typeof next).toBe('string');
    expect((await call(f, 'POST', '/stores/v3/inventory-items/query', { query: { filter: {}, cursorPaging: { limit: 2, cursor: next } } })).status).toBe(400);
    const second = await call(f, 'POST', '/stores/v3/inventory-items/query', { query: { cursorPaging: { limit: 2, cursor: next } } });
    const items = [...first.body.inventoryItems, ...second.body.inventoryItems];
    expect(items.map((i: any) => i.product.variantSku).sort()).toEqual(['A', 'B', 'C', 'D']);
    const d = items.find((i: any) => i.product.variantSku === 'D');
    expect(d.trackQuantity).toBe(false);
    expect(d.quantity).toBeUndefined();
    expect(second.body.pagingMetadata.cursors.next).toBeNull();
    expect((await call(f, 'POST', '/stores/v3/inventory-items/query', { query: { cursorPaging: { limit: 1001 } } })).status).toBe(400);
  });

  it('bulk increments/decrements with per-item failures inside a 200 response', async () => {
    const f = await fake();
    const a = f.addProduct({ variants: [{ sku: 'A', quantity: 10 }] });
    const u = f.addProduct({ tracked: false, variants: [{ sku: 'U' }] });
    const r = await call(f, 'POST', '/stores/v3/bulk/inventory-items/decrement', {
      decrementData: [
        { inventoryItemId: a.variants[0].v3InventoryItemId, decrementBy: 4 },
        { inventoryItemId: u.variants[0].v3InventoryItemId, decrementBy: 1 },
        { inventoryItemId: a.variants[0].v3InventoryItemId, decrementBy: 100_000 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: any) => x.itemMetadata.success)).toEqual([true, false, false]);
    expect(r.body.results[1].itemMetadata.error.code).toBe('TRACK_QUANTITY_DISABLED');
    expect(r.body.bulkActionMetadata).toEqual({ totalSuccesses: 1, totalFailures: 2, undetailedFailures: 0 });
    expect(f.quantities()).toEqual({ A: 6, U: null });

    f.inject({ kind: 'item-failure', sku: 'A' }, 'write');
    const failed = await call(f, 'POST', '/stores/v3/bulk/inventory-items/increment', { incrementData: [{ inventoryItemId: a.variants[0].v3InventoryItemId, incrementBy: 1 }] });
    expect(failed.body.results[0].itemMetadata.success).toBe(false);
    const okAgain = await call(f, 'POST', '/stores/v3/bulk/inventory-items/increment', { incrementData: [{ inventoryItemId: a.variants[0].v3InventoryItemId, incrementBy: 1 }] });
    expect(okAgain.body.results[0].itemMetadata.success).toBe(true);
    expect(f.quantities().A).toBe(7);
    const tooMany = Array.from({ length: 301 }, () => ({ inventoryItemId: a.variants[0].v3InventoryItemId, incrementBy: 1 }));
    expect((await call(f, 'POST', '/stores/v3/bulk/inventory-items/increment', { incrementData: tooMany })).status).toBe(400);
    expect(f.requestCount('write')).toBe(4);
  });

  it('applies a write and then drops the connection on drop-after-apply', async () => {
    const f = await fake();
    const a = f.addProduct({ variants: [{ sku: 'A', quantity: 1 }] });
    f.inject({ kind: 'drop-after-apply' }, 'write');
    await expect(call(f, 'POST', '/stores/v3/bulk/inventory-items/increment', { incrementData: [{ inventoryItemId: a.variants[0].v3InventoryItemId, incrementBy: 2 }] })).rejects.toThrow();
    expect(f.quantities().A).toBe(3);
    expect(f.appliedWrites()).toEqual({ A: 1 });
  });
});
