// The one interface between the sync engine and a sales channel. The engine never names a
// platform: it reads `capabilities` and calls read/write/poll. Two very different platforms fit:
//  - Wix: synchronous, relative increments/decrements keyed by inventory ids (writeMode 'relative')
//  - Trendyol: absolute quantities by barcode, asynchronous batches polled later (asyncWrites)

export interface LocalItem {
  sku: string;
  barcode: string | null;
  name: string | null;
  /** Sale price and list (crossed-out) price from the local product, when known. */
  price: number | null;
  listPrice: number | null;
}

export interface RemotePrice {
  sale: number | null;
  list: number | null;
}

export interface RemoteItem {
  /** The local SKU this remote item matched (adapters map barcode/stockCode back to it). */
  sku: string;
  /** Current quantity; null when the platform does not track quantity for it (reported as untracked). */
  quantity: number | null;
  price?: RemotePrice;
  /** The adapter's own handle (product/variant/inventory ids, revision...). JSON-serialisable: it is journalled. */
  ref: Record<string, unknown>;
}

export interface Change {
  sku: string;
  ref: Record<string, unknown>;
  remote: number;
  target: number;
  /** target - remote; relative adapters send this, absolute adapters send target. */
  delta: number;
  /** Present only when the channel pushes prices and they differ. */
  price?: { sale: number; list: number | null };
}

export type ItemOutcome =
  | { sku: string; status: 'applied' }
  | { sku: string; status: 'failed'; reason: string }
  /** Sent, but whether it was applied is unknown (timeout, connection reset, 5xx after sending). */
  | { sku: string; status: 'unknown'; reason: string }
  /** Accepted into an asynchronous batch; poll(batchId) tells the result later. */
  | { sku: string; status: 'pending'; batchId: string };

export interface ChannelCapabilities {
  /** 'relative': the platform applies deltas (not idempotent); 'absolute': it sets quantities (idempotent). */
  writeMode: 'relative' | 'absolute';
  /** How many items one read request may ask for. */
  readBatchSize: number;
  /** How many items one write request may carry. */
  writeBatchSize: number;
  /** The platform's maximum quantity per item; targets are clamped to it (and reported as capped). */
  maxQuantity: number;
  /** Requests allowed per interval, for the channel's token bucket. */
  rateLimit: { requests: number; intervalMs: number };
  /** Writes return 'pending' outcomes that must be polled. */
  asyncWrites: boolean;
  /** The channel was configured to push prices as well as stock. */
  prices: boolean;
}

export interface Channel {
  readonly capabilities: ChannelCapabilities;
  /** Read the remote state of at most readBatchSize items. Items not found remotely are simply absent. */
  read(items: LocalItem[], signal?: AbortSignal): Promise<RemoteItem[]>;
  /** Push at most writeBatchSize changes; one outcome per change. Throws only when nothing can be said per item. */
  write(changes: Change[], signal?: AbortSignal): Promise<ItemOutcome[]>;
  /** For asyncWrites: the outcome of a batch; items still in progress come back as 'pending'. */
  poll?(batchId: string, skus: string[], signal?: AbortSignal): Promise<ItemOutcome[]>;
  /** One read-only call proving reachability and credentials; returns a short description for doctor. */
  check(signal?: AbortSignal): Promise<string>;
  /** HTTP requests sent so far (for the run report and benchmarks); optional. */
  requestCount?(): number;
  close(): Promise<void>;
}

/** Small persistent key/value cache (in the store) for facts such as a site's catalog version. */
export interface AdapterCache {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface AdapterLogger {
  verbose(message: string): void;
  warn(message: string): void;
}

export interface ChannelContext {
  /** The channel's name in the config (the key under `channels:`). */
  name: string;
  cache: AdapterCache;
  log: AdapterLogger;
}
