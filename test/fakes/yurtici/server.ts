import type { ServerResponse } from 'node:http';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { ShipmentStatus } from '../../../src/shipments/carrier.js';
import type { CarrierFake, CarrierFault, FakeShipment } from '../../conformance/carrier-fake.js';
import { FaultQueue, send, startFakeHttp, transportFault, turkeyNow, type FakeRequest, carrierFakeControls } from '../shared/fake-http.js';

// Yurtiçi Kargo ShippingOrderDispatcherServices (SOAP 1.1, JAX-WS style) as the API notes describe it:
// credentials in the body, business errors inside HTTP 200 (outFlag / errCode), SOAP faults for
// requests it cannot read, no tracking number (docId) until the branch processes the shipment.

export const YURTICI_PATH = '/KOPSWebServices/ShippingOrderDispatcherServices';
const NS = 'http://yurticikargo.com.tr/ShippingOrderDispatcherServices';

interface Stage {
  operationCode: string;
  operationStatus: string;
  operationMessage: string;
  /** Movement event added when the shipment enters this stage. */
  event?: { eventId: string; eventName: string; unitName: string };
}

// The stages a shipment moves through, with the normalised status the adapter must derive.
const PROGRESSION: { stage: Stage; expect: ShipmentStatus }[] = [
  { stage: { operationCode: '0', operationStatus: 'NOP', operationMessage: 'Kargo İşlem Görmemiş.' }, expect: 'created' },
  {
    stage: { operationCode: '2', operationStatus: 'ISR', operationMessage: 'Kargo İşlem Görmüş, Faturası Henüz Düzenlenmemiştir.', event: { eventId: '1', eventName: 'Kargo kabul edildi', unitName: 'KADIKÖY ŞUBE' } },
    expect: 'in_transit',
  },
  {
    stage: { operationCode: '1', operationStatus: 'IND', operationMessage: 'Kargo Teslimattadır.', event: { eventId: '2', eventName: 'Transfer merkezinden çıkış yaptı', unitName: 'ANKARA TRANSFER MERKEZİ' } },
    expect: 'in_transit',
  },
  {
    stage: { operationCode: '1', operationStatus: 'IND', operationMessage: 'Kargo Teslimattadır.', event: { eventId: '3', eventName: 'Dağıtıma çıkarıldı', unitName: 'ÇANKAYA ŞUBE' } },
    expect: 'out_for_delivery',
  },
  {
    stage: { operationCode: '5', operationStatus: 'DLV', operationMessage: 'Kargo teslim edilmiştir.', event: { eventId: '4', eventName: 'Teslim edildi', unitName: 'ÇANKAYA ŞUBE' } },
    expect: 'delivered',
  },
];

const SPECIAL: Partial<Record<ShipmentStatus, Stage>> = {
  cancelled: { operationCode: '4', operationStatus: 'CNL', operationMessage: 'Kargo daha önce iptal edilmiştir.' },
  not_delivered: { operationCode: '3', operationStatus: 'CNL', operationMessage: 'Kargo çıkışı engellendi.' },
};

interface State extends FakeShipment {
  invoiceKey: string;
  events: { eventId: string; eventName: string; unitName: string; eventDate: string; eventTime: string }[];
  deliveredAt: { date: string; time: string } | null;
}

export interface YurticiFakeOptions {
  username?: string;
  password?: string;
}

export interface YurticiFake extends CarrierFake {
  username: string;
  password: string;
}

const arrays = new Set(['ShippingOrderVO', 'keys', 'cargoKeys']);

