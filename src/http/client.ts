import { Pool } from 'undici';
import { redact, registerSecret } from '../config/redact.js';
import { userAgent as defaultUserAgent } from '../version.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { RemoteError, bodySnippet, classifyNetworkError, codeForStatus } from './errors.js';
import { TokenBucket } from './rate-limit.js';
import { DEFAULT_RETRY, parseRetryAfter, retryDelayMs, shouldRetry, sleep, type AttemptFailure, type RetryOptions } from './retry.js';

// The one HTTP client every adapter uses: a keep-alive undici Pool for the base URL's origin,
// per-attempt timeouts, a shared token bucket, retries that never re-send a write whose outcome
// is unknown, a circuit breaker, and messages with every secret masked.

export interface HttpClientOptions {
  /** Channel/carrier name, used in messages ("wix: ..."). */
  name: string;
  baseUrl: string;
  /** Default headers (auth); values are never printed. */
  headers?: Record<string, string>;
  /** Default `integr/<version>` (src/version.ts userAgent). */
  userAgent?: string;
  /** Headers + body timeout per attempt, default 30000. */
  timeoutMs?: number;
  /** Default 10000. */
  connectTimeoutMs?: number;
  /** Token bucket shared by all requests (and retries) of this client. */
  rateLimit?: { requests: number; intervalMs: number };
  /** Default 4 retries, 500 ms base, 30000 ms cap. */
  retry?: { retries?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Consecutive failed requests (after retries) that open the circuit, default 5. */
  breakerThreshold?: number;
  /** How long an open circuit fails fast before one trial request, default 30000. */
  breakerCooldownMs?: number;
  /** Keep-alive pool size, default 8. */
  connections?: number;
  /** Called before each retry (for --verbose logs); the reason is already redacted. */
  onRetry?: (info: { endpoint: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to baseUrl's path. */
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  /** Sent as a JSON body. */
  json?: unknown;
  /** Raw body (SOAP XML); set content-type in headers. */
  body?: string;
  headers?: Record<string, string>;
  /** Default true for GET, false otherwise. */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Default: json when the response content-type says so, else text. */
  responseType?: 'json' | 'text';
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
}

export interface HttpClient {
  /** Resolves only for 2xx responses; everything else throws a RemoteError. */
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  /** Attempts actually sent, and how many of them were retries. */
  readonly stats: { requests: number; retries: number };
  close(): Promise<void>;
}

const SECRET_HEADER = /(authorization|api[-_]?key|token|secret|password|cookie|signature)/i;

function lowerKeys(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) params.append(k, x);
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

type Attempt =
  | { ok: true; status: number; headers: Record<string, string>; text: string }
  | { ok: false; failure: AttemptFailure; error: RemoteError };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const name = options.name;
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const host = base.host;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...stripUndefined(options.retry ?? {}) };
  const defaultHeaders = { 'user-agent': options.userAgent ?? defaultUserAgent, ...lowerKeys(options.headers) };

  const pool = new Pool(base.origin, {
    connections: options.connections ?? 8,
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const bucket = options.rateLimit ? new TokenBucket(options.rateLimit.requests, options.rateLimit.intervalMs) : undefined;
  const breaker = new CircuitBreaker(name, options.breakerThreshold ?? 5, options.breakerCooldownMs ?? 30_000);
  const stats = { requests: 0, retries: 0 };
  let closed = false;

  // Auth header values are masked even if the config layer did not register them, under the same
  // rule as every secret (a value of a few characters is not masked inside ordinary words).
  const noteSecrets = (headers: Record<string, string>) => {
    for (const [k, v] of Object.entries(headers)) {
      if (!SECRET_HEADER.test(k) || typeof v !== 'string' || v.length === 0) continue;
      registerSecret(v);
      // "Bearer <token>" / "Basic <b64>": the bare token must go too.
      registerSecret(v.replace(/^(Bearer|Basic|Token)\s+/i, ''));
    }
  };
  noteSecrets(defaultHeaders);

  async function attempt(req: HttpRequest, endpoint: string, headers: Record<string, string>, body: string | undefined): Promise<Attempt> {
    let status = 0;
    let resHeaders: Record<string, string> = {};
    // undici's own headers/body timeouts tick at ~0.5 s resolution; this per-attempt deadline
    // (headers and body together) is exact. It is armed before dispatch, so a timeout is always
    // treated as "maybe sent".
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort(new Error('attempt deadline'));
    }, timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline.signal]) : deadline.signal;
    try {
      const res = await pool.request({
        method: req.method,
        path: `${basePath}${req.path.startsWith('/') ? '' : '/'}${req.path}${queryString(req.query)}`,
        headers,
        body,
        signal,
      });
      stats.requests += 1;
      status = res.statusCode;
      resHeaders = flatHeaders(res.headers);
      const text = await res.body.text();
      return { ok: true, status, headers: resHeaders, text };
    } catch (err) {
      if (req.signal?.aborted) throw abortError(endpoint, true, err);
      const net = timedOut
        ? { sent: true, retryable: true, description: `timed out after ${timeoutMs} ms ${status ? 'reading the response body' : 'waiting for the response'}` }
        : classifyNetworkError(err);
      if (net.sent && status === 0) stats.requests += 1;
      const where = status ? ` after HTTP ${status}` : '';
      const message = net.sent
        ? `${name}: ${endpoint} on ${host}: ${net.description}${where}; the request was sent, its outcome is unknown`
        : `${name}: cannot reach ${host} (${endpoint}): ${net.description}`;
      const error = new RemoteError('REMOTE_UNREACHABLE', redact(message), {
        status: status || undefined,
        sent: net.sent,
        outcomeUnknown: net.sent,
        cause: err,
        hint: net.sent ? undefined : `check the network and ${name}'s baseUrl`,
      });
      const failure: AttemptFailure = net.sent ? { kind: 'network-after-send' } : { kind: 'not-sent', retryable: net.retryable };
      return { ok: false, failure, error };
    } finally {
      clearTimeout(timer);
    }
  }

