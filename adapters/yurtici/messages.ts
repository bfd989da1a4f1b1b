import { soapEnvelope, type XmlChildren } from '../../src/soap/build.js';
import { isObject, listOf, textOf, type XmlObject } from '../../src/soap/parse.js';
import type { CreateOutcome, ShipmentEvent, ShipmentRequest, TrackingResult } from '../../src/shipments/carrier.js';
import { yurticiEventStatus, yurticiStatus } from './statuses.js';

// Request envelopes and response readers for ShippingOrderDispatcherServices: pure (text in, data out).

export const NAMESPACE = 'http://yurticikargo.com.tr/ShippingOrderDispatcherServices';
/** Lists in the responses, even when they hold one element. */
export const ARRAYS = ['shippingOrderDetailVO', 'shippingDeliveryDetailVO', 'invDocCargoVOArray'] as const;

export const ERR_DUPLICATE_KEY = '60020';
export const ERR_KEY_NOT_FOUND = '80859';

export interface Credentials {
  username: string;
  password: string;
  language: 'TR' | 'EN';
}

/** A request-level answer that is not a per-shipment result (outFlag ≠ 0 with nothing per shipment). */
export class YurticiRefusal extends Error {
  constructor(
    readonly outFlag: string | null,
    readonly outResult: string | null,
  ) {
    super(outResult ?? `outFlag ${outFlag ?? '(missing)'}`);
  }
}

export function createShipmentEnvelope(creds: Credentials, requests: ShipmentRequest[]): string {
  const orders: XmlChildren[] = requests.map((r) => ({
    cargoKey: r.carrierKey,
    invoiceKey: r.carrierKey,
    receiverCustName: r.recipient.name,
    receiverAddress: r.recipient.address,
    cityName: r.recipient.city ?? '',
    townName: r.recipient.district ?? '',
    receiverPhone1: r.recipient.phone ?? '',
    emailAddress: r.recipient.email ?? '',
    cargoCount: r.pieces,
    desi: r.desi ?? undefined,
    kg: r.weightKg ?? undefined,
    // Shown on the branch's screen: lets people match the parcel to the order.
    specialField1: r.orderNo,
    description: r.description ?? '',
    ttInvoiceAmount: r.codAmount ?? undefined,
  }));
  return soapEnvelope({
    namespace: NAMESPACE,
    operation: 'createShipment',
    style: 'prefixed',
    body: { wsUserName: creds.username, wsPassword: creds.password, userLanguage: creds.language, ShippingOrderVO: orders },
  });
}

export function queryShipmentEnvelope(creds: Credentials, keys: string[]): string {
  return soapEnvelope({
    namespace: NAMESPACE,
    operation: 'queryShipment',
    style: 'prefixed',
    body: {
      wsUserName: creds.username,
      wsPassword: creds.password,
      // queryShipment calls it wsLanguage, createShipment userLanguage.
      wsLanguage: creds.language,
      keys,
      keyType: 0, // 0 = cargoKey
      addHistoricalData: true,
      onlyTracking: false,
    },
  });
}

const errCodeOf = (v: XmlObject): string | null => {
  const c = textOf(v.errCode);
  return c === null || c === '0' ? null : c;
};

/** One outcome per request from a ShippingOrderResultVO. Throws YurticiRefusal when it says nothing per shipment. */
export function readCreateResult(vo: XmlObject, keys: string[]): CreateOutcome[] {
  const outFlag = textOf(vo.outFlag);
  const outResult = textOf(vo.outResult);
  const details = new Map(listOf(vo.shippingOrderDetailVO).map((d) => [textOf(d.cargoKey) ?? '', d]));
  // outFlag 0 = at least one accepted, 1 = all failed, 2 = unexpected error. Only failures are itemised.
  if (outFlag !== '0' && outFlag !== '1') throw new YurticiRefusal(outFlag, outResult);
  if (outFlag === '1' && details.size === 0) throw new YurticiRefusal(outFlag, outResult);
  return keys.map((key): CreateOutcome => {
    const d = details.get(key);
    const code = d ? errCodeOf(d) : null;
    if (d && code === ERR_DUPLICATE_KEY) return { carrierKey: key, status: 'exists' };
    if (d && code) return { carrierKey: key, status: 'failed', reason: `${textOf(d.errMessage) ?? 'rejected'} (errCode ${code})` };
    if (outFlag === '0') return { carrierKey: key, status: 'created', trackingNumber: null, trackingUrl: null };
    return { carrierKey: key, status: 'failed', reason: outResult ?? 'rejected (outFlag 1)' };
  });
}

/** Yurtiçi dates: eventDate YYYYMMDD and eventTime HHMMSS, Turkish local time (UTC+3). */
export function yurticiTime(date: string | null, time: string | null): string | null {
  if (!date || !/^\d{8}$/.test(date)) return null;
  const t = time && /^\d{4,6}$/.test(time) ? time.padEnd(6, '0') : '000000';
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}+03:00`;
}

/** One result per key from a ShippingDeliveryVO. Throws YurticiRefusal when it says nothing per key. */
export function readQueryResult(vo: XmlObject, keys: string[]): TrackingResult[] {
  const outFlag = textOf(vo.outFlag);
  const details = new Map(listOf(vo.shippingDeliveryDetailVO).map((d) => [textOf(d.cargoKey) ?? '', d]));
  if (details.size === 0 && outFlag !== '0') throw new YurticiRefusal(outFlag, textOf(vo.outResult));
  return keys.map((key): TrackingResult => {
    const d = details.get(key);
    const code = d ? errCodeOf(d) : null;
    if (!d || code === ERR_KEY_NOT_FOUND) return notFound(key);
    if (code) return { ...notFound(key), error: `${textOf(d.errMessage) ?? 'refused'} (errCode ${code})` };
    const item = isObject(d.shippingDeliveryItemDetailVO) ? d.shippingDeliveryItemDetailVO : {};
    const events: ShipmentEvent[] = listOf(item.invDocCargoVOArray).map((e) => {
      const name = textOf(e.eventName);
      const reason = textOf(e.reasonName);
      const place = [textOf(e.unitName), textOf(e.townName), textOf(e.cityName)].filter(Boolean).join(', ');
      return {
        at: yurticiTime(textOf(e.eventDate), textOf(e.eventTime)),
        status: yurticiEventStatus(name),
        code: textOf(e.eventId),
        message: [name, reason].filter(Boolean).join(' - ') || null,
        location: place || null,
      };
    });
    events.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
    const latest = events.length ? events[events.length - 1].message : null;
    const operationCode = textOf(d.operationCode);
    const status = yurticiStatus(operationCode, textOf(d.operationStatus), latest);
    return {
      carrierKey: key,
      found: true,
      status,
      carrierCode: [textOf(d.operationStatus), operationCode].filter(Boolean).join('/') || null,
      carrierMessage: textOf(d.operationMessage),
      trackingNumber: textOf(d.docId) ?? textOf(item.docId),
      trackingUrl: textOf(item.trackingUrl),
      deliveredAt: status === 'delivered' ? yurticiTime(textOf(item.deliveryDate), textOf(item.deliveryTime)) : null,
      events,
    };
  });
}

function notFound(key: string): TrackingResult {
  return { carrierKey: key, found: false, status: 'unknown', carrierCode: null, carrierMessage: null, trackingNumber: null, trackingUrl: null, deliveredAt: null, events: [] };
}
