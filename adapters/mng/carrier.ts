import { registerSecret } from '../../src/config/redact.js';
import { createHttpClient, type HttpRequest } from '../../src/http/client.js';
import { RemoteError } from '../../src/http/errors.js';
import { sleep } from '../../src/http/retry.js';
import { looksLikeAlreadyExists } from '../../src/shipments/carrier-text.js';
import type { Carrier, CarrierCapabilities, CarrierContext, CreateOutcome, ShipmentRequest, TrackingResult } from '../../src/shipments/carrier.js';
import { foldName, foldText } from '../../src/shipments/text.js';
import { mngTime } from './dates.js';
import { ERR_BRANCH_PENDING, ERR_DUPLICATE_ORDER, mngErrorOf, remoteErrorBody } from './errors.js';
import { mngStatus } from './statuses.js';
import { tokenSource } from './token.js';

export const MNG_PROD_URL = 'https://api.mngkargo.com.tr/mngapi/api';

export interface MngConfig {
  baseUrl?: string;
  timeoutMs: number;
  customerNumber: string;
  password: string;
  clientId: string;
  clientSecret: string;
  paymentType: 1 | 2 | 3;
  shipmentServiceType: 1 | 7 | 8;
  packagingType: 1 | 2 | 3 | 4;
  barcodeRetries: number;
  barcodeRetryDelayMs: number;
}

export const MNG_CAPABILITIES: CarrierCapabilities = {
  // createOrder and getshipmentstatus take one referenceId each.
  trackBatchSize: 1,
  createBatchSize: 1,
  concurrency: 4,
  // UNCONFIRMED: rate limits are not documented.
  rateLimit: { requests: 10, intervalMs: 1000 },
  // referenceId: upper-case A–Z0–9 [CLIENT]; UNCONFIRMED length.
  carrierKey: { maxLength: 20, allowed: /[A-Z0-9]/, upperCase: true },
};

const PROBE_KEY = 'INTEGRDOCTORPROBE';
const CBS_TTL_MS = 30 * 24 * 3600_000;

interface Place {
  code: string;
  name: string;
}