export async function startYurticiFake(options: YurticiFakeOptions = {}): Promise<YurticiFake> {
  const username = options.username ?? 'YKTEST';
  const password = options.password ?? 'YK-secret-pass';
  const shipments = new Map<string, State>();
  const faults = new FaultQueue();
  let docSeq = 100_000_000;
  let jobSeq = 1;
  let maxKeys = 0;
  const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, isArray: (name) => arrays.has(name) });
  const builder = new XMLBuilder({ suppressEmptyNode: false });

  const envelope = (operation: string, result: string, vo: unknown) =>
    `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>` +
    `<ns2:${operation}Response xmlns:ns2="${NS}">${builder.build({ [result]: vo })}</ns2:${operation}Response></S:Body></S:Envelope>`;

  const fault = (res: ServerResponse, message: string) =>
    send(
      res,
      500,
      'text/xml; charset=utf-8',
      `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault>` +
        `<faultcode>S:Client</faultcode>${builder.build({ faultstring: message })}</S:Fault></S:Body></S:Envelope>`,
    );

  const now = () => {
    const t = turkeyNow().toISOString();
    return { date: t.slice(0, 10).replace(/-/g, ''), time: t.slice(11, 19).replace(/:/g, '') };
  };

  const stageOf = (s: State): Stage => (s.special ? (SPECIAL[s.special] as Stage) : PROGRESSION[s.stage].stage);

  const enter = (s: State, stage: number) => {
    s.stage = stage;
    const st = PROGRESSION[stage].stage;
    if (stage >= 1 && !s.trackingNumber) s.trackingNumber = String(++docSeq);
    if (st.event) s.events.push({ ...st.event, eventDate: now().date, eventTime: now().time });
    if (st.operationStatus === 'DLV') s.deliveredAt = now();
  };

  const advance = (s: State) => {
    if (s.special || s.stage >= PROGRESSION.length - 1) return;
    enter(s, s.stage + 1);
  };

  function createShipment(body: Record<string, unknown>, res: ServerResponse, fault: CarrierFault | undefined): boolean {
    const vos = (body.ShippingOrderVO as Record<string, string>[] | undefined) ?? [];
    if (fault?.kind === 'in-body-error') {
      send(res, 200, 'text/xml; charset=utf-8', envelope('createShipment', 'ShippingOrderResultVO', { outFlag: '2', outResult: 'Beklenmeyen bir hata oluştu. (936)', count: '0', jobId: '0' }));
      return true;
    }
    const details: Record<string, string>[] = [];
    let ok = 0;
    for (const vo of vos) {
      const key = vo.cargoKey ?? '';
      const missing = ['cargoKey', 'invoiceKey', 'receiverCustName', 'receiverAddress', 'receiverPhone1', 'cityName', 'townName'].filter((f) => !vo[f] || !String(vo[f]).trim());
      if (missing.length) {
        details.push({ cargoKey: key, invoiceKey: vo.invoiceKey ?? '', errCode: '60019', errMessage: `Alıcı bilgisi eksik: ${missing.join(', ')}` });
        continue;
      }
      if (shipments.has(key)) {
        details.push({ cargoKey: key, invoiceKey: vo.invoiceKey, errCode: '60020', errMessage: 'Bu kargo anahtarı (cargoKey) daha önce kullanılmıştır.' });
        continue;
      }
      const s: State = {
        key,
        invoiceKey: vo.invoiceKey,
        createCount: 1,
        stage: 0,
        special: null,
        trackingNumber: null,
        received: { name: vo.receiverCustName, address: vo.receiverAddress, city: vo.cityName, district: vo.townName, phone: vo.receiverPhone1 },
        events: [],
        deliveredAt: null,
      };
      shipments.set(key, s);
      ok++;
    }
    // Only failed shipments are listed; outFlag 0 = at least one accepted, 1 = all failed.
    const vo = { outFlag: ok > 0 ? '0' : '1', outResult: ok > 0 ? 'Başarılı' : 'Hatalı kayıtlar var', count: String(ok), senderCustId: '1234567', jobId: String(jobSeq++), shippingOrderDetailVO: details };
    if (fault?.kind === 'drop-after-apply') return false;
    send(res, 200, 'text/xml; charset=utf-8', envelope('createShipment', 'ShippingOrderResultVO', vo));
    return true;
  }

  function queryShipment(body: Record<string, unknown>, res: ServerResponse, fault: CarrierFault | undefined): boolean {
    const keys = ((body.keys as string[] | undefined) ?? []).map(String);
    maxKeys = Math.max(maxKeys, keys.length);
    if (fault?.kind === 'in-body-error') {
      send(res, 200, 'text/xml; charset=utf-8', envelope('queryShipment', 'ShippingDeliveryVO', { outFlag: '2', outResult: 'Beklenmeyen bir hata oluştu. (936)', count: '0' }));
      return true;
    }
    if (String(body.keyType ?? '') !== '0') {
      send(res, 200, 'text/xml; charset=utf-8', envelope('queryShipment', 'ShippingDeliveryVO', { outFlag: '1', outResult: 'Geçersiz keyType', count: '0' }));
      return true;
    }
    const history = String(body.addHistoricalData) === 'true';
    const details = keys.map((key) => {
      const s = shipments.get(key);
      if (!s) return { cargoKey: key, errCode: '80859', errMessage: 'Kargo anahtarı bulunamadı.' };
      const st = stageOf(s);
      const item: Record<string, unknown> = {
        docId: s.trackingNumber ?? '',
        trackingUrl: s.trackingNumber ? `https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=${s.trackingNumber}` : '',
        deliveryDate: s.deliveredAt?.date ?? '',
        deliveryTime: s.deliveredAt?.time ?? '',
        departureUnitName: 'KADIKÖY ŞUBE',
        arrivalUnitName: 'ÇANKAYA ŞUBE',
      };
      if (history) {
        item.invDocCargoVOArray = s.events.map((e) => ({ unitId: '1', unitName: e.unitName, eventId: e.eventId, eventName: e.eventName, reasonId: '', reasonName: '', eventDate: e.eventDate, eventTime: e.eventTime, cityName: '', townName: '' }));
      }
      return {
        cargoKey: key,
        invoiceKey: s.invoiceKey,
        jobId: '1',
        operationCode: st.operationCode,
        operationMessage: st.operationMessage,
        operationStatus: st.operationStatus,
        docId: s.trackingNumber ?? '',
        errCode: '0',
        errMessage: '',
        shippingDeliveryItemDetailVO: item,
      };
    });
    if (fault?.kind === 'drop-after-apply') return false;
    send(res, 200, 'text/xml; charset=utf-8', envelope('queryShipment', 'ShippingDeliveryVO', { outFlag: '0', outResult: 'Başarılı', count: String(keys.length), senderCustId: '1234567', shippingDeliveryDetailVO: details }));
    if (fake.autoAdvance) for (const k of keys) if (shipments.has(k)) advance(shipments.get(k) as State);
    return true;
  }

  async function handle(req: FakeRequest, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.path !== YURTICI_PATH) {
      send(res, 404, 'text/html', '<html><body>Not Found</body></html>');
      return;
    }
    let doc: Record<string, unknown>;
    try {
      doc = parser.parse(req.body, true) as Record<string, unknown>;
    } catch {
      fault(res, 'Unmarshalling Error: the request is not well-formed XML');
      return;
    }
    const bodyEl = ((doc.Envelope as Record<string, unknown> | undefined)?.Body ?? {}) as Record<string, unknown>;
    const operation = Object.keys(bodyEl).find((k) => ['createShipment', 'queryShipment'].includes(k));
    if (!operation) {
      fault(res, `Cannot find dispatch method for {${NS}}${Object.keys(bodyEl)[0] ?? '(empty body)'}`);
      return;
    }
    const body = (bodyEl[operation] ?? {}) as Record<string, unknown>;
    const op = operation === 'createShipment' ? 'create' : 'track';
    const injected = faults.next(op);
    if (await transportFault(injected, res)) return;
    if (injected?.kind === 'platform-error') {
      fault(res, 'javax.xml.ws.WebServiceException: java.sql.SQLException: connection pool exhausted');
      return;
    }
    if (injected?.kind === 'echo-error') {
      fault(res, `Unmarshalling Error: unexpected element in request ${req.body}`);
      return;
    }
    const user = String(body.wsUserName ?? '');
    const pass = String(body.wsPassword ?? '');
    if (user !== username || pass !== password) {
      // Wrong credentials come back as a business error inside HTTP 200 (UNCONFIRMED wording).
      const result = operation === 'createShipment' ? 'ShippingOrderResultVO' : 'ShippingDeliveryVO';
      send(res, 200, 'text/xml; charset=utf-8', envelope(operation, result, { outFlag: '2', outResult: 'Kullanıcı adı veya şifre hatalı.', count: '0' }));
      return;
    }
    const answered = operation === 'createShipment' ? createShipment(body, res, injected) : queryShipment(body, res, injected);
    if (!answered) res.socket?.destroy();
  }

  const server = await startFakeHttp(handle);
  const fake: YurticiFake = {
    url: `${server.url}${YURTICI_PATH}`,
    username,
    password,
    progression: PROGRESSION.map((p) => p.expect),
    specialStates: Object.keys(SPECIAL) as ShipmentStatus[],
    autoAdvance: false,
    ...carrierFakeControls({ shipments, advance, faults, maxKeys: () => maxKeys, server }),
    setState(key, state) {
      const s = shipments.get(key);
      if (!s) throw new Error(`yurtici fake: no shipment ${key}`);
      if (!SPECIAL[state]) throw new Error(`yurtici fake: cannot put a shipment in state ${state}`);
      s.special = state;
    },
  };
  return fake;
}
