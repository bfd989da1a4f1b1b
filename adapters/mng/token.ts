import type { HttpClient } from '../../src/http/client.js';
import { RemoteError } from '../../src/http/errors.js';
import { mngTime } from './dates.js';
import { remoteErrorBody } from './errors.js';

// The JWT for business calls: fetched from POST /token, kept in memory until shortly before
// jwtExpireDate, shared by concurrent requests (one fetch in flight), dropped on a 401. It is a
// credential, so it is never written to the store.

const EARLY_MS = 5 * 60_000;
const FALLBACK_TTL_MS = 60 * 60_000;

export interface TokenSource {
  get(signal?: AbortSignal): Promise<string>;
  /** Forget this token (the API answered 401 with it). */
  invalidate(token: string): void;
  readonly fetched: number;
}

export function tokenSource(client: HttpClient, name: string, login: { customerNumber: string; password: string }): TokenSource {
  let current: { jwt: string; renewAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let fetched = 0;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    let body: Record<string, unknown>;
    try {
      const res = await client.request<Record<string, unknown>>({
        method: 'POST',
        path: '/token',
        json: { customerNumber: login.customerNumber, password: login.password, identityType: 1 },
        // Asking for a token changes nothing: safe to retry.
        idempotent: true,
        responseType: 'json',
        signal,
      });
      body = res.body ?? {};
    } catch (err) {
      // Any refusal of the login (401, 403 or a 4xx with an error body) means the credentials.
      if (err instanceof RemoteError && err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 429) {
        const why = remoteErrorBody(err)?.message ?? `HTTP ${err.status}`;
        throw new RemoteError('REMOTE_AUTH', `${name}: POST /token refused the login: ${why}`, {
          status: err.status,
          body: err.body,
          sent: true,
          outcomeUnknown: false,
          hint: `check carriers.${name}.customerNumber, password, clientId and clientSecret (the app must be subscribed to each API product)`,
        });
      }
      throw err;
    }
    const jwt = typeof body.jwt === 'string' ? body.jwt : '';
    if (!jwt) throw new RemoteError('REMOTE_AUTH', `${name}: POST /token answered without a jwt`, { status: 200, sent: true, outcomeUnknown: false });
    const expires = mngTime(body.jwtExpireDate);
    const expiresAt = expires ? Date.parse(expires) : Date.now() + FALLBACK_TTL_MS;
    current = { jwt, renewAt: expiresAt - EARLY_MS };
    fetched++;
    return jwt;
  }

  return {
    async get(signal) {
      if (current && Date.now() < current.renewAt) return current.jwt;
      inflight ??= fetchToken(signal).finally(() => {
        inflight = null;
      });
      return inflight;
    },
    invalidate(token) {
      if (current?.jwt === token) current = null;
    },
    get fetched() {
      return fetched;
    },
  };
}
