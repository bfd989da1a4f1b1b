// When to try a request again, and how long to wait first.
// The rule that protects stock: a request that is not idempotent (a relative stock delta) is sent
// again only when it certainly was not applied — it never left this machine, or the server
// refused it with 429. After a timeout, a reset or a 5xx, the outcome is unknown and the caller
// must re-read instead of re-sending.

export interface RetryOptions {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

export type AttemptFailure =
  /** The request never reached the server (connect refused, DNS, connect timeout). */
  | { kind: 'not-sent'; retryable: boolean }
  /** Sent, then the connection failed or timed out before a complete response. */
  | { kind: 'network-after-send' }
  | { kind: 'status'; status: number; retryAfterMs?: number };

/** Whether this failure may be retried for a request of this idempotency. */
export function shouldRetry(failure: AttemptFailure, idempotent: boolean): boolean {
  switch (failure.kind) {
    case 'not-sent':
      return failure.retryable;
    case 'network-after-send':
      return idempotent;
    case 'status':
      if (failure.status === 429) return true; // refused, not applied
      if (failure.status >= 500) return idempotent;
      return false;
  }
}

/**
 * Delay before retry number `attempt` (0 for the first retry): the server's Retry-After when it
 * gave one, else exponential backoff with full jitter; both capped at maxDelayMs.
 */
export function retryDelayMs(attempt: number, options: RetryOptions, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), options.maxDelayMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After is either delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Wait, waking early (with the signal's reason) when aborted; never keeps the process alive needlessly. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
