import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mng } from '../../adapters/mng/index.js';
import { mngTime } from '../../adapters/mng/dates.js';
import { mngStatus } from '../../adapters/mng/statuses.js';
import type { Carrier } from '../../src/shipments/carrier.js';
import { createShipments } from '../../src/shipments/create.js';
import { orderFor, trickyRequest } from '../conformance/carrier.js';
import { startMngFake, type MngFake } from '../fakes/mng/server.js';
import { tempDir } from '../helpers/cli.js';
import { coreEnv } from '../shipments/helpers.js';

describe('mng pure parts', () => {
  it('reads MNG dates as Turkish time', () => {
    expect(mngTime('13-02-2026 14:56')).toBe('2026-02-13T14:56:00+03:00');
    expect(mngTime('2026-02-13T14:56:00')).toBe('2026-02-13T11:56:00.000Z');
    expect(mngTime('2026-02-13T14:56:00Z')).toBe('2026-02-13T14:56:00.000Z');
    expect(mngTime('yarın')).toBeNull();
    expect(mngTime(null)).toBeNull();
  });

  it('normalises shipmentStatusCode', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((c) => mngStatus(String(c), null, false))).toEqual(['created', 'in_transit', 'at_branch', 'out_for_delivery', 'delivered', 'not_delivered', 'returned', 'not_delivered']);
    expect(mngStatus('2', 'x', true)).toBe('delivered');
    expect(mngStatus(null, 'Teslim edildi', false)).toBe('delivered');
  });
});

describe('mng against its fake', () => {
  let fake: MngFake;
  const opened: Carrier[] = [];
  const cache = new Map<string, string>();
  const open = async (over: Record<string, unknown> = {}) => {
    const cfg = { customerNumber: fake.customerNumber, password: fake.password, clientId: fake.clientId, clientSecret: fake.clientSecret, barcodeRetryDelayMs: 20, ...over };
    const parsed = mng.configSchema.parse(cfg) as Record<string, unknown>;
    const c = await mng.create({ ...parsed, type: 'mng', baseUrl: fake.url, timeoutMs: 5000 }, { name: 'mng', log: { verbose: () => undefined, warn: () => undefined }, cache: { get: (k) => cache.get(k), set: (k, v) => void cache.set(k, v) } });
    opened.push(c);
    return c;
  };
  beforeAll(async () => {
    fake = await startMngFake();
  });
  afterAll(async () => {
    for (const c of opened) await c.close();
    await fake.close();
  });

  it('fetches one token, reuses it, and fetches a new one once when it expires (401)', async () => {
    const c = await open();
    const before = fake.tokensIssued();
    await c.create([trickyRequest('MNG-TOK-1', 'MNGTOK1')]);
    await c.track(['MNGTOK1']);
    await c.track(['MNGTOK1']);
    expect(fake.tokensIssued() - before).toBe(1);
    fake.expireTokens();
    const [r] = await c.track(['MNGTOK1']);
    expect(r.found).toBe(true);
    expect(fake.tokensIssued() - before).toBe(2);
  });

  it('caches the city and district lists (public data) in the adapter cache', async () => {
    const c = await open();
    await c.create([trickyRequest('MNG-CBS-1', 'MNGCBS1')]);
    expect(JSON.parse(cache.get('cbs:cities') ?? '{}').list).toContainEqual({ code: '34', name: 'İSTANBUL' });
    expect(cache.has('cbs:districts:34')).toBe(true);
  });

  it('an unknown city fails before anything is sent', async () => {
    const c = await open();
    const before = fake.requestCount('create');
    const req = trickyRequest('MNG-CITY-1', 'MNGCITY1');
    const [o] = await c.create([{ ...req, recipient: { ...req.recipient, city: 'Atlantis' } }]);
    expect(o).toMatchObject({ status: 'failed', reason: expect.stringMatching(/Atlantis/) });
    expect(fake.requestCount('create')).toBe(before);
  });

  it('retries createbarcode on 20001, and a lasting 20001 is resolved by a re-run without a second order', async () => {
    const c = await open();
    fake.delayBarcodes(2);
    const [ok] = await c.create([trickyRequest('MNG-BR-1', 'MNGBR1')]);
    expect(ok).toMatchObject({ status: 'created', trackingNumber: fake.shipment('MNGBR1')?.trackingNumber });

    const tmp = tempDir('integr-mng-');
    const env = await coreEnv(tmp.dir, { mng: { type: 'mng', customerNumber: fake.customerNumber, password: fake.password, clientId: fake.clientId, clientSecret: fake.clientSecret, baseUrl: fake.url, barcodeRetries: 1, barcodeRetryDelayMs: 10 } });
    env.store.shipments.addOrder(orderFor('MNG-BR-2', 'mng'));
    fake.delayBarcodes(5);
    const first = await createShipments(env, { pending: true });
    expect(first.results[0]).toMatchObject({ result: 'failed', reason: expect.stringMatching(/20001.*again later/) });
    fake.delayBarcodes(0);
    // MNG answers the second createOrder "already exists"; the adapter then makes the missing barcode.
    const second = await createShipments(env, { pending: true });
    expect(second.results[0]).toMatchObject({ result: 'exists', status: 'created' });
    const key = second.results[0].carrierKey as string;
    expect(fake.shipment(key)?.createCount).toBe(1);
    expect(env.store.shipments.get('MNG-BR-2')?.trackingNumber).toBe(fake.shipment(key)?.trackingNumber);
    env.store.close();
    tmp.cleanup();
  });

  it('reads getshipmentstatus as an object too', async () => {
    const c = await open();
    await c.create([trickyRequest('MNG-OBJ-1', 'MNGOBJ1')]);
    fake.statusAsObject = true;
    const [r] = await c.track(['MNGOBJ1']);
    fake.statusAsObject = false;
    expect(r).toMatchObject({ found: true, status: 'created', trackingUrl: expect.stringContaining(r.trackingNumber ?? 'x') });
  });
});
