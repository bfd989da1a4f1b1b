import { IntegrError, type ErrorCode } from '../errors.js';
import { redact } from '../config/redact.js';

// Every failure of a remote call becomes a RemoteError. Its two flags are what callers that
// write (non-idempotent deltas) rely on:
//  - sent: false       the request certainly never reached the server (safe to send again)
//  - outcomeUnknown    it was sent but no complete answer came back (re-read before deciding)

export const MAX_BODY_CHARS = 2048;

export interface RemoteErrorOptions {
  status?: number;
  body?: string;
  sent: boolean;
  outcomeUnknown: boolean;
  hint?: string;
  cause?: unknown;
}

export class RemoteError extends IntegrError {
  readonly status?: number;
  readonly body?: string;
  readonly sent: boolean;
  readonly outcomeUnknown: boolean;

  constructor(code: ErrorCode, message: string, options: RemoteErrorOptions) {
    super(code, redact(message), { hint: options.hint, cause: options.cause });
    this.name = 'RemoteError';
    this.status = options.status;
    this.body = options.body === undefined ? undefined : truncate(redact(options.body), MAX_BODY_CHARS);
    this.sent = options.sent;
    this.outcomeUnknown = options.outcomeUnknown;
  }
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max) + `… (${text.length - max} more characters)`;
}

/** One line of a response body for a message: whitespace collapsed, short. */
export function bodySnippet(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return truncate(line, max);
}

export function codeForStatus(status: number): ErrorCode {
  return status === 401 || status === 403 ? 'REMOTE_AUTH' : 'REMOTE_ERROR';
}

/** Network error codes that mean the request never left this machine. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** TLS failures happen during connect (nothing sent) and do not heal by retrying. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

export interface NetworkFailure {
  code: string;
  sent: boolean;
  retryable: boolean;
  description: string;
}

function errorCodeOf(err: unknown): string {
  const seen = new Set<unknown>();
  let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  // undici wraps errors; happy-eyeballs connects throw an AggregateError of per-address failures.
  for (let i = 0; e && i < 5 && !seen.has(e); i++) {
    seen.add(e);
    if (typeof e.code === 'string' && e.code !== 'UND_ERR') return e.code;
    if (Array.isArray(e.errors) && e.errors.length > 0) e = e.errors[0] as typeof e;
    else e = e.cause as typeof e;
  }
  return 'UNKNOWN';
}

/** Classify an error thrown by undici before a complete response arrived. */
export function classifyNetworkError(err: unknown): NetworkFailure {
  const code = errorCodeOf(err);
  if (NOT_SENT_CODES.has(code)) {
    const description =
      code === 'ECONNREFUSED' ? 'connection refused'
      : code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect timed out'
      : code.startsWith('EAI_') || code === 'ENOTFOUND' ? 'host not found (DNS)'
      : `network unreachable (${code})`;
    return { code, sent: false, retryable: true, description };
  }
  if (TLS_CODE.test(code)) return { code, sent: false, retryable: false, description: `TLS failure (${code})` };
  const description =
    code === 'UND_ERR_HEADERS_TIMEOUT' ? 'timed out waiting for the response'
    : code === 'UND_ERR_BODY_TIMEOUT' ? 'timed out reading the response body'
    : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' ? 'connection closed before a complete response'
    : `network error (${code})`;
  return { code, sent: true, retryable: true, description };
}
