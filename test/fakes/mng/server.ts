import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ShipmentStatus } from '../../../src/shipments/carrier.js';
import type { CarrierFake, FakeShipment } from '../../conformance/carrier-fake.js';
import { FaultQueue, send, startFakeHttp, transportFault, type FakeRequest, carrierFakeControls } from '../shared/fake-http.js';

// MNG Kargo / DHL eCommerce Türkiye REST API (IBM API Connect) as the API notes describe it:
// X-IBM-Client-Id/Secret on every call, a JWT from POST /token for business calls (401 once it
// expires), createOrder then createbarcode (which assigns the shipmentId), getshipmentstatus by
// referenceId, CBS info for city/district codes, and `{ error: { Code, Description } }` bodies.

export const MNG_BASE_PATH = '/mngapi/api';

const PROGRESSION: { code: number; text: string; expect: ShipmentStatus }[] = [
  { code: 1, text: 'Gönderi hazırlandı', expect: 'created' },
  { code: 2, text: 'Transfer sürecinde', expect: 'in_transit' },
  { code: 3, text: 'Teslim birimine ulaştı', expect: 'at_branch' },
  { code: 4, text: 'Alıcı adresine teslim için çıkarıldı', expect: 'out_for_delivery' },
  { code: 5, text: 'Teslim edildi', expect: 'delivered' },
];
const SPECIAL: Partial<Record<ShipmentStatus, { code: number; text: string }>> = {
  not_delivered: { code: 6, text: 'Teslim edilemedi' },
  returned: { code: 7, text: 'Göndericiye iade ediliyor' },
};

export const MNG_CITIES = [
  { code: '34', name: 'İSTANBUL', districts: [{ code: '1832', name: 'KADIKÖY' }, { code: '1183', name: 'BEŞİKTAŞ' }] },
  { code: '6', name: 'ANKARA', districts: [{ code: '1231', name: 'ÇANKAYA' }, { code: '1167', name: 'KEÇİÖREN' }] },
  { code: '35', name: 'İZMİR', districts: [{ code: '2006', name: 'KONAK' }] },
];

interface State extends FakeShipment {
  order: Record<string, unknown>;
  barcodeAttempts: number;
  statusAt: Date;
  deliveredAt: Date | null;
}

export interface MngFakeOptions {
  customerNumber?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  /** How long a JWT is valid; default 8 hours. */
  tokenTtlMs?: number;
}

export interface MngFake extends CarrierFake {
  customerNumber: string;
  password: string;
  clientId: string;
  clientSecret: string;
  /** Invalidate every JWT handed out so far (the next business call answers 401). */
  expireTokens(): void;
  /** From now, the next `times` createbarcode calls answer 20001 (arrival branch not determined yet); 0 stops it. */
  delayBarcodes(times: number): void;
  /** Answer getshipmentstatus with a bare object instead of a one-element array. */
  statusAsObject: boolean;
  tokensIssued(): number;
}

const fmtDate = (d: Date) => {
  const t = new Date(d.getTime() + 3 * 3600_000).toISOString();
  return `${t.slice(8, 10)}-${t.slice(5, 7)}-${t.slice(0, 4)} ${t.slice(11, 16)}`;
};

