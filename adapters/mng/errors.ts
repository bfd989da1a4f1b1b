import { RemoteError } from '../../src/http/errors.js';

// MNG error bodies [CLIENT]: `{ "error": { "Code": "20001", "Description": "..." } }`, or the IBM
// gateway's `{ "httpCode", "httpMessage", "moreInformation" }` / `{ "message": ... }`.

export interface MngErrorBody {
  code: string | null;
  message: string;
}

export function mngErrorOf(body: unknown): MngErrorBody | null {
  if (!body || typeof body !== 'object') return null;
  const o = body as Record<string, unknown>;
  const e = o.error;
  if (e && typeof e === 'object') {
    const x = e as Record<string, unknown>;
    const code = x.Code ?? x.code;
    const message = x.Description ?? x.description ?? x.Message ?? x.message;
    return { code: code === undefined || code === null ? null : String(code), message: message ? String(message) : 'error without a description' };
  }
  if (typeof e === 'string') return { code: null, message: e };
  return null;
}

/** The error body of a RemoteError (the HTTP client keeps the response text). */
export function remoteErrorBody(err: RemoteError): MngErrorBody | null {
  if (!err.body) return null;
  try {
    const parsed = JSON.parse(err.body) as Record<string, unknown>;
    const own = mngErrorOf(parsed);
    if (own) return own;
    const info = parsed.moreInformation ?? parsed.message ?? parsed.httpMessage;
    return info ? { code: parsed.httpCode ? String(parsed.httpCode) : null, message: String(info) } : null;
  } catch {
    return null;
  }
}

export const ERR_BRANCH_PENDING = '20001';
// UNCONFIRMED: one client uses 3002 for a duplicate referenceId on createOrder.
export const ERR_DUPLICATE_ORDER = '3002';
