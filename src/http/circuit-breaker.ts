import { RemoteError } from './errors.js';

// After `threshold` consecutive failed requests (each already retried), a remote is treated as
// down: further requests fail at once instead of piling up timeouts. After `cooldownMs` one trial
// request is let through; its success closes the circuit, its failure opens it again.

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;
  private lastFailure = '';

  constructor(
    private readonly name: string,
    readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Throws a REMOTE_ERROR when the circuit is open; otherwise lets the request through. */
  enter(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return;
    }
    const retryInS = Math.max(1, Math.ceil((this.cooldownMs - (this.now() - (this.openedAt ?? 0))) / 1000));
    throw new RemoteError(
      'REMOTE_ERROR',
      `${this.name}: circuit is open for ${this.name} after ${this.failures} consecutive failures (last: ${this.lastFailure}); not calling it again for ${retryInS}s`,
      { sent: false, outcomeUnknown: false, hint: 'the remote looks down; check its status and try again later' },
    );
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** The request ended without telling anything about the remote's health (aborted, or refused as invalid). */
  neutral(): void {
    this.trialInFlight = false;
  }

  failure(description: string): void {
    this.failures += 1;
    this.lastFailure = description;
    this.trialInFlight = false;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