export async function startMngFake(options: MngFakeOptions = {}): Promise<MngFake> {
  const creds = {
    customerNumber: options.customerNumber ?? '123456789',
    password: options.password ?? 'mng-customer-pass',
    clientId: options.clientId ?? 'mng-client-id-0001',
    clientSecret: options.clientSecret ?? 'mng-client-secret-0001',
  };
  const ttl = options.tokenTtlMs ?? 8 * 3600_000;
  const tokens = new Map<string, number>();
  const shipments = new Map<string, State>();
  const faults = new FaultQueue();
  let shipmentSeq = 70_000_000;
  let invoiceSeq = 500_000;
  let barcodeDelays = 0;
  let issued = 0;
  let maxKeys = 0;

  const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  const mngError = (res: ServerResponse, status: number, code: string, description: string) => json(res, status, { error: { Code: code, Message: description, Description: description } });
  const gateway401 = (res: ServerResponse, info: string) => json(res, 401, { httpCode: '401', httpMessage: 'Unauthorized', moreInformation: info });

  const advance = (s: State) => {
    if (s.special || !s.trackingNumber || s.stage >= PROGRESSION.length - 1) return;
    s.stage++;
    s.statusAt = new Date();
    if (PROGRESSION[s.stage].code === 5) s.deliveredAt = s.statusAt;
  };

  async function handle(req: FakeRequest, res: ServerResponse): Promise<void> {
    if (!req.path.startsWith(MNG_BASE_PATH + '/')) {
      json(res, 404, { httpCode: '404', httpMessage: 'Not Found', moreInformation: 'No resources match requested URI' });
      return;
    }
    const path = req.path.slice(MNG_BASE_PATH.length);
    if (req.headers['x-ibm-client-id'] !== creds.clientId || req.headers['x-ibm-client-secret'] !== creds.clientSecret) {
      gateway401(res, 'Invalid client id or secret.');
      return;
    }
    let body: Record<string, unknown> = {};
    if (req.method === 'POST' || req.method === 'PUT') {
      try {
        body = JSON.parse(req.body || '{}') as Record<string, unknown>;
      } catch {
        mngError(res, 400, '400', 'İstek gövdesi okunamadı');
        return;
      }
    }

    if (req.method === 'POST' && path === '/token') {
      const fault = faults.next('auth');
      if (await transportFault(fault, res)) return;
      if (fault?.kind === 'echo-error') {
        json(res, 400, { moreInformation: `Bad request: ${req.body}` });
        return;
      }
      if (String(body.customerNumber ?? '') !== creds.customerNumber || String(body.password ?? '') !== creds.password) {
        // UNCONFIRMED status and wording for a refused customer login.
        mngError(res, 401, '401', 'Müşteri numarası veya şifre hatalı');
        return;
      }
      const jwt = `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
      const expires = Date.now() + ttl;
      tokens.set(jwt, expires);
      issued++;
      json(res, 200, { jwt, refreshToken: randomBytes(16).toString('hex'), jwtExpireDate: fmtDate(new Date(expires)), refreshTokenExpireDate: fmtDate(new Date(expires + ttl)) });
      return;
    }

    if (req.method === 'GET' && path === '/cbsinfoapi/getcities') {
      json(res, 200, MNG_CITIES.map((c) => ({ code: c.code, name: c.name })));
      return;
    }
    const districts = /^\/cbsinfoapi\/getdistricts\/(\d+)$/.exec(path);
    if (req.method === 'GET' && districts) {
      const city = MNG_CITIES.find((c) => c.code === districts[1]);
      json(res, 200, (city?.districts ?? []).map((d) => ({ code: d.code, name: d.name, cityCode: city?.code })));
      return;
    }

    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const expiry = tokens.get(token);
    if (expiry === undefined || expiry <= Date.now()) {
      gateway401(res, expiry === undefined ? 'Authorization header missing or token invalid.' : 'Token expired.');
      return;
    }

    const op = path.startsWith('/standardqueryapi/') ? 'track' : 'create';
    const fault = faults.next(op);
    if (await transportFault(fault, res)) return;
    if (fault?.kind === 'platform-error') {
      mngError(res, 500, '500', 'Sistemde beklenmeyen bir hata oluştu');
      return;
    }
    if (fault?.kind === 'in-body-error') {
      json(res, 200, { error: { Code: '9001', Message: 'İşlem şu anda yapılamıyor', Description: 'İşlem şu anda yapılamıyor' } });
      return;
    }
    if (fault?.kind === 'echo-error') {
      json(res, 400, { moreInformation: `Bad request: ${JSON.stringify({ headers: req.headers, body: req.body })}` });
      return;
    }

    if (req.method === 'POST' && path === '/standardcmdapi/createOrder') {
      const order = (body.order ?? {}) as Record<string, unknown>;
      const recipient = (body.recipient ?? {}) as Record<string, unknown>;
      const ref = String(order.referenceId ?? '');
      if (!/^[A-Z0-9]+$/.test(ref)) return mngError(res, 400, '1001', 'referenceId yalnızca büyük harf ve rakam içerebilir');
      const missing = ['fullName', 'address', 'cityName', 'districtName', 'mobilePhoneNumber'].filter((f) => !recipient[f] || !String(recipient[f]).trim());
      if (missing.length) return mngError(res, 400, '1002', `Alıcı bilgileri eksik: ${missing.join(', ')}`);
      const city = MNG_CITIES.find((c) => Number(c.code) === Number(recipient.cityCode));
      if (!city || !city.districts.some((d) => Number(d.code) === Number(recipient.districtCode))) return mngError(res, 400, '1003', 'İl/ilçe kodu geçersiz');
      if (shipments.has(ref)) return mngError(res, 400, '3002', 'Bu referans numarası ile daha önce sipariş oluşturulmuştur');
      shipments.set(ref, {
        key: ref,
        createCount: 1,
        stage: 0,
        special: null,
        trackingNumber: null,
        order: body,
        barcodeAttempts: 0,
        statusAt: new Date(),
        deliveredAt: null,
        received: { name: String(recipient.fullName), address: String(recipient.address), city: String(recipient.cityName), district: String(recipient.districtName), phone: String(recipient.mobilePhoneNumber) },
      });
      if (fault?.kind === 'drop-after-apply') return void res.socket?.destroy();
      json(res, 200, [{ orderInvoiceId: String(++invoiceSeq), orderInvoiceDetailId: String(invoiceSeq * 10), shipperBranchCode: '034', referenceId: ref }]);
      return;
    }

    if (req.method === 'POST' && path === '/barcodecmdapi/createbarcode') {
      const ref = String(body.referenceId ?? '');
      const s = shipments.get(ref);
      if (!s) return mngError(res, 400, '3010', 'Bu referans numarası ile sipariş bulunamadı');
      s.barcodeAttempts++;
      if (barcodeDelays > 0) {
        barcodeDelays--;
        return mngError(res, 400, '20001', 'Varış şubesi henüz belirlenmedi, lütfen daha sonra tekrar deneyiniz');
      }
      // UNCONFIRMED code: a second barcode for the same order is refused.
      if (s.trackingNumber) return mngError(res, 400, '3003', 'Bu sipariş için daha önce barkod oluşturulmuştur');
      s.trackingNumber = String(++shipmentSeq);
      s.statusAt = new Date();
      if (fault?.kind === 'drop-after-apply') return void res.socket?.destroy();
      json(res, 200, { referenceId: ref, shipmentId: s.trackingNumber, invoiceId: `INV${shipmentSeq}`, barcodes: [{ pieceNumber: 1, value: `^XA^FO50,50^BCN,100^FD${ref}^FS^XZ` }] });
      return;
    }

    const status = /^\/standardqueryapi\/getshipmentstatus\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && status) {
      maxKeys = Math.max(maxKeys, 1);
      const s = shipments.get(status[1]);
      // An order without a barcode is not a shipment yet (UNCONFIRMED: same answer as an unknown reference).
      if (!s || !s.trackingNumber) return mngError(res, 404, '404', 'Gönderi bulunamadı');
      const st = s.special ? (SPECIAL[s.special] as { code: number; text: string }) : PROGRESSION[s.stage];
      const item = {
        orderId: s.key,
        referenceId: s.key,
        shipmentId: s.trackingNumber,
        shipmentStatusCode: st.code,
        shipmentStatus: st.text,
        isDelivered: st.code === 5 ? 1 : 0,
        deliveryDateTime: s.deliveredAt ? fmtDate(s.deliveredAt) : null,
        statusDateTime: fmtDate(s.statusAt),
        trackingUrl: `https://kargotakip.mngkargo.com.tr/?takipNo=${s.trackingNumber}`,
      };
      if (fault?.kind === 'drop-after-apply') return void res.socket?.destroy();
      json(res, 200, fake.statusAsObject ? item : [item]);
      if (fake.autoAdvance) advance(s);
      return;
    }
    json(res, 404, { httpCode: '404', httpMessage: 'Not Found', moreInformation: 'No resources match requested URI' });
  }

  const server = await startFakeHttp(handle);
  const fake: MngFake = {
    url: `${server.url}${MNG_BASE_PATH}`,
    ...creds,
    statusAsObject: false,
    progression: PROGRESSION.map((p) => p.expect),
    specialStates: Object.keys(SPECIAL) as ShipmentStatus[],
    autoAdvance: false,
    ...carrierFakeControls({ shipments, advance, faults, maxKeys: () => maxKeys, server }),
    setState(key, state) {
      const s = shipments.get(key);
      if (!s) throw new Error(`mng fake: no shipment ${key}`);
      if (!SPECIAL[state]) throw new Error(`mng fake: cannot put a shipment in state ${state}`);
      s.special = state;
      s.statusAt = new Date();
    },
    expireTokens() {
      for (const k of tokens.keys()) tokens.set(k, 0);
    },
    delayBarcodes(times) {
      barcodeDelays = times;
    },
    tokensIssued: () => issued,
  };
  return fake;
}
