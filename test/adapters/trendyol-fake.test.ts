// The fake Trendyol gateway behaves as the API notes say: these tests talk to it with raw node:http,
// so that every header (or its absence) is under control.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTICAL_REQUEST_MESSAGE, startTrendyolFake, type TrendyolFake } from '../fakes/trendyol/server.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

function raw(fake: TrendyolFake, method: string, path: string, options: { body?: unknown; ua?: string | null; auth?: string | null } = {}): Promise<Raw> {
  const url = new URL(fake.url + path);
  const headers: Record<string, string> = {};
  const ua = options.ua === undefined ? `${fake.sellerId} - SelfIntegration` : options.ua;
  if (ua !== null) headers['user-agent'] = ua;
  const auth = options.auth === undefined ? `Basic ${Buffer.from(`${fake.apiKey}:${fake.apiSecret}`).toString('base64')}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sid = (fake: TrendyolFake) => fake.sellerId;
const readPath = (fake: TrendyolFake, query: string) => `/product/sellers/${sid(fake)}/products/approved/inventory-and-price?${query}`;
const writePath = (fake: TrendyolFake) => `/inventory/sellers/${sid(fake)}/products/price-and-inventory`;
const pollPath = (fake: TrendyolFake, id: string) => `/product/sellers/${sid(fake)}/products/batch-requests/${id}`;
const barcodes = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

describe('fake trendyol: auth, headers and limits', () => {
  let fake: TrendyolFake;
  beforeAll(async () => {
    fake = await startTrendyolFake({ rateLimit: false });
    fake.seed(barcodes(60, 'L').map((b, i) => ({ sku: `SKU-${b}`, barcode: b, quantity: i })));
  });
  afterAll(() => fake.close());

  it('answers 403 without the User-Agent header, or with one of the wrong form', async () => {
    for (const ua of [null, 'integr/0.1.0', `${sid(fake)} - Acme Soft`]) {
      const r = await raw(fake, 'GET', readPath(fake, 'page=0&size=1'), { ua });
      expect(r.status, String(ua)).toBe(403);
      expect(r.json.errors[0]).toMatchObject({ key: 'forbidden', message: expect.stringMatching(/User-Agent/) });
    }
    expect((await raw(fake, 'GET', readPath(fake, 'page=0&size=1'), { ua: `${sid(fake)} - AcmeSoft` })).status).toBe(200);
  });

  it('answers 401 ClientApiAuthenticationException for wrong or missing credentials, 403 for another seller', async () => {
    for (const auth of [null, `Basic ${Buffer.from('k:wrong').toString('base64')}`]) {
      const r = await raw(fake, 'GET', readPath(fake, 'page=0&size=1'), { auth });
      expect(r.status).toBe(401);
      expect(r.json.exception).toBe('ClientApiAuthenticationException');
    }
    const other = await raw(fake, 'GET', `/product/sellers/999/products/approved/inventory-and-price?page=0&size=1`);
    expect(other.status).toBe(403);
  });

  it('takes at most 50 barcodes and a size of at most 100, with Trendyol’s error body', async () => {
    const ok = await raw(fake, 'GET', readPath(fake, `barcodes=${barcodes(50, 'L').join(',')}&page=0&size=100`));
    expect(ok.status).toBe(200);
    expect(ok.json.content.flatMap((c: any) => c.variants)).toHaveLength(50);
    const many = await raw(fake, 'GET', readPath(fake, `barcodes=${barcodes(51, 'L').join(',')}&page=0&size=100`));
    expect(many.status).toBe(400);
    expect(many.json).toEqual({ errors: [{ key: 'barcodes.max', message: expect.stringMatching(/at most 50/), errorCode: 'barcodes.max' }] });
    const big = await raw(fake, 'GET', readPath(fake, 'page=0&size=101'));
    expect(big.status).toBe(400);
    expect(big.json.errors[0].message).toMatch(/100/);
  });

  it('pages with page, size and totalPages', async () => {
    const pages = [];
    for (let page = 0; page < 4; page++) pages.push((await raw(fake, 'GET', readPath(fake, `barcodes=${barcodes(5, 'L').join(',')}&page=${page}&size=2`))).json);
    expect(pages.map((p) => [p.page, p.size, p.totalPages, p.totalElements, p.content.length])).toEqual([
      [0, 2, 3, 5, 2],
      [1, 2, 3, 5, 2],
      [2, 2, 3, 5, 1],
      [3, 2, 3, 5, 0],
    ]);
  });

  it('takes at most 1000 items per write', async () => {
    const items = barcodes(1001, 'L').map((barcode) => ({ barcode, quantity: 1 }));
    const over = await raw(fake, 'POST', writePath(fake), { body: { items } });
    expect(over.status).toBe(400);
    expect(over.json.errors[0]).toMatchObject({ key: 'items.max', message: expect.stringMatching(/at most 1000/) });
    const ok = await raw(fake, 'POST', writePath(fake), { body: { items: items.slice(0, 1000) } });
    expect(ok.status).toBe(200);
    expect(ok.json.batchRequestId).toMatch(/^[0-9a-f-]{36}-\d{10}$/);
  });

  it('refuses an identical body within the window with the Turkish message, and takes it again afterwards', async () => {
    const body = { items: [{ barcode: 'L00001', quantity: 9 }] };
    expect((await raw(fake, 'POST', writePath(fake), { body })).status).toBe(200);
    const again = await raw(fake, 'POST', writePath(fake), { body });
    expect(again.status).toBe(400);
    expect(again.json.errors[0].message).toBe(IDENTICAL_REQUEST_MESSAGE);
    // A different body is fine at once.
    expect((await raw(fake, 'POST', writePath(fake), { body: { items: [{ barcode: 'L00001', quantity: 10 }] } })).status).toBe(200);
    fake.forgetWriteBodies();
    expect((await raw(fake, 'POST', writePath(fake), { body })).status).toBe(200);
  });

  it('answers an unknown batch with 404 and an unknown path with 404', async () => {
    expect((await raw(fake, 'GET', pollPath(fake, 'nope-1'))).status).toBe(404);
    expect((await raw(fake, 'GET', '/product/nothing')).status).toBe(404);
  });
});

describe('fake trendyol: asynchronous batches', () => {
  let fake: TrendyolFake;
  beforeAll(async () => {
    fake = await startTrendyolFake({ pollsToComplete: 2, rateLimit: false });
    fake.seed([
      { sku: 'A', barcode: 'BA', quantity: 1, salePrice: 100, listPrice: 120 },
      { sku: 'B', barcode: 'BB', quantity: 1 },
      { sku: 'C', barcode: 'BC', quantity: 1 },
      { sku: 'D', barcode: 'BD', quantity: 1 },
    ]);
  });
  afterAll(() => fake.close());

  it('applies nothing when the write is accepted, then a share of the items per poll, with FAILED reasons', async () => {
    fake.inject({ kind: 'item-failure', sku: 'D' }, 'write');
    const items = [
      { barcode: 'BA', quantity: 5, salePrice: 90, listPrice: 110 },
      { barcode: 'BB', quantity: 20_001 },
      { barcode: 'NOPE', quantity: 3 },
      { barcode: 'BD', quantity: 4 },
      { barcode: 'BC', salePrice: 100, listPrice: 50 },
    ];
    const w = await raw(fake, 'POST', writePath(fake), { body: { items } });
    expect(w.status).toBe(200);
    const id = w.json.batchRequestId as string;
    expect(fake.quantities()).toEqual({ A: 1, B: 1, C: 1, D: 1 });

    const first = (await raw(fake, 'GET', pollPath(fake, id))).json;
    expect(first).toMatchObject({ batchRequestId: id, itemCount: 5, batchRequestType: 'ProductInventoryUpdate', sourceType: 'API' });
    expect(first.status).toBeUndefined(); // inventory batches carry no top-level status
    expect(first.items).toHaveLength(2);
    expect(fake.quantities().A).toBe(5);
    expect(fake.quantities().D).toBe(1);

    const second = (await raw(fake, 'GET', pollPath(fake, id))).json;
    const byBarcode = Object.fromEntries(second.items.map((i: any) => [i.requestItem.barcode, i]));
    expect(second.items).toHaveLength(5);
    expect(second.failedItemCount).toBe(4);
    expect(byBarcode.BA).toMatchObject({ status: 'SUCCESS', failureReasons: [], requestItem: { barcode: 'BA', quantity: 5, salePrice: 90, listPrice: 110, updateRequestDate: expect.any(String) } });
    expect(byBarcode.BB.failureReasons[0]).toMatch(/between 0 and 20000/);
    expect(byBarcode.NOPE.failureReasons[0]).toMatch(/No approved product/);
    expect(byBarcode.BD.failureReasons[0]).toMatch(/injected failure/);
    expect(byBarcode.BC.failureReasons[0]).toMatch(/listPrice cannot be lower than salePrice/);
    expect(fake.quantities()).toEqual({ A: 5, B: 1, C: 1, D: 1 });
    expect(fake.prices().A).toEqual({ sale: 90, list: 110 });
    expect(fake.appliedWrites()).toEqual({ A: 1 });
  });

  it('settle() completes every pending batch', async () => {
    const w = await raw(fake, 'POST', writePath(fake), { body: { items: [{ barcode: 'BB', quantity: 7 }] } });
    expect(fake.pendingBatches()).toBe(1);
    fake.settle();
    expect(fake.pendingBatches()).toBe(0);
    expect(fake.quantities().B).toBe(7);
    expect(fake.batch(w.json.batchRequestId)?.processed[0].status).toBe('SUCCESS');
  });
});

describe('fake trendyol: rate limit per endpoint', () => {
  let fake: TrendyolFake;
  beforeAll(async () => {
    fake = await startTrendyolFake({ rateLimit: { requests: 3, windowMs: 60_000 } });
    fake.seed([{ sku: 'A', barcode: 'BA', quantity: 1 }]);
  });
  afterAll(() => fake.close());

  it('answers too.many.requests after the limit, counting each endpoint separately', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await raw(fake, 'GET', readPath(fake, 'page=0&size=1'))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await raw(fake, 'GET', readPath(fake, 'page=0&size=1'));
    expect(limited.json.errors[0].key).toBe('too.many.requests');
    expect(limited.headers['retry-after']).toBeUndefined();
    expect((await raw(fake, 'POST', writePath(fake), { body: { items: [{ barcode: 'BA', quantity: 2 }] } })).status).toBe(200);
    expect(fake.requestCount('read')).toBe(6);
    expect(fake.requestCount('write')).toBe(1);
  });
});
