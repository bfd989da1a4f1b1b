import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShipmentEnvelope, queryShipmentEnvelope, readCreateResult, readQueryResult, YurticiRefusal, yurticiTime } from '../../adapters/yurtici/messages.js';
import { yurticiEventStatus, yurticiStatus } from '../../adapters/yurtici/statuses.js';
import { createShipments } from '../../src/shipments/create.js';
import { syncShipments } from '../../src/shipments/sync.js';
import { orderFor, trickyRequest } from '../conformance/carrier.js';
import { startYurticiFake, type YurticiFake } from '../fakes/yurtici/server.js';
import { tempDir } from '../helpers/cli.js';
import { coreEnv } from '../shipments/helpers.js';

const creds = { username: 'YKTEST', password: 'p&ss<word>', language: 'TR' as const };
const parse = (xml: string) => new XMLParser({ removeNSPrefix: true, parseTagValue: false, isArray: (n) => ['ShippingOrderVO', 'keys'].includes(n) }).parse(xml, true).Envelope.Body;

describe('yurtici messages', () => {
  it('createShipment carries the credentials and one ShippingOrderVO per shipment', () => {
    const body = parse(createShipmentEnvelope(creds, [trickyRequest('O-1', 'K1'), trickyRequest('O-2', 'K2', 1)])).createShipment;
    expect(body).toMatchObject({ wsUserName: 'YKTEST', wsPassword: 'p&ss<word>', userLanguage: 'TR' });
    expect(body.ShippingOrderVO.map((v: Record<string, string>) => [v.cargoKey, v.invoiceKey, v.cityName, v.townName, v.specialField1])).toEqual([
      ['K1', 'K1', 'İstanbul', 'Kadıköy', 'O-1'],
      ['K2', 'K2', 'Ankara', 'Çankaya', 'O-2'],
    ]);
  });

  it('queryShipment asks by cargoKey (keyType 0) with history, using wsLanguage', () => {
    const body = parse(queryShipmentEnvelope(creds, ['K1', 'K2'])).queryShipment;
    expect(body).toMatchObject({ wsLanguage: 'TR', keyType: '0', addHistoricalData: 'true', onlyTracking: 'false', keys: ['K1', 'K2'] });
    expect(body.userLanguage).toBeUndefined();
  });

  it('reads createShipment results: listed failures, unlisted successes, duplicates, whole-request refusals', () => {
    const vo = { outFlag: '0', outResult: 'Başarılı', shippingOrderDetailVO: [{ cargoKey: 'K2', errCode: '60020', errMessage: 'dup' }, { cargoKey: 'K3', errCode: '60019', errMessage: 'adres yok' }] };
    expect(readCreateResult(vo, ['K1', 'K2', 'K3'])).toEqual([
      { carrierKey: 'K1', status: 'created', trackingNumber: null, trackingUrl: null },
      { carrierKey: 'K2', status: 'exists' },
      { carrierKey: 'K3', status: 'failed', reason: 'adres yok (errCode 60019)' },
    ]);
    expect(readCreateResult({ outFlag: '1', outResult: 'Hatalı', shippingOrderDetailVO: [{ cargoKey: 'K1', errCode: '60019', errMessage: 'x' }] }, ['K1', 'K2'])[1]).toMatchObject({ status: 'failed', reason: 'Hatalı' });
    expect(() => readCreateResult({ outFlag: '2', outResult: 'Beklenmeyen hata' }, ['K1'])).toThrow(YurticiRefusal);
    expect(() => readCreateResult({ outFlag: '1', outResult: 'x' }, ['K1'])).toThrow(YurticiRefusal);
  });

  it('reads queryShipment: not found, per-key errors, tracking data and events', () => {
    const vo = {
      outFlag: '0',
      shippingDeliveryDetailVO: [
        { cargoKey: 'K1', errCode: '80859', errMessage: 'yok' },
        { cargoKey: 'K2', errCode: '936', errMessage: 'beklenmeyen' },
        {
          cargoKey: 'K3', operationCode: '5', operationStatus: 'DLV', operationMessage: 'Teslim edilmiştir', docId: '123', errCode: '0',
          shippingDeliveryItemDetailVO: { trackingUrl: 'https://t/123', deliveryDate: '20260105', deliveryTime: '143000', invDocCargoVOArray: [{ eventId: '9', eventName: 'Teslim edildi', eventDate: '20260105', eventTime: '143000', unitName: 'ÇANKAYA' }] },
        },
      ],
    };
    const [k1, k2, k3] = readQueryResult(vo, ['K1', 'K2', 'K3']);
    expect(k1).toMatchObject({ found: false, status: 'unknown' });
    expect(k2).toMatchObject({ found: false, error: 'beklenmeyen (errCode 936)' });
    expect(k3).toMatchObject({ found: true, status: 'delivered', carrierCode: 'DLV/5', trackingNumber: '123', trackingUrl: 'https://t/123', deliveredAt: '2026-01-05T14:30:00+03:00' });
    expect(k3.events).toEqual([{ at: '2026-01-05T14:30:00+03:00', status: 'delivered', code: '9', message: 'Teslim edildi', location: 'ÇANKAYA' }]);
    expect(() => readQueryResult({ outFlag: '2', outResult: 'Kullanıcı adı veya şifre hatalı.' }, ['K1'])).toThrow(YurticiRefusal);
  });

  it('normalises operation codes, refined by the newest event while moving', () => {
    expect(yurticiStatus('0', 'NOP', null)).toBe('created');
    expect(yurticiStatus('2', 'ISR', 'Kargo kabul edildi')).toBe('in_transit');
    expect(yurticiStatus('1', 'IND', 'Dağıtıma çıkarıldı')).toBe('out_for_delivery');
    expect(yurticiStatus('1', 'IND', 'Teslimat şubesinde')).toBe('at_branch');
    expect(yurticiStatus('1', 'IND', 'Teslim edildi')).toBe('in_transit'); // only DLV / 5 means delivered
    expect(yurticiStatus('5', null, null)).toBe('delivered');
    expect(yurticiStatus(null, 'DLV', null)).toBe('delivered');
    expect(yurticiStatus('4', 'CNL', null)).toBe('cancelled');
    expect(yurticiStatus('3', 'CNL', null)).toBe('not_delivered');
    expect(yurticiStatus(null, 'CNL', null)).toBe('cancelled');
    expect(yurticiStatus('9', 'XYZ', null)).toBe('unknown');
    expect(yurticiEventStatus('Şubeye ulaştı')).toBe('at_branch');
    expect(yurticiEventStatus('Bir hareket')).toBe('in_transit');
    expect(yurticiTime('20260105', '0930')).toBe('2026-01-05T09:30:00+03:00');
    expect(yurticiTime('', null)).toBeNull();
  });
});

