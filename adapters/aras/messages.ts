import { soapEnvelope, xmlElement, type XmlChildren } from '../../src/soap/build.js';
import { listOf, textOf, type XmlObject } from '../../src/soap/parse.js';
import { looksLikeAlreadyExists } from '../../src/shipments/carrier-text.js';
import type { CreateOutcome, ShipmentRequest, TrackingResult } from '../../src/shipments/carrier.js';
import { arasStatus } from './statuses.js';

// SetOrder and GetQueryJSON envelopes and readers: pure.

export const NAMESPACE = 'http://tempuri.org/';
export const SET_ORDER_ACTION = 'http://tempuri.org/SetOrder';
export const GET_QUERY_JSON_ACTION = 'http://tempuri.org/IArasCargoIntegrationService/GetQueryJSON';
export const ARRAYS = ['OrderResultInfo'] as const;

// [CLIENT] tracking page; UNCONFIRMED whether it accepts every tracking number form.
export const trackingUrl = (trackingNo: string) => `https://kargotakip.araskargo.com.tr/mainpage.aspx?code=${encodeURIComponent(trackingNo)}`;

export interface OrderCredentials {
  username: string;
  password: string;
  payorTypeCode: 1 | 2;
}

export interface QueryCredentials {
  username: string;
  password: string;
  customerCode: string;
}

const weight = (n: number | null) => (n !== null && n > 0 ? n : 1);

export function setOrderEnvelope(creds: OrderCredentials, requests: ShipmentRequest[]): string {
  const orders: XmlChildren[] = requests.map((r) => ({
    UserName: creds.username,
    Password: creds.password,
    TradingWaybillNumber: r.carrierKey,
    InvoiceNumber: r.carrierKey,
    IntegrationCode: r.carrierKey,
    ReceiverName: r.recipient.name,
    ReceiverAddress: r.recipient.address,
    ReceiverPhone1: r.recipient.phone ?? '',
    ReceiverCityName: r.recipient.city ?? '',
    ReceiverTownName: r.recipient.district ?? '',
    VolumetricWeight: weight(r.desi),
    Weight: weight(r.weightKg),
    PieceCount: r.pieces,
    PieceDetails: {
      PieceDetail: Array.from({ length: r.pieces }, (_, i) => ({
        VolumetricWeight: weight(r.desi),
        Weight: weight(r.weightKg),
        BarcodeNumber: r.pieces > 1 ? `${r.carrierKey}-${i + 1}` : r.carrierKey,
        ProductNumber: '',
        Description: r.description ?? '',
      })),
    },
    SpecialField1: r.orderNo,
    IsCod: r.codAmount ? 1 : 0,
    CodAmount: r.codAmount ?? 0,
    PayorTypeCode: creds.payorTypeCode,
    IsWorldWide: 0,
    Description: r.description ?? '',
  }));
  return soapEnvelope({
    namespace: NAMESPACE,
    operation: 'SetOrder',
    style: 'default',
    body: { orderInfo: { Order: orders }, userName: creds.username, password: creds.password },
  });
}

/** GetQueryJSON takes two XML documents as strings: built escaped, then escaped again as text. */
export function getQueryJsonEnvelope(creds: QueryCredentials, integrationCode: string): string {
  const loginInfo = xmlElement('LoginInfo', { UserName: creds.username, Password: creds.password, CustomerCode: creds.customerCode });
  // UNCONFIRMED: QueryType 1 with IntegrationCode (≥4 clients); one client sends TrackingNumber instead.
  const queryInfo = xmlElement('QueryInfo', { QueryType: 1, IntegrationCode: integrationCode });
  return soapEnvelope({ namespace: NAMESPACE, operation: 'GetQueryJSON', style: 'default', body: { loginInfo, queryInfo } });
}

export interface SetOrderAnswer {
  code: string | null;
  message: string | null;
  invoiceKey: string | null;
}

export function setOrderAnswers(result: XmlObject): SetOrderAnswer[] {
  return listOf(result.OrderResultInfo).map((r) => ({ code: textOf(r.ResultCode), message: textOf(r.ResultMessage), invoiceKey: textOf(r.InvoiceKey) }));
}

/** One outcome per request; answers are matched by InvoiceKey (= our key), else by position. */
export function readSetOrder(answers: SetOrderAnswer[], keys: string[]): CreateOutcome[] {
  const byKey = new Map(answers.filter((a) => a.invoiceKey).map((a) => [a.invoiceKey as string, a]));
  return keys.map((key, i): CreateOutcome => {
    const a = byKey.get(key) ?? (byKey.size === 0 ? answers[i] : undefined);
    if (!a) return { carrierKey: key, status: 'failed', reason: 'Aras returned no result for this order' };
    if (a.code === '0') return { carrierKey: key, status: 'created', trackingNumber: null, trackingUrl: null };
    if (looksLikeAlreadyExists(a.message)) return { carrierKey: key, status: 'exists' };
    return { carrierKey: key, status: 'failed', reason: `${a.message ?? 'rejected'} (ResultCode ${a.code ?? '?'})` };
  });
}

export type QueryAnswer = { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

export function parseQueryJson(result: string | null): QueryAnswer {
  const text = (result ?? '').trim();
  if (text === '') return { kind: 'json', value: null };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    return { kind: 'text', text };
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim());

/** The tracking result for one integration code from GetQueryJSON's decoded JSON. */
export function readCargo(key: string, value: unknown): TrackingResult {
  const none: TrackingResult = { carrierKey: key, found: false, status: 'unknown', carrierCode: null, carrierMessage: null, trackingNumber: null, trackingUrl: null, deliveredAt: null, events: [] };
  const doc = (value ?? {}) as Record<string, unknown>;
  // UNCONFIRMED: an in-body failure form (ResultCode ≠ 0) next to QueryResult.
  const resultCode = str(doc.ResultCode ?? doc.ErrorCode);
  if (resultCode !== null && resultCode !== '0') return { ...none, error: `${str(doc.ResultMessage ?? doc.ErrorMessage) ?? 'query refused'} (code ${resultCode})` };
  const qr = doc.QueryResult as Record<string, unknown> | null | undefined;
  if (!qr || typeof qr !== 'object') return none;
  // `Cargo` is an object or an array; several entries (pieces) share one status in practice, the first is used.
  const cargo = (Array.isArray(qr.Cargo) ? qr.Cargo[0] : qr.Cargo) as Record<string, unknown> | undefined;
  if (!cargo || typeof cargo !== 'object') return none;
  const code = str(cargo.DURUM_KODU);
  const text = str(cargo.DURUMU);
  const trackingNumber = str(cargo.KARGO_TAKIP_NO);
  return {
    carrierKey: key,
    found: true,
    status: arasStatus(code, text),
    carrierCode: code,
    carrierMessage: text,
    trackingNumber,
    trackingUrl: trackingNumber ? trackingUrl(trackingNumber) : null,
    // No delivery time among the documented fields: the first check that sees "delivered" stands in.
    deliveredAt: null,
    events: [],
  };
}
