import type { ServerResponse } from 'node:http';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { ShipmentStatus } from '../../../src/shipments/carrier.js';
import type { CarrierFake, CarrierFault, FakeShipment } from '../../conformance/carrier-fake.js';
import { FaultQueue, send, startFakeHttp, transportFault, turkeyNow, type FakeRequest, carrierFakeControls } from '../shared/fake-http.js';

// Aras Kargo as the API notes describe it: two SOAP services (.NET, namespace http://tempuri.org/),
// often with two credential pairs. SetOrder on the order service; GetQueryJSON on the query service,
// whose parameters are XML documents sent as strings and whose result is a JSON string.
// A new order is not listed by the query service until the branch takes the parcel in.

export const ARAS_ORDER_PATH = '/arascargoservice/arascargoservice.asmx';
export const ARAS_QUERY_PATH = '/ArasCargoIntegrationService.svc';
const NS = 'http://tempuri.org/';

interface Stage {
  code: number;
  text: string;
}

// Stage 0 = ordered, not yet taken in: GetQueryJSON answers QueryResult null.
const PROGRESSION: { stage: Stage | null; expect: ShipmentStatus }[] = [
  { stage: null, expect: 'created' },
  { stage: { code: 1, text: 'ÇIKIŞ ŞUBESİNDE' }, expect: 'in_transit' },
  { stage: { code: 2, text: 'YOLDA' }, expect: 'in_transit' },
  { stage: { code: 3, text: 'TESLİMAT ŞUBESİNDE' }, expect: 'at_branch' },
  { stage: { code: 4, text: 'DAĞITIMDA' }, expect: 'out_for_delivery' },
  { stage: { code: 6, text: 'TESLİM EDİLDİ' }, expect: 'delivered' },
];

// Codes the adapter has no table entry for: it must fall back to the status text.
const SPECIAL: Partial<Record<ShipmentStatus, Stage>> = {
  returned: { code: 8, text: 'İADE EDİLDİ' },
  not_delivered: { code: 5, text: 'TESLİM EDİLEMEDİ - ADRESTE BULUNAMADI' },
};

interface State extends FakeShipment {
  waybill: string | null;
  departedAt: string | null;
}

export interface ArasFakeOptions {
  username?: string;
  password?: string;
  queryUsername?: string;
  queryPassword?: string;
  customerCode?: string;
}

export interface ArasFake extends CarrierFake {
  /** Base URL of the query service (GetQueryJSON), for the adapter's `queryUrl`. */
  queryUrl: string;
  username: string;
  password: string;
  queryUsername: string;
  queryPassword: string;
  customerCode: string;
  /** Answer `Cargo` as a one-element array instead of an object (both forms are seen). */
  cargoAsArray: boolean;
}