describe('yurtici against its fake', () => {
  let fake: YurticiFake;
  beforeAll(async () => {
    fake = await startYurticiFake();
  });
  afterAll(() => fake.close());

  it("records the carrier's event history once, however often sync runs", async () => {
    const tmp = tempDir('integr-yurtici-');
    const env = await coreEnv(tmp.dir, { yurtici: { type: 'yurtici', username: fake.username, password: fake.password, baseUrl: fake.url } });
    env.store.shipments.addOrder(orderFor('YK-HIST-1', 'yurtici'));
    await createShipments(env, { pending: true });
    const id = env.store.shipments.get('YK-HIST-1')!.orderId;
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      fake.advance();
      await syncShipments(env, {});
      await syncShipments(env, {});
      counts.push(env.store.shipments.events(id).length);
    }
    // 1 "created" event + one movement event per stage, never repeated.
    expect(counts).toEqual([2, 3, 4, 5]);
    const events = env.store.shipments.events(id);
    expect(events.slice(1).every((e) => /\+03:00$/.test(e.occurredAt ?? ''))).toBe(true);
    expect(events.map((e) => e.status)).toEqual(['created', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(env.store.shipments.get('YK-HIST-1')).toMatchObject({ status: 'delivered', carrierStatusCode: 'DLV/5' });
    env.store.close();
    tmp.cleanup();
  });

  it('each query moves shipments along when autoAdvance is on', async () => {
    const tmp = tempDir('integr-yurtici-');
    const env = await coreEnv(tmp.dir, { yurtici: { type: 'yurtici', username: fake.username, password: fake.password, baseUrl: fake.url } });
    env.store.shipments.addOrder(orderFor('YK-AUTO-1', 'yurtici'));
    await createShipments(env, { pending: true });
    fake.autoAdvance = true;
    const seen: (string | null | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      await syncShipments(env, {});
      seen.push(env.store.shipments.get('YK-AUTO-1')?.status);
    }
    fake.autoAdvance = false;
    expect(seen).toEqual(['created', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered', 'delivered']);
    env.store.close();
    tmp.cleanup();
  });
});
