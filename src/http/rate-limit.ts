// Token bucket shared by every request of one client: at most `requests` per `intervalMs`,
// with bursts up to `requests`. Waiters are served in arrival order by a single timer that
// fires when the next token is due — no polling.

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly msPerToken: number;

  constructor(
    readonly requests: number,
    readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(requests >= 1) || !(intervalMs > 0)) throw new RangeError(`rate limit needs requests >= 1 and intervalMs > 0 (got ${requests}/${intervalMs})`);
    this.tokens = requests;
    this.last = now();
    this.msPerToken = intervalMs / requests;
  }

  /** Requests waiting for a token. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves when a token is taken; rejects with the signal's reason when aborted first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason);
          if (this.queue.length === 0) this.stopTimer();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Reject every waiter (the client is closing). */
  close(reason: unknown): void {
    this.stopTimer();
    for (const w of this.queue.splice(0)) {
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      w.reject(reason);
    }
  }

  private refill(): void {
    const t = this.now();
    const elapsed = t - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.requests, this.tokens + elapsed / this.msPerToken);
      this.last = t;
    }
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(1, Math.ceil((1 - this.tokens) * this.msPerToken));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, wait);
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      const w = this.queue.shift()!;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      w.resolve();
    }
    this.schedule();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