export async function startArasFake(options: ArasFakeOptions = {}): Promise<ArasFake> {
  const creds = {
    username: options.username ?? 'aras-order-user',
    password: options.password ?? 'aras-order-pass',
    queryUsername: options.queryUsername ?? 'aras-query-user',
    queryPassword: options.queryPassword ?? 'aras-query-pass',
    customerCode: options.customerCode ?? '1234567',
  };
  const shipments = new Map<string, State>();
  const faults = new FaultQueue();
  let trackingSeq = 3_000_000_000;
  let maxKeys = 0;
  const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, isArray: (name) => name === 'Order' });
  const builder = new XMLBuilder({ suppressEmptyNode: false });

  const envelope = (inner: string) =>
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
  const soapFault = (res: ServerResponse, message: string) =>
    send(res, 500, 'text/xml; charset=utf-8', envelope(`<soap:Fault><faultcode>soap:Server</faultcode>${builder.build({ faultstring: message })}<detail/></soap:Fault>`));

  const stageOf = (s: State): Stage | null => (s.special ? (SPECIAL[s.special] as Stage) : PROGRESSION[s.stage].stage);
  const advance = (s: State) => {
    if (s.special || s.stage >= PROGRESSION.length - 1) return;
    s.stage++;
    if (!s.trackingNumber) {
      s.trackingNumber = String(++trackingSeq);
      s.waybill = `A${trackingSeq}`;
      s.departedAt = turkeyNow().toISOString().slice(0, 19).replace('T', ' ');
    }
  };

  function setOrder(body: Record<string, unknown>, res: ServerResponse, fault: CarrierFault | undefined): boolean {
    const results: Record<string, string>[] = [];
    if (String(body.userName ?? '') !== creds.username || String(body.password ?? '') !== creds.password) {
      // UNCONFIRMED wording: a refused login comes back as one failed result inside HTTP 200.
      results.push({ ResultCode: '1', ResultMessage: 'Kullanıcı adı veya şifre hatalı.', InvoiceKey: '', OrgReceiverCustId: '' });
    } else if (fault?.kind === 'in-body-error') {
      const orders = listOrders(body);
      for (const o of orders) results.push({ ResultCode: '999', ResultMessage: 'Sistemde beklenmeyen bir hata oluştu.', InvoiceKey: o.InvoiceNumber ?? '', OrgReceiverCustId: '' });
    } else {
      for (const o of listOrders(body)) {
        const key = o.IntegrationCode ?? '';
        const missing = ['IntegrationCode', 'ReceiverName', 'ReceiverAddress', 'ReceiverPhone1', 'ReceiverCityName', 'ReceiverTownName'].filter((f) => !o[f] || !String(o[f]).trim());
        if (missing.length) {
          results.push({ ResultCode: '1', ResultMessage: `Zorunlu alanlar boş: ${missing.join(', ')}`, InvoiceKey: o.InvoiceNumber ?? '', OrgReceiverCustId: '' });
        } else if (shipments.has(key)) {
          results.push({ ResultCode: '1', ResultMessage: 'Bu entegrasyon kodu ile daha önce kayıt yapılmıştır.', InvoiceKey: o.InvoiceNumber ?? '', OrgReceiverCustId: '' });
        } else {
          shipments.set(key, {
            key,
            createCount: 1,
            stage: 0,
            special: null,
            trackingNumber: null,
            waybill: null,
            departedAt: null,
            received: { name: o.ReceiverName, address: o.ReceiverAddress, city: o.ReceiverCityName, district: o.ReceiverTownName, phone: o.ReceiverPhone1 },
          });
          results.push({ ResultCode: '0', ResultMessage: 'Başarılı', InvoiceKey: o.InvoiceNumber ?? '', OrgReceiverCustId: '88001' });
        }
      }
    }
    if (fault?.kind === 'drop-after-apply') return false;
    send(res, 200, 'text/xml; charset=utf-8', envelope(`<SetOrderResponse xmlns="${NS}">${builder.build({ SetOrderResult: { OrderResultInfo: results } })}</SetOrderResponse>`));
    return true;
  }

  function listOrders(body: Record<string, unknown>): Record<string, string>[] {
    const info = (body.orderInfo ?? {}) as Record<string, unknown>;
    return ((info.Order as Record<string, string>[] | undefined) ?? []).map((o) => o);
  }

  function getQueryJson(body: Record<string, unknown>, res: ServerResponse, fault: CarrierFault | undefined): boolean {
    const answer = (result: string) =>
      send(res, 200, 'text/xml; charset=utf-8', envelope(`<GetQueryJSONResponse xmlns="${NS}">${builder.build({ GetQueryJSONResult: result })}</GetQueryJSONResponse>`));
    let login: Record<string, string>;
    let query: Record<string, string>;
    try {
      // The parameters are XML documents carried as (escaped) strings.
      login = ((new XMLParser({ parseTagValue: false }).parse(String(body.loginInfo ?? ''), true) as Record<string, unknown>).LoginInfo ?? {}) as Record<string, string>;
      query = ((new XMLParser({ parseTagValue: false }).parse(String(body.queryInfo ?? ''), true) as Record<string, unknown>).QueryInfo ?? {}) as Record<string, string>;
    } catch {
      soapFault(res, 'loginInfo/queryInfo is not valid XML');
      return true;
    }
    if (String(login.UserName ?? '') !== creds.queryUsername || String(login.Password ?? '') !== creds.queryPassword || String(login.CustomerCode ?? '') !== creds.customerCode) {
      // UNCONFIRMED wording: the query service answers a refused login with a message instead of JSON.
      answer('Kullanıcı adı, şifre veya müşteri kodu hatalı.');
      return true;
    }
    if (fault?.kind === 'in-body-error') {
      answer(JSON.stringify({ QueryResult: null, ErrorCode: '9', ErrorMessage: 'Sorgulama sırasında hata oluştu' }));
      return true;
    }
    maxKeys = Math.max(maxKeys, 1);
    if (String(query.QueryType ?? '') !== '1' || !query.IntegrationCode) {
      answer(JSON.stringify({ QueryResult: null }));
      return true;
    }
    const s = shipments.get(String(query.IntegrationCode));
    const stage = s ? stageOf(s) : null;
    if (!s || !stage) {
      answer(JSON.stringify({ QueryResult: null }));
      if (s && fake.autoAdvance) advance(s);
      return true;
    }
    const cargo = {
      KARGO_TAKIP_NO: s.trackingNumber,
      KARGO_KODU: s.trackingNumber,
      IRSALIYE_NUMARA: s.waybill,
      DURUMU: stage.text,
      DURUM_KODU: stage.code,
      VARIS_SUBE: 'ÇANKAYA',
      CIKIS_SUBE: 'KADIKÖY',
      ADET: 1,
      DESI: 2,
      CIKIS_TARIH: s.departedAt,
      ALICI: s.received.name,
    };
    if (fault?.kind === 'drop-after-apply') return false;
    answer(JSON.stringify({ QueryResult: { Cargo: fake.cargoAsArray ? [cargo] : cargo } }));
    if (fake.autoAdvance) advance(s);
    return true;
  }

  async function handle(req: FakeRequest, res: ServerResponse): Promise<void> {
    const isOrder = req.path === ARAS_ORDER_PATH;
    const isQuery = req.path === ARAS_QUERY_PATH;
    if (req.method !== 'POST' || (!isOrder && !isQuery)) {
      send(res, 404, 'text/html', '<html><body>The resource cannot be found.</body></html>');
      return;
    }
    const action = String(req.headers.soapaction ?? '').replace(/"/g, '');
    const expected = isOrder ? `${NS}SetOrder` : `${NS}IArasCargoIntegrationService/GetQueryJSON`;
    if (action !== expected) {
      soapFault(res, `Server did not recognize the value of HTTP Header SOAPAction: ${action}.`);
      return;
    }
    let doc: Record<string, unknown>;
    try {
      doc = parser.parse(req.body, true) as Record<string, unknown>;
    } catch {
      soapFault(res, 'Server was unable to read request. There is an error in XML document.');
      return;
    }
    const bodyEl = ((doc.Envelope as Record<string, unknown> | undefined)?.Body ?? {}) as Record<string, unknown>;
    const opName = isOrder ? 'SetOrder' : 'GetQueryJSON';
    const body = bodyEl[opName] as Record<string, unknown> | undefined;
    if (!body) {
      soapFault(res, `Server was unable to process request. ---> ${opName} element missing.`);
      return;
    }
    const injected = faults.next(isOrder ? 'create' : 'track');
    if (await transportFault(injected, res)) return;
    if (injected?.kind === 'platform-error') {
      soapFault(res, 'Server was unable to process request. ---> Timeout expired. The timeout period elapsed prior to obtaining a connection from the pool.');
      return;
    }
    if (injected?.kind === 'echo-error') {
      soapFault(res, `Server was unable to process request. ---> Unexpected input: ${req.body}`);
      return;
    }
    const answered = isOrder ? setOrder(body, res, injected) : getQueryJson(body, res, injected);
    if (!answered) res.socket?.destroy();
  }

  const server = await startFakeHttp(handle);
  const fake: ArasFake = {
    url: `${server.url}${ARAS_ORDER_PATH}`,
    queryUrl: `${server.url}${ARAS_QUERY_PATH}`,
    ...creds,
    cargoAsArray: false,
    progression: PROGRESSION.map((p) => p.expect),
    specialStates: Object.keys(SPECIAL) as ShipmentStatus[],
    autoAdvance: false,
    ...carrierFakeControls({ shipments, advance, faults, maxKeys: () => maxKeys, server }),
    setState(key, state) {
      const s = shipments.get(key);
      if (!s) throw new Error(`aras fake: no shipment ${key}`);
      if (!SPECIAL[state]) throw new Error(`aras fake: cannot put a shipment in state ${state}`);
      if (!s.trackingNumber) advance(s);
      s.special = state;
    },
  };
  return fake;
}
