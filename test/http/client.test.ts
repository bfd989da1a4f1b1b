import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../src/http/client.js';
import { RemoteError } from '../../src/http/errors.js';
import { registerSecret } from '../../src/config/redact.js';
import { userAgent } from '../../src/version.js';
import { rejected } from '../helpers/errors.js';
import { closedPort, json, startLoopback, type LoopbackServer } from './loopback-server.js';

let server: LoopbackServer;
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = await startLoopback();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.received.length = 0;
});

const fast = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  const c = createHttpClient({ name: 'testapi', baseUrl: server.url, retry: fast, ...extra });
  clients.push(c);
  return c;
}

const failure = (p: Promise<unknown>) => rejected(p, RemoteError);

describe('requests and responses', () => {
  it('sends JSON, query strings, default headers and the integr User-Agent; parses JSON', async () => {
    server.handle((req, res) => json(res, 200, { echo: req.url, ua: req.headers['user-agent'], ct: req.headers['content-type'], body: JSON.parse(req.body), k: req.headers['x-k'] }));
    const c = client({ baseUrl: `${server.url}/api/`, headers: { 'X-K': 'v' } });
    const r = await c.request<{ echo: string; ua: string; ct: string; body: unknown; k: string }>({
      method: 'POST',
      path: '/things',
      query: { a: 1, b: true, tags: ['x', 'y z'], skip: undefined },
      json: { n: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body.echo).toBe('/api/things?a=1&b=true&tags=x&tags=y+z');
    expect(r.body.ua).toBe(userAgent);
    expect(r.body.ua).toMatch(/^integr\//);
    expect(r.body.ct).toBe('application/json');
    expect(r.body.body).toEqual({ n: 1 });
    expect(r.body.k).toBe('v');
    expect(c.stats).toEqual({ requests: 1, retries: 0 });
  });

  it('lets the User-Agent be overridden and returns text for non-JSON responses', async () => {
    server.handle((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<ua>${req.headers['user-agent']}</ua>`);
    });
    const r = await client({ userAgent: 'custom/1' }).request<string>({ method: 'POST', path: '/soap', body: '<x/>', headers: { 'content-type': 'text/xml' } });
    expect(r.body).toBe('<ua>custom/1</ua>');
    expect(server.received[0].body).toBe('<x/>');
    expect(server.received[0].headers['content-type']).toBe('text/xml');
  });

  it('returns null for an empty JSON body and honours responseType', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('');
    });
    expect((await client().request({ method: 'GET', path: '/empty' })).body).toBeNull();
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('{"a":1}');
    });
    expect((await client().request({ method: 'GET', path: '/forced', responseType: 'json' })).body).toEqual({ a: 1 });
  });

  it('reuses keep-alive connections for sequential requests', async () => {
    let before = server.connections;
    const one = client({ connections: 1 });
    for (let i = 0; i < 6; i++) await one.request({ method: 'GET', path: `/k${i}` });
    expect(server.received).toHaveLength(6);
    expect(server.connections - before).toBe(1);

    before = server.connections;
    const pooled = client();
    for (let i = 0; i < 12; i++) await pooled.request({ method: 'GET', path: `/p${i}` });
    expect(server.connections - before).toBeGreaterThanOrEqual(1);
    expect(server.connections - before).toBeLessThan(12);
  });
});

describe('errors', () => {
  it('maps 401 and 403 to REMOTE_AUTH and never retries them', async () => {
    for (const status of [401, 403]) {
      server.received.length = 0;
      server.handle((_req, res) => json(res, status, { message: 'denied' }));
      const err = await failure(client().request({ method: 'GET', path: '/me' }));
      expect(err.code).toBe('REMOTE_AUTH');
      expect(err.status).toBe(status);
      expect(err.message).toContain('denied');
      expect(err.outcomeUnknown).toBe(false);
      expect(server.received).toHaveLength(1);
    }
  });

  it('reports other 4xx with the body and does not retry them, even for GET', async () => {
    server.handle((_req, res) => json(res, 400, { message: 'Not valid', details: { validationError: { fieldViolations: [{ field: 'paging.limit' }] } } }));
    const err = await failure(client().request({ method: 'GET', path: '/q' }));
    expect(err.code).toBe('REMOTE_ERROR');
    expect(err.message).toContain('testapi: GET /q failed with HTTP 400');
    expect(err.message).toContain('paging.limit');
    expect(err.body).toContain('validationError');
    expect(server.received).toHaveLength(1);
  });

  it('names the endpoint when a 2xx body is malformed JSON', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"products": [');
    });
    const err = await failure(client().request({ method: 'POST', path: '/stores/v1/products/query', json: {} }));
    expect(err.code).toBe('REMOTE_ERROR');
    expect(err.message).toContain('POST /stores/v1/products/query returned malformed JSON');
    expect(err.outcomeUnknown).toBe(true);
  });

  it('truncates long bodies to 2 KB', async () => {
    server.handle((_req, res) => json(res, 400, { message: 'x'.repeat(10_000) }));
    const err = await failure(client().request({ method: 'GET', path: '/big' }));
    expect(err.body!.length).toBeLessThan(2200);
    expect(err.message.length).toBeLessThan(500);
  });

  it('connection refused: REMOTE_UNREACHABLE with the host, sent=false, retried even for POST', async () => {
    const port = await closedPort();
    const retries: number[] = [];
    const c = createHttpClient({ name: 'testapi', baseUrl: `http://127.0.0.1:${port}`, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 }, onRetry: (i) => retries.push(i.attempt) });
    clients.push(c);
    const err = await failure(c.request({ method: 'POST', path: '/inc', json: { a: 1 } }));
    expect(err.code).toBe('REMOTE_UNREACHABLE');
    expect(err.sent).toBe(false);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.message).toContain('connection refused');
    expect(retries).toEqual([1, 2]);
    expect(c.stats).toEqual({ requests: 0, retries: 2 });
  });

  it('DNS failure: REMOTE_UNREACHABLE naming the host', async () => {
    const c = createHttpClient({ name: 'testapi', baseUrl: 'http://no-such-host.invalid', retry: { retries: 0 } });
    clients.push(c);
    const err = await failure(c.request({ method: 'GET', path: '/' }));
    expect(err.code).toBe('REMOTE_UNREACHABLE');
    expect(err.sent).toBe(false);
    expect(err.message).toContain('no-such-host.invalid');
  });
});

describe('retries', () => {
  it('retries 429 without Retry-After using backoff, for GET and POST alike', async () => {
    for (const method of ['GET', 'POST'] as const) {
      server.received.length = 0;
      let n = 0;
      server.handle((_req, res) => (n++ < 2 ? json(res, 429, { message: 'Resource exhausted' }) : json(res, 200, { ok: true })));
      const delays: number[] = [];
      const c = client({ retry: { retries: 3, baseDelayMs: 4, maxDelayMs: 1000 }, onRetry: (i) => delays.push(i.delayMs) });
      const r = await c.request<{ ok: boolean }>({ method, path: '/limited', json: method === 'POST' ? {} : undefined });
      expect(r.body.ok).toBe(true);
      expect(server.received).toHaveLength(3);
      expect(c.stats).toEqual({ requests: 3, retries: 2 });
      // full jitter: retry k waits in [0, base * 2^k)
      expect(delays[0]).toBeLessThan(4);
      expect(delays[1]).toBeLessThan(8);
    }
  });

  it('honours Retry-After in seconds (capped at maxDelayMs) and as an HTTP date', async () => {
    let n = 0;
    server.handle((_req, res) => (n++ === 0 ? json(res, 429, {}, { 'retry-after': '3' }) : json(res, 200, {})));
    const delays: number[] = [];
    await client({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 40 }, onRetry: (i) => delays.push(i.delayMs) }).request({ method: 'POST', path: '/x', json: {} });
    expect(delays).toEqual([40]);

    n = 0;
    const past = new Date(Date.now() - 60_000).toUTCString();
    server.handle((_req, res) => (n++ === 0 ? json(res, 429, {}, { 'retry-after': past }) : json(res, 200, {})));
    delays.length = 0;
    await client({ retry: { retries: 2, baseDelayMs: 1000, maxDelayMs: 5000 }, onRetry: (i) => delays.push(i.delayMs) }).request({ method: 'GET', path: '/y' });
    expect(delays).toEqual([0]);
  });

  it('gives up on 429 after the retries with a refused (not unknown) error', async () => {
    server.handle((_req, res) => json(res, 429, { message: 'Resource exhausted' }));
    const err = await failure(client({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } }).request({ method: 'POST', path: '/z', json: {} }));
    expect(err.status).toBe(429);
    expect(err.outcomeUnknown).toBe(false);
    expect(err.message).toContain('after 3 attempts');
    expect(server.received).toHaveLength(3);
  });

  it('retries 5xx on GET', async () => {
    let n = 0;
    server.handle((_req, res) => (n++ < 2 ? json(res, n === 1 ? 500 : 503, { message: '', details: {} }) : json(res, 200, { fine: 1 })));
    const c = client();
    expect((await c.request<{ fine: number }>({ method: 'GET', path: '/g' })).body.fine).toBe(1);
    expect(server.received).toHaveLength(3);
  });

  it('does not retry 5xx on POST once sent: outcomeUnknown', async () => {
    server.handle((_req, res) => json(res, 500, { message: '', details: {} }));
    const err = await failure(client().request({ method: 'POST', path: '/inc', json: { d: 1 } }));
    expect(err.status).toBe(500);
    expect(err.sent).toBe(true);
    expect(err.outcomeUnknown).toBe(true);
    expect(server.received).toHaveLength(1);
  });

  it('retries a POST marked idempotent on 5xx', async () => {
    let n = 0;
    server.handle((_req, res) => (n++ === 0 ? json(res, 502, {}) : json(res, 200, {})));
    await client().request({ method: 'POST', path: '/query', json: {}, idempotent: true });
    expect(server.received).toHaveLength(2);
  });

  it('connection reset after the request was sent: POST not retried (outcome unknown), GET retried', async () => {
    let n = 0;
    server.handle((_req, _res, raw) => {
      if (n++ === 0) raw.socket.destroy();
      else json(_res, 200, { ok: 1 });
    });
    const err = await failure(client().request({ method: 'POST', path: '/dec', json: { d: 1 } }));
    expect(err.code).toBe('REMOTE_UNREACHABLE');
    expect(err.sent).toBe(true);
    expect(err.outcomeUnknown).toBe(true);
    expect(err.message).toContain('outcome is unknown');
    expect(server.received).toHaveLength(1);

    n = 0;
    server.received.length = 0;
    const r = await client().request<{ ok: number }>({ method: 'GET', path: '/read' });
    expect(r.body.ok).toBe(1);
    expect(server.received).toHaveLength(2);
  });

  it('times out a slow server: POST outcome unknown and not retried, GET retried', async () => {
    const timers: NodeJS.Timeout[] = [];
    let n = 0;
    server.handle((_req, res) => {
      if (n++ === 0) timers.push(setTimeout(() => json(res, 200, { late: true }), 400));
      else json(res, 200, { late: false });
    });
    const err = await failure(client({ timeoutMs: 60 }).request({ method: 'POST', path: '/slow', json: {} }));
    expect(err.code).toBe('REMOTE_UNREACHABLE');
    expect(err.message).toContain('timed out');
    expect(err.outcomeUnknown).toBe(true);
    expect(server.received).toHaveLength(1);

    n = 0;
    server.received.length = 0;
    const r = await client({ timeoutMs: 60 }).request<{ late: boolean }>({ method: 'GET', path: '/slow' });
    expect(r.body.late).toBe(false);
    expect(server.received).toHaveLength(2);
    for (const t of timers) clearTimeout(t);
  });

  it('stops waiting when the signal aborts', async () => {
    const timers: NodeJS.Timeout[] = [];
    server.handle((_req, res) => {
      timers.push(setTimeout(() => json(res, 200, {}), 500));
    });
    const ac = new AbortController();
    const p = client().request({ method: 'POST', path: '/abort', json: {}, signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    const err = await failure(p);
    expect(err.code).toBe('INTERRUPTED');
    expect(err.outcomeUnknown).toBe(true);
    for (const t of timers) clearTimeout(t);
  });
});

describe('circuit breaker', () => {
  it('opens after N consecutive failed requests and then fails fast without calling the server', async () => {
    server.handle((_req, res) => json(res, 500, { message: '' }));
    const c = client({ retry: { retries: 0 }, breakerThreshold: 3 });
    for (let i = 0; i < 3; i++) expect((await failure(c.request({ method: 'GET', path: '/down' }))).status).toBe(500);
    expect(server.received).toHaveLength(3);
    const err = await failure(c.request({ method: 'GET', path: '/down' }));
    expect(err.code).toBe('REMOTE_ERROR');
    expect(err.message).toContain('circuit is open for testapi after 3 consecutive failures');
    expect(err.sent).toBe(false);
    expect(server.received).toHaveLength(3);
  });

  it('lets one trial through after the cooldown and closes on success; 4xx answers do not open it', async () => {
    server.handle((_req, res) => json(res, 503, {}));
    const c = client({ retry: { retries: 0 }, breakerThreshold: 2, breakerCooldownMs: 20 });
    await failure(c.request({ method: 'GET', path: '/a' }));
    await failure(c.request({ method: 'GET', path: '/a' }));
    expect((await failure(c.request({ method: 'GET', path: '/a' }))).message).toContain('circuit is open');
    await new Promise((r) => setTimeout(r, 30));
    server.handle((_req, res) => json(res, 200, {}));
    await c.request({ method: 'GET', path: '/a' });
    server.handle((_req, res) => json(res, 404, {}));
    for (let i = 0; i < 4; i++) expect((await failure(c.request({ method: 'GET', path: '/missing' }))).status).toBe(404);
  });
});

describe('secrets', () => {
  it('never puts an auth header value or a registered secret in an error message or body', async () => {
    const apiKey = 'IST.sk-abcdef0123456789-wix-key';
    const other = 'registered-secret-XYZ987';
    registerSecret(other);
    server.handle((req, res) => json(res, 400, { message: `bad key ${req.headers.authorization} and ${other}`, echo: req.headers }));
    const c = client({ headers: { Authorization: apiKey } });
    const err = await failure(c.request({ method: 'POST', path: '/x', json: {}, headers: { 'x-api-key': 'per-request-key-555' } }));
    const all = `${err.message} ${err.body} ${err.hint ?? ''} ${String(err.stack)}`;
    expect(all).not.toContain(apiKey);
    expect(all).not.toContain(other);
    expect(all).not.toContain('per-request-key-555');
    expect(err.message).toContain('****');

    // Malformed-JSON and network messages go through the same masking.
    server.handle((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{not json ${req.headers.authorization}`);
    });
    const bad = await failure(c.request({ method: 'GET', path: '/y' }));
    expect(`${bad.message} ${bad.body}`).not.toContain(apiKey);
  });

  it('an auth value of a few characters does not garble messages (it is not masked inside words)', async () => {
    const port = await closedPort();
    const c = createHttpClient({ name: 'shop', baseUrl: `http://127.0.0.1:${port}`, headers: { Authorization: 'e' }, retry: { retries: 0 } });
    clients.push(c);
    const err = await failure(c.request({ method: 'GET', path: '/stores/v3/provision/version' }));
    expect(err.message).toMatch(/cannot reach 127\.0\.0\.1:\d+ \(GET \/stores\/v3\/provision\/version\)/);
    expect(err.message).not.toContain('****');
  });
});
