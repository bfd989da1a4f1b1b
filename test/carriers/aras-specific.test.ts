import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aras } from '../../adapters/aras/index.js';
import { getQueryJsonEnvelope, parseQueryJson, readCargo, readSetOrder, setOrderEnvelope } from '../../adapters/aras/messages.js';
import { arasStatus } from '../../adapters/aras/statuses.js';
import type { Carrier } from '../../src/shipments/carrier.js';
import { createShipments } from '../../src/shipments/create.js';
import { shipmentsExitCode } from '../../src/shipments/outcome.js';
import { orderFor, trickyRequest } from '../conformance/carrier.js';
import { startArasFake, type ArasFake } from '../fakes/aras/server.js';
import { tempDir } from '../helpers/cli.js';
import { coreEnv } from '../shipments/helpers.js';

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, isArray: (n) => n === 'Order' });

describe('aras messages', () => {
  it('GetQueryJSON sends its two XML documents as escaped strings', () => {
    const env = getQueryJsonEnvelope({ username: 'q<u>', password: 'p&"w', customerCode: '123' }, 'ORD-1&2');
    const body = parser.parse(env, true).Envelope.Body.GetQueryJSON;
    expect(typeof body.loginInfo).toBe('string');
    const login = parser.parse(body.loginInfo, true).LoginInfo;
    const query = parser.parse(body.queryInfo, true).QueryInfo;
    expect(login).toEqual({ UserName: 'q<u>', Password: 'p&"w', CustomerCode: '123' });
    expect(query).toEqual({ QueryType: '1', IntegrationCode: 'ORD-1&2' });
  });

  it('SetOrder carries the order credentials twice, as the service wants', () => {
    const body = parser.parse(setOrderEnvelope({ username: 'u', password: 'p', payorTypeCode: 2 }, [trickyRequest('O-1', 'K-1')]), true).Envelope.Body.SetOrder;
    expect(body).toMatchObject({ userName: 'u', password: 'p' });
    expect(body.orderInfo.Order[0]).toMatchObject({ UserName: 'u', Password: 'p', IntegrationCode: 'K-1', InvoiceNumber: 'K-1', PayorTypeCode: '2', ReceiverTownName: 'Kadıköy', SpecialField1: 'O-1' });
  });

  it('matches SetOrder results by InvoiceKey, else by position', () => {
    expect(readSetOrder([{ code: '0', message: 'ok', invoiceKey: 'B' }, { code: '1', message: 'Bu kayıt daha önce yapılmıştır', invoiceKey: 'A' }], ['A', 'B'])).toEqual([
      { carrierKey: 'A', status: 'exists' },
      { carrierKey: 'B', status: 'created', trackingNumber: null, trackingUrl: null },
    ]);
    expect(readSetOrder([{ code: '5', message: 'Zorunlu alan', invoiceKey: null }], ['A', 'B'])).toEqual([
      { carrierKey: 'A', status: 'failed', reason: 'Zorunlu alan (ResultCode 5)' },
      { carrierKey: 'B', status: 'failed', reason: 'Aras returned no result for this order' },
    ]);
  });

  it('reads GetQueryJSON: null, object, array, in-body codes, text', () => {
    expect(parseQueryJson('Kullanıcı hatalı')).toEqual({ kind: 'text', text: 'Kullanıcı hatalı' });
    expect(readCargo('K', parseQueryJson('{"QueryResult":null}').kind === 'json' ? null : null)).toMatchObject({ found: false });
    const cargo = { KARGO_TAKIP_NO: '301', DURUMU: 'YOLDA', DURUM_KODU: 2 };
    expect(readCargo('K', { QueryResult: { Cargo: cargo } })).toMatchObject({ found: true, status: 'in_transit', carrierCode: '2', trackingNumber: '301', trackingUrl: 'https://kargotakip.araskargo.com.tr/mainpage.aspx?code=301' });
    expect(readCargo('K', { QueryResult: { Cargo: [cargo] } })).toMatchObject({ found: true, status: 'in_transit' });
    expect(readCargo('K', { QueryResult: null, ResultCode: '9', ResultMessage: 'hata' })).toMatchObject({ found: false, error: 'hata (code 9)' });
  });

  it('normalises DURUM_KODU, and lets an exception in the text win', () => {
    expect(arasStatus('6', 'TESLİM EDİLDİ')).toBe('delivered');
    expect(arasStatus('3', 'TESLİMAT ŞUBESİNDE')).toBe('at_branch');
    expect(arasStatus('4', 'DAĞITIMDA')).toBe('out_for_delivery');
    expect(arasStatus('2', 'İADE YOLDA')).toBe('returned');
    expect(arasStatus('99', 'TESLİM EDİLEMEDİ')).toBe('not_delivered');
    expect(arasStatus('99', 'BİLİNMEYEN')).toBe('unknown');
  });
});