  function abortError(endpoint: string, mayHaveBeenSent: boolean, cause?: unknown): RemoteError {
    return new RemoteError('INTERRUPTED', `${name}: ${endpoint} was interrupted`, {
      sent: mayHaveBeenSent,
      outcomeUnknown: mayHaveBeenSent,
      cause,
    });
  }

  function statusError(endpoint: string, status: number, text: string, sent: boolean): RemoteError {
    const snippet = bodySnippet(redact(text));
    const message = `${name}: ${endpoint} failed with HTTP ${status}${snippet ? `: ${snippet}` : ''}`;
    return new RemoteError(codeForStatus(status), redact(message), {
      status,
      body: redact(text),
      sent,
      // A 5xx after sending may or may not have been applied; a 4xx/429 was refused.
      outcomeUnknown: status >= 500,
      hint: status === 401 || status === 403 ? `check ${name}'s credentials and permissions` : undefined,
    });
  }

  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    if (closed) throw new RemoteError('REMOTE_ERROR', `${name}: the HTTP client is closed`, { sent: false, outcomeUnknown: false });
    const idempotent = req.idempotent ?? req.method === 'GET';
    const endpoint = `${req.method} ${basePath}${req.path.startsWith('/') ? '' : '/'}${req.path}`;
    const extra = lowerKeys(req.headers);
    noteSecrets(extra);
    const headers: Record<string, string> = { ...defaultHeaders, ...extra };
    let body = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      if (!headers['content-type']) headers['content-type'] = 'application/json';
    }

    for (let n = 0; ; n++) {
      breaker.enter();
      if (bucket) {
        try {
          await bucket.acquire(req.signal);
        } catch (err) {
          breaker.neutral();
          throw abortError(endpoint, false, err);
        }
      }
      let result: Attempt;
      try {
        result = await attempt(req, endpoint, headers, body);
      } catch (err) {
        breaker.neutral();
        throw err;
      }

      let failure: AttemptFailure;
      let error: RemoteError;
      if (result.ok && result.status >= 200 && result.status < 300) {
        const wantsJson = req.responseType === 'json' || (req.responseType === undefined && /[/+]json\b/i.test(result.headers['content-type'] ?? ''));
        if (!wantsJson) {
          breaker.success();
          return { status: result.status, headers: result.headers, body: result.text as T, text: result.text };
        }
        if (result.text.trim() === '') {
          breaker.success();
          return { status: result.status, headers: result.headers, body: null as T, text: result.text };
        }
        try {
          const parsed = JSON.parse(result.text) as T;
          breaker.success();
          return { status: result.status, headers: result.headers, body: parsed, text: result.text };
        } catch {
          breaker.failure(`malformed JSON from ${endpoint}`);
          throw new RemoteError('REMOTE_ERROR', redact(`${name}: ${endpoint} returned malformed JSON (HTTP ${result.status}): ${bodySnippet(result.text, 120)}`), {
            status: result.status,
            body: redact(result.text),
            sent: true,
            // The server answered 2xx but we cannot read what it did.
            outcomeUnknown: true,
          });
        }
      }
      if (result.ok) {
        const status = result.status;
        error = statusError(endpoint, status, result.text, true);
        if (status !== 429 && status < 500) {
          // A definite refusal from a healthy server (4xx, or an unfollowed 3xx): never retried.
          breaker.success();
          throw error;
        }
        const retryAfterMs = parseRetryAfter(result.headers['retry-after']);
        failure = { kind: 'status', status, retryAfterMs };
      } else {
        failure = result.failure;
        error = result.error;
      }

      if (n < retry.retries && shouldRetry(failure, idempotent) && !closed) {
        const delayMs = retryDelayMs(n, retry, failure.kind === 'status' ? failure.retryAfterMs : undefined);
        stats.retries += 1;
        options.onRetry?.({ endpoint, attempt: n + 1, delayMs, reason: error.message });
        try {
          await sleep(delayMs, req.signal);
        } catch (err) {
          breaker.neutral();
          throw abortError(endpoint, false, err);
        }
        continue;
      }
      breaker.failure(error.message);
      if (n > 0) error.message += ` (after ${n + 1} attempts)`;
      throw error;
    }
  }

  return {
    request,
    stats,
    async close() {
      if (closed) return;
      closed = true;
      bucket?.close(new RemoteError('REMOTE_ERROR', `${name}: the HTTP client is closed`, { sent: false, outcomeUnknown: false }));
      await pool.close();
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
