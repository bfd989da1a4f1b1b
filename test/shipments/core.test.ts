import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShipments } from '../../src/shipments/create.js';
import { shipmentsExitCode } from '../../src/shipments/outcome.js';
import { syncShipments } from '../../src/shipments/sync.js';
import { orderFor } from '../conformance/carrier.js';
import { startYurticiFake, type YurticiFake } from '../fakes/yurtici/server.js';
import { tempDir } from '../helpers/cli.js';
import { coreEnv, type CoreEnv } from './helpers.js';

// The shipments core's own rules (which orders, which carrier, what is refused before any call),
// driven against the Yurtiçi fake: the carrier-specific behaviour is in test/carriers/.
describe('shipments core', () => {
  let fake: YurticiFake;
  let tmp: { dir: string; cleanup: () => void };
  let env: CoreEnv;
  let n = 0;
  const carriers = () => ({
    yurtici: { type: 'yurtici', username: fake.username, password: fake.password, baseUrl: fake.url },
    'yk-cod': { type: 'yurtici', username: fake.username, password: fake.password, baseUrl: fake.url },
  });

  beforeAll(async () => {
    fake = await startYurticiFake();
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    tmp = tempDir('integr-shipments-core-');
    env = await coreEnv(tmp.dir, carriers());
  });
  afterEach(() => {
    env.store.close();
    tmp.cleanup();
    fake.clearFaults();
  });
  const no = () => `CORE-${++n}`;

  it('refuses unclear requests before doing anything', async () => {
    await expect(createShipments(env, {})).rejects.toMatchObject({ code: 'USAGE' });
    await expect(createShipments(env, { pending: true, orderNos: ['X'] })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(createShipments(env, { pending: true, carrier: 'ptt' })).rejects.toMatchObject({ code: 'USAGE', message: /no carrier named "ptt"/ });
    await expect(syncShipments(env, { carrier: 'ptt' })).rejects.toMatchObject({ exitCode: 2 });
  });

  it('explicit orders: unknown, already shipped, no carrier, cancelled, override and imported key', async () => {
    const [shipped, noCarrier, cancelled, override, imported] = [no(), no(), no(), no(), no()];
    const id = env.store.shipments.addOrder(orderFor(shipped, 'yurtici'));
    env.store.shipments.recordCreated(id, { carrier: 'yurtici', carrierKey: 'SHIPPED1', trackingNumber: null, trackingUrl: null, at: '2026-01-01T00:00:00.000Z' });
    env.store.shipments.addOrder(orderFor(noCarrier, null));
    env.store.shipments.addOrder({ ...orderFor(cancelled, 'yurtici'), status: 'İptal' });
    env.store.shipments.addOrder(orderFor(override, 'PTT Kargo'));
    env.store.shipments.addOrder({ ...orderFor(imported, 'yurtici'), carrierKey: 'IMPORTEDKEY1' });

    const r = await createShipments(env, { orderNos: ['NOPE', shipped, noCarrier, cancelled, imported] });
    const by = Object.fromEntries(r.results.map((x) => [x.orderNo, x]));
    expect(r.results.map((x) => x.orderNo)).toEqual(['NOPE', shipped, noCarrier, cancelled, imported]);
    expect(by.NOPE).toMatchObject({ result: 'failed', reason: /no order NOPE/ });
    expect(by[shipped]).toMatchObject({ result: 'skipped', reason: /already has a shipment/ });
    expect(by[noCarrier]).toMatchObject({ result: 'failed', reason: /names no carrier; pass --carrier/ });
    expect(by[cancelled]).toMatchObject({ result: 'failed', reason: /İptal/ });
    expect(by[imported]).toMatchObject({ result: 'created', carrier: 'yurtici', carrierKey: 'IMPORTEDKEY1' });
    expect(fake.shipment('IMPORTEDKEY1')?.createCount).toBe(1);
    expect(shipmentsExitCode(r)).toBe(3);

    const o = await createShipments(env, { orderNos: [override], carrier: 'yk-cod' });
    expect(o.results[0]).toMatchObject({ result: 'created', carrier: 'yk-cod' });
    expect(env.store.shipments.get(override)?.carrier).toBe('yk-cod');
  });

  it('two accounts of one type: an order naming only the type is not guessed', async () => {
    env.store.shipments.addOrder(orderFor(no(), 'Yurtiçi Kargo'));
    const r = await createShipments(env, { pending: true });
    expect(r.results[0]).toMatchObject({ result: 'skipped', reason: /matches yurtici and yk-cod/ });
    expect(shipmentsExitCode(r)).toBe(0);
  });

  it('a carrier key held by two orders is refused for both, not merged into one shipment', async () => {
    const [a, b] = [no(), no()];
    env.store.shipments.addOrder({ ...orderFor(a, 'yurtici'), carrierKey: 'SAMEKEY' });
    env.store.shipments.addOrder({ ...orderFor(b, 'yurtici'), carrierKey: 'SAMEKEY' });
    const r = await createShipments(env, { orderNos: [a, b] });
    expect(r.results[0]).toMatchObject({ result: 'failed', reason: new RegExp(`already used by order ${b}`) });
    expect(r.results[1]).toMatchObject({ result: 'failed', reason: new RegExp(`already used by order ${a}`) });
    expect(fake.shipment('SAMEKEY')).toBeUndefined();
  });

  it('a batch with one bad shipment: the others are created', async () => {
    const good = [no(), no(), no()];
    for (const g of good) env.store.shipments.addOrder(orderFor(g, 'yurtici'));
    const bad = no();
    env.store.shipments.addOrder({ ...orderFor(bad, 'yurtici'), ship: { name: 'X', phone: '05321234567', address: 'Adres 1', district: 'Kadıköy', city: 'İstanbul' } });
    // Bypass the core's own check: the fake rejects a receiver address made of whitespace only.
    env.store.db.prepare("UPDATE orders SET ship_address = ' ' WHERE order_no = ?").run(bad);
    const r = await createShipments(env, { pending: true, carrier: 'yurtici' });
    expect(r.summary).toMatchObject({ created: 3, failed: 1 });
    expect(r.results.find((x) => x.orderNo === bad)?.reason).toMatch(/errCode 60019/);
    expect(r.carriers[0]).toMatchObject({ status: 'completed_with_errors', attempted: 4, created: 3, failed: 1 });
    expect(env.store.shipments.runs({ kind: 'create', limit: 1 })[0]).toMatchObject({ status: 'completed_with_errors', checked: 4, changed: 3, errors: 1 });
  });

  it('sync: refused credentials stop the carrier after the first batch (exit 5)', async () => {
    const badDir = tempDir('integr-shipments-core-');
    const bad = await coreEnv(badDir.dir, { yurtici: { type: 'yurtici', username: fake.username, password: 'wrong-password', baseUrl: fake.url } });
    for (let i = 0; i < 45; i++) bad.store.shipments.addOrder({ ...orderFor(no(), 'yurtici'), carrierKey: `KEYX${n}` });
    const before = fake.requestCount('track');
    const r = await syncShipments(bad, {});
    expect(fake.requestCount('track') - before).toBeLessThanOrEqual(2); // concurrency 2: at most the batches already in flight
    expect(r.carriers[0]).toMatchObject({ status: 'failed', errors: 45, error: { code: 'REMOTE_AUTH' } });
    expect(shipmentsExitCode(r)).toBe(5);
    expect(bad.store.shipments.lastRuns()[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/refused/) });
    bad.store.close();
    badDir.cleanup();
  });

  it('sync: orders naming an unconfigured carrier are skipped; a held lock skips the carrier', async () => {
    env.store.shipments.addOrder({ ...orderFor(no(), 'PTT'), carrierKey: 'PTTKEY1' });
    const r = await syncShipments(env, {});
    expect(r.skipped).toEqual([expect.objectContaining({ carrier: 'PTT', reason: expect.stringMatching(/not configured/) })]);
    expect(r.status).toBe('completed');

    const held = env.store.locks.acquire('shipments-sync:yurtici', { ttlSec: 60 });
    expect(held.ok).toBe(true);
    // Same process owns it here, so pretend another process holds it.
    env.store.db.prepare("UPDATE locks SET owner_host = 'elsewhere' WHERE name = 'shipments-sync:yurtici'").run();
    const locked = await syncShipments(env, { carrier: 'yurtici' });
    expect(locked.carriers[0]).toMatchObject({ status: 'locked', runId: null });
    expect(shipmentsExitCode(locked)).toBe(3);
    expect(env.store.shipments.runs({ carrier: 'yurtici', kind: 'track' }).some((x) => x.status === 'running')).toBe(false);
  });

  it('sync: an aborted run stops between batches and is recorded as cancelled (exit 130)', async () => {
    for (let i = 0; i < 60; i++) env.store.shipments.addOrder({ ...orderFor(no(), 'yurtici'), carrierKey: `ABORT${n}` });
    const ac = new AbortController();
    const r = await syncShipments(env, {
      carrier: 'yurtici',
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    expect(r.status).toBe('cancelled');
    expect(r.carriers[0].checked).toBeLessThan(60);
    expect(shipmentsExitCode(r)).toBe(130);
    expect(env.store.shipments.lastRuns()[0]).toMatchObject({ status: 'cancelled' });
  });
});