export function createMngCarrier(config: MngConfig, ctx: CarrierContext): Carrier {
  for (const s of [config.password, config.clientId, config.clientSecret]) registerSecret(s);
  const client = createHttpClient({
    name: ctx.name,
    baseUrl: config.baseUrl ?? MNG_PROD_URL,
    headers: { 'x-ibm-client-id': config.clientId, 'x-ibm-client-secret': config.clientSecret, accept: 'application/json' },
    timeoutMs: config.timeoutMs,
    rateLimit: MNG_CAPABILITIES.rateLimit,
    retry: { retries: 3 },
    onRetry: (r) => ctx.log.verbose(`${ctx.name}: retrying ${r.endpoint} in ${r.delayMs} ms (${r.reason})`),
  });
  const tokens = tokenSource(client, ctx.name, { customerNumber: config.customerNumber, password: config.password });

  /** A business call with the JWT; a 401 (expired token) fetches a new one and tries once more. */
  async function call<T>(req: HttpRequest): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const jwt = await tokens.get(req.signal);
      try {
        const res = await client.request<T>({ ...req, headers: { ...req.headers, authorization: `Bearer ${jwt}` }, responseType: 'json' });
        // Errors are also seen inside 2xx answers.
        const inBody = mngErrorOf(res.body);
        if (inBody) {
          throw new RemoteError('REMOTE_ERROR', `${ctx.name}: ${req.method} ${req.path} failed: ${inBody.message}${inBody.code ? ` (code ${inBody.code})` : ''}`, {
            status: res.status,
            body: res.text,
            sent: true,
            outcomeUnknown: false,
          });
        }
        return res.body;
      } catch (err) {
        if (err instanceof RemoteError && err.status === 401 && attempt === 0) {
          ctx.log.verbose(`${ctx.name}: token refused (expired?); fetching a new one`);
          tokens.invalidate(jwt);
          continue;
        }
        throw err;
      }
    }
  }

  /** City and district lists from CBS Info, cached in the store (public reference data, no secret). */
  async function places(cacheKey: string, path: string, signal?: AbortSignal): Promise<Place[]> {
    const cached = ctx.cache.get(cacheKey);
    if (cached) {
      const { at, list } = JSON.parse(cached) as { at: number; list: Place[] };
      if (Date.now() - at < CBS_TTL_MS && list.length) return list;
    }
    const res = await client.request<unknown>({ method: 'GET', path, responseType: 'json', signal });
    // UNCONFIRMED field names: code/name, with the spelled-out variants some clients show.
    const list = (Array.isArray(res.body) ? res.body : [])
      .map((x) => x as Record<string, unknown>)
      .map((x) => ({ code: String(x.code ?? x.cityCode ?? x.districtCode ?? x.id ?? ''), name: String(x.name ?? x.cityName ?? x.districtName ?? '') }))
      .filter((p) => p.code && p.name);
    ctx.cache.set(cacheKey, JSON.stringify({ at: Date.now(), list }));
    return list;
  }

  async function locate(city: string, district: string, signal?: AbortSignal): Promise<{ city: Place; district: Place } | string> {
    const cities = await places('cbs:cities', '/cbsinfoapi/getcities', signal);
    const c = cities.find((p) => foldName(p.name) === foldName(city));
    if (!c) return `city "${city}" is not in MNG's city list`;
    const districts = await places(`cbs:districts:${c.code}`, `/cbsinfoapi/getdistricts/${encodeURIComponent(c.code)}`, signal);
    const d = districts.find((p) => foldName(p.name) === foldName(district));
    if (!d) return `district "${district}" is not in MNG's list for ${c.name}`;
    return { city: c, district: d };
  }

  const pieces = (r: ShipmentRequest) =>
    Array.from({ length: r.pieces }, (_, i) => ({ barcode: `${r.carrierKey}_PARCA${i + 1}`, desi: r.desi ?? 1, kg: r.weightKg ?? 1, content: r.description ?? r.orderNo }));

  function orderBody(r: ShipmentRequest, place: { city: Place; district: Place }) {
    return {
      order: {
        referenceId: r.carrierKey,
        barcode: r.carrierKey,
        billOfLandingId: '',
        isCOD: r.codAmount ? 1 : 0,
        codAmount: r.codAmount ?? 0,
        shipmentServiceType: config.shipmentServiceType,
        packagingType: config.packagingType,
        content: r.description ?? r.orderNo,
        smsPreference1: 1,
        smsPreference2: 0,
        smsPreference3: 0,
        paymentType: config.paymentType,
        deliveryType: 1,
        description: r.orderNo,
        marketPlaceShortCode: '',
        marketPlaceSaleCode: '',
        pudoId: '',
      },
      orderPieceList: pieces(r),
      recipient: {
        refCustomerId: '',
        cityCode: Number(place.city.code),
        cityName: place.city.name,
        districtCode: Number(place.district.code),
        districtName: place.district.name,
        address: r.recipient.address,
        fullName: r.recipient.name,
        mobilePhoneNumber: r.recipient.phone ?? '',
        homePhoneNumber: '',
        bussinessPhoneNumber: '',
        email: r.recipient.email ?? '',
        taxOffice: '',
        taxNumber: '',
      },
    };
  }

  const carrierWide = (err: RemoteError) => err.code === 'REMOTE_AUTH' || !err.sent;
  const describe = (err: RemoteError) => {
    const e = remoteErrorBody(err);
    return e ? `${e.message}${e.code ? ` (code ${e.code})` : ''}` : err.message;
  };

  async function createOne(r: ShipmentRequest, signal?: AbortSignal): Promise<CreateOutcome> {
    const key = r.carrierKey;
    const place = await locate(r.recipient.city ?? '', r.recipient.district ?? '', signal);
    if (typeof place === 'string') return { carrierKey: key, status: 'failed', reason: place };
    let existed = false;
    try {
      await call({ method: 'POST', path: '/standardcmdapi/createOrder', json: orderBody(r, place), idempotent: false, signal });
    } catch (err) {
      if (!(err instanceof RemoteError) || carrierWide(err)) throw err;
      if (err.outcomeUnknown) return { carrierKey: key, status: 'unknown', reason: err.message };
      const e = remoteErrorBody(err);
      if (e && (e.code === ERR_DUPLICATE_ORDER || looksLikeAlreadyExists(e.message))) existed = true;
      else return { carrierKey: key, status: 'failed', reason: describe(err) };
    }
    if (existed) {
      // The order is there; a shipment (barcode) may be too, or a crash came between the two calls.
      const t = await trackOne(key, signal);
      if (t.found) return { carrierKey: key, status: 'exists' };
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const b = await call<Record<string, unknown>>({
          method: 'POST',
          path: '/barcodecmdapi/createbarcode',
          json: { referenceId: key, billOfLandingId: '', isCOD: r.codAmount ? 1 : 0, codAmount: r.codAmount ?? 0, packagingType: config.packagingType, printReferenceBarcodeOnError: 0, message: '', orderPieceList: pieces(r) },
          idempotent: false,
          signal,
        });
        const shipmentId = b?.shipmentId === undefined || b?.shipmentId === null ? null : String(b.shipmentId);
        return { carrierKey: key, status: existed ? 'exists' : 'created', trackingNumber: shipmentId, trackingUrl: null } as CreateOutcome;
      } catch (err) {
        if (!(err instanceof RemoteError) || carrierWide(err)) throw err;
        if (err.outcomeUnknown) return { carrierKey: key, status: 'unknown', reason: err.message };
        const e = remoteErrorBody(err);
        if (e?.code === ERR_BRANCH_PENDING && attempt < config.barcodeRetries) {
          // "Arrival branch not determined yet": the vendor advises trying again after a few seconds.
          await sleep(config.barcodeRetryDelayMs * (attempt + 1), signal);
          continue;
        }
        if (e?.code === ERR_BRANCH_PENDING) {
          return { carrierKey: key, status: 'failed', reason: `MNG has the order but no arrival branch yet (${describe(err)}); run shipments create again later` };
        }
        if (e && looksLikeAlreadyExists(e.message)) return { carrierKey: key, status: 'exists' };
        return { carrierKey: key, status: 'failed', reason: describe(err) };
      }
    }
  }

  const notFound = (key: string): TrackingResult => ({ carrierKey: key, found: false, status: 'unknown', carrierCode: null, carrierMessage: null, trackingNumber: null, trackingUrl: null, deliveredAt: null, events: [] });

  async function trackOne(key: string, signal?: AbortSignal): Promise<TrackingResult> {
    let body: unknown;
    try {
      body = await call<unknown>({ method: 'GET', path: `/standardqueryapi/getshipmentstatus/${encodeURIComponent(key)}`, signal });
    } catch (err) {
      // UNCONFIRMED: an unknown reference (or an order with no barcode yet) as 404 or a "not found" error.
      if (err instanceof RemoteError && !carrierWide(err) && (err.status === 404 || /bulunamad|not found|kayit yok/.test(foldText(describe(err))))) return notFound(key);
      throw err;
    }
    // The answer is an object or a one-element array.
    const item = (Array.isArray(body) ? body[0] : body) as Record<string, unknown> | undefined;
    if (!item || typeof item !== 'object' || item.shipmentId === undefined || item.shipmentId === null || String(item.shipmentId) === '') return notFound(key);
    const code = item.shipmentStatusCode === undefined || item.shipmentStatusCode === null ? null : String(item.shipmentStatusCode);
    const text = item.shipmentStatus ? String(item.shipmentStatus) : null;
    const delivered = item.isDelivered === true || item.isDelivered === 1 || item.isDelivered === '1' || item.isDelivered === 'true';
    const status = mngStatus(code, text, delivered);
    return {
      carrierKey: key,
      found: true,
      status,
      carrierCode: code,
      carrierMessage: text,
      trackingNumber: String(item.shipmentId),
      trackingUrl: item.trackingUrl ? String(item.trackingUrl) : null,
      deliveredAt: status === 'delivered' ? mngTime(item.deliveryDateTime) ?? mngTime(item.statusDateTime) : null,
      events: [],
    };
  }

  return {
    capabilities: MNG_CAPABILITIES,
    async create(requests, signal) {
      const out: CreateOutcome[] = [];
      for (const r of requests) out.push(await createOne(r, signal));
      return out;
    },
    async track(keys, signal) {
      const out: TrackingResult[] = [];
      for (const k of keys) out.push(await trackOne(k, signal));
      return out;
    },
    async check(signal) {
      await tokens.get(signal);
      await trackOne(PROBE_KEY, signal);
      return `${new URL(config.baseUrl ?? MNG_PROD_URL).host}: token issued for customer ${config.customerNumber}; shipment query answered`;
    },
    close: () => client.close(),
  };
}