describe('aras against its fake', () => {
  let fake: ArasFake;
  const opened: Carrier[] = [];
  const quiet = { verbose: () => undefined, warn: () => undefined };
  const open = async (cfg: Record<string, unknown>) => {
    const parsed = aras.configSchema.parse(cfg) as Record<string, unknown>;
    const c = await aras.create({ ...parsed, type: 'aras', baseUrl: cfg.baseUrl, timeoutMs: 5000 }, { name: 'aras', log: quiet, cache: { get: () => undefined, set: () => undefined } });
    opened.push(c);
    return c;
  };
  const base = () => ({ username: fake.username, password: fake.password, queryUsername: fake.queryUsername, queryPassword: fake.queryPassword, customerCode: fake.customerCode, baseUrl: fake.url, queryUrl: fake.queryUrl });
  beforeAll(async () => {
    fake = await startArasFake();
  });
  afterAll(async () => {
    for (const c of opened) await c.close();
    await fake.close();
  });

  it('keeps the two credential pairs apart: a wrong query password fails check(), not create()', async () => {
    const c = await open({ ...base(), queryPassword: 'wrong-query-pass' });
    await expect(c.check()).rejects.toMatchObject({ code: 'REMOTE_AUTH', hint: expect.stringMatching(/queryPassword/) });
    expect((await c.create([trickyRequest('AR-SEP-1', 'AR-SEP-1')]))[0].status).toBe('created');
    const d = await open({ ...base(), password: 'wrong-order-pass' });
    expect(await d.check()).toMatch(/query credentials accepted/);
    await expect(d.create([trickyRequest('AR-SEP-2', 'AR-SEP-2')])).rejects.toMatchObject({ code: 'REMOTE_AUTH', hint: expect.stringMatching(/username and password/) });
  });

  it('reads Cargo as an array too', async () => {
    const c = await open(base());
    await c.create([trickyRequest('AR-ARR-1', 'AR-ARR-1')]);
    fake.advance('AR-ARR-1');
    fake.cargoAsArray = true;
    const [r] = await c.track(['AR-ARR-1']);
    fake.cargoAsArray = false;
    expect(r).toMatchObject({ found: true, status: 'in_transit', trackingNumber: fake.shipment('AR-ARR-1')?.trackingNumber });
  });

  it('a test baseUrl without its queryUrl is a config error (exit 2), not a silent production query', async () => {
    const tmp = tempDir('integr-aras-');
    const { queryUrl: _q, ...noQuery } = base();
    const env = await coreEnv(tmp.dir, { aras: { type: 'aras', ...noQuery } });
    env.store.shipments.addOrder(orderFor('AR-CFG-1', 'aras'));
    const r = await createShipments(env, { pending: true });
    expect(r.results[0]).toMatchObject({ result: 'failed', reason: expect.stringMatching(/queryUrl: required/) });
    expect(shipmentsExitCode(r)).toBe(2);
    env.store.close();
    tmp.cleanup();
  });
});
