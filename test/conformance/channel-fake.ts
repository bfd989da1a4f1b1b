// What every channel fake server (test/fakes/<platform>/) exposes to the shared channel conformance
// suite (test/conformance/channel.ts). Each fake keeps real state and behaves as the platform's
// documentation says; this is only the control surface the suite needs on top of that.

export interface SeedItem {
  sku: string;
  /** null: the platform does not track quantity for this item (untracked). */
  quantity: number | null;
  /** Platforms keyed by barcode (Trendyol) use it; others ignore it. */
  barcode?: string;
}

export type Fault =
  /** Answer 429; with retryAfterSec a Retry-After header is sent, without it none. */
  | { kind: '429'; retryAfterSec?: number }
  /** Answer 500 without doing anything. */
  | { kind: '500' }
  /** Delay the response by delayMs (the request is still processed). */
  | { kind: 'slow'; delayMs: number }
  /** Apply the write, then destroy the connection before answering (outcome unknown to the client). */
  | { kind: 'drop-after-apply' }
  /** Answer 200 with a body that is not valid JSON. */
  | { kind: 'malformed' }
  /** Reject this one SKU in the next write with a per-item failure (platform's own failure form). */
  | { kind: 'item-failure'; sku: string };

export interface ChannelFake {
  /** Base URL to put in the channel's `baseUrl`. */
  url: string;
  seed(items: SeedItem[]): void;
  /** Current remote quantity per SKU (null: untracked). */
  quantities(): Record<string, number | null>;
  /** Inject a fault into the next `times` (default 1) requests of that kind. */
  inject(fault: Fault, on: 'read' | 'write', times?: number): void;
  /** Requests received so far, by kind (a request rejected by a fault counts). */
  requestCount(kind: 'read' | 'write'): number;
  /** How many times a write was applied to each SKU (each increment/decrement/set counts once), to prove no delta was applied twice. */
  appliedWrites(): Record<string, number>;
  /** For async platforms: make every pending batch complete now (no-op for synchronous ones). */
  settle?(): void;
  close(): Promise<void>;
}
