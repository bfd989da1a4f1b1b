import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs, shouldRetry } from '../../src/http/retry.js';
import { TokenBucket } from '../../src/http/rate-limit.js';
import { createHttpClient } from '../../src/http/client.js';
import { json, startLoopback } from './loopback-server.js';

describe('retry policy', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('uses full jitter below an exponential ceiling capped at maxDelayMs, and Retry-After when given', () => {
    const o = { retries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs(0, o, undefined, () => 0.999)).toBe(99);
    expect(retryDelayMs(2, o, undefined, () => 0.5)).toBe(200);
    expect(retryDelayMs(10, o, undefined, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, o, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(0, o, 250)).toBe(250);
    expect(retryDelayMs(0, o, 60_000)).toBe(1000);
  });

  it('retries a non-idempotent request only when it certainly was not applied', () => {
    const notSent = { kind: 'not-sent', retryable: true } as const;
    const afterSend = { kind: 'network-after-send' } as const;
    const s = (status: number) => ({ kind: 'status', status }) as const;
    expect([notSent, afterSend, s(429), s(500), s(503), s(400), s(404)].map((f) => shouldRetry(f, true))).toEqual([true, true, true, true, true, false, false]);
    expect([notSent, afterSend, s(429), s(500), s(503), s(400), s(404)].map((f) => shouldRetry(f, false))).toEqual([true, false, true, false, false, false, false]);
    expect(shouldRetry({ kind: 'not-sent', retryable: false }, true)).toBe(false);
  });
});

describe('token bucket', () => {
  it('grants a burst of `requests` at once, queues the rest in order, and keeps the rate', async () => {
    const t0 = performance.now();
    const bucket = new TokenBucket(2, 40);
    const granted: number[] = [];
    const at: number[] = [];
    const all = [0, 1, 2, 3, 4, 5].map((i) =>
      bucket.acquire().then(() => {
        granted.push(i);
        at.push(performance.now());
      }),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(granted).toEqual([0, 1]);
    expect(bucket.waiting).toBe(4);
    await Promise.all(all);
    expect(granted).toEqual([0, 1, 2, 3, 4, 5]);
    expect(bucket.waiting).toBe(0);
    // Never faster than the bucket allows: the 3rd..6th grants each waited for a refilled token (20 ms each).
    // Only lower bounds from a clock read before the bucket existed: a loaded machine can make grants late, never early.
    for (let i = 2; i < at.length; i++) expect(at[i] - t0).toBeGreaterThanOrEqual((i - 1) * 20 - 1);
  });

  it('removes an aborted waiter without disturbing the others', async () => {
    const bucket = new TokenBucket(1, 20);
    await bucket.acquire();
    const ac = new AbortController();
    const order: string[] = [];
    const a = bucket.acquire(ac.signal).then(() => order.push('a'), () => order.push('a-aborted'));
    const b = bucket.acquire().then(() => order.push('b'));
    ac.abort();
    await Promise.all([a, b]);
    expect(order).toEqual(['a-aborted', 'b']);
  });

  it('spaces a client\'s requests: every request reaches the server exactly once', async () => {
    const server = await startLoopback();
    try {
      server.handle((req, res) => json(res, 200, { path: req.url }));
      const c = createHttpClient({ name: 'rl', baseUrl: server.url, rateLimit: { requests: 2, intervalMs: 30 } });
      const results = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => c.request<{ path: string }>({ method: 'GET', path: `/r${i}` })));
      expect(results.map((r) => r.body.path)).toEqual(['/r0', '/r1', '/r2', '/r3', '/r4', '/r5', '/r6']);
      // Tokens are granted in order; several pooled sockets may still deliver them interleaved.
      expect(server.received.map((r) => r.url).sort()).toEqual(['/r0', '/r1', '/r2', '/r3', '/r4', '/r5', '/r6']);
      expect(c.stats.requests).toBe(7);
      await c.close();
    } finally {
      await server.close();
    }
  });
});
