// A fake Trendyol integration gateway (node:http on 127.0.0.1, port 0) that behaves as
// /work/shared/api/api-tr-marketplaces-cargo.md §1 says: Basic auth and the mandatory User-Agent,
// the approved inventory-and-price read (≤50 barcodes, size ≤100, paging), price-and-inventory writes
// (≤1000 items, identical body refused for 15 minutes) answered with a batchRequestId, batch results
// that fill in over several polls, 50 requests per 10 s per endpoint, and Trendyol's error bodies.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChannelFake, Fault, SeedItem } from '../../conformance/channel-fake.js';
import { FakeTrendyolState, type Batch, type RequestItem, type Variant } from './state.js';

export const IDENTICAL_REQUEST_MESSAGE = '15 dakika boyunca aynı isteği tekrarlı olarak atamazsınız!';

export interface TrendyolSeedItem extends SeedItem {
  salePrice?: number;
  listPrice?: number;
  /** Variants sharing a productMainId are returned as one content entry. Default: one product per SKU. */
  productMainId?: string;
}

export type Endpoint = 'read' | 'write' | 'poll';

export interface TrendyolFakeOptions {
  sellerId?: string;
  apiKey?: string;
  apiSecret?: string;
  /** Polls of one batch until all its items are processed (they are processed a share per poll). Default 2. */
  pollsToComplete?: number;
  /** Requests per window per endpoint before 429 too.many.requests; false: no limit. Default 50 per 10 s. */
  rateLimit?: { requests: number; windowMs: number } | false;
  /** How long an identical write body is refused. Default 15 minutes. */
  identicalWindowMs?: number;
  /**
   * Batches also complete on their own this long after they were accepted, polled or not (observed on the
   * next request or state query). Default: never, so only polls and settle() move them.
   */
  completeAfterMs?: number;
  /** Test device: serve at most this many products per page whatever size is asked, to exercise paging. */
  pageSizeCap?: number;
  /** Test device: echo the received Authorization header in error bodies, to prove integr masks it. */
  echoAuthInErrors?: boolean;
}

export interface ReadLog {
  barcodes?: string[];
  barcode?: string;
  stockCode?: string;
  page: number;
  size: number;
  status: number;
}

export interface WriteLog {
  items: RequestItem[];
  status: number;
  batchRequestId?: string;
}

export interface TrendyolFake extends ChannelFake {
  readonly sellerId: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  seed(items: TrendyolSeedItem[]): void;
  inject(fault: Fault, on: Endpoint, times?: number): void;
  requestCount(kind: Endpoint): number;
  prices(): Record<string, { sale: number; list: number }>;
  /** Every read request, in order (query as parsed by the fake, and the status answered). */
  readonly reads: ReadLog[];
  /** Every write request whose body parsed, in order. */
  readonly writes: WriteLog[];
  batch(id: string): Batch | undefined;
  pendingBatches(): number;
  /** Forget the write bodies remembered for the 15-minute identical-request rule (as if 15 minutes passed). */
  forgetWriteBodies(): void;
  settle(): void;
}

const READ_PATH = /^\/integration\/product\/sellers\/([^/]+)\/products\/approved\/inventory-and-price$/;
const WRITE_PATH = /^\/integration\/inventory\/sellers\/([^/]+)\/products\/price-and-inventory$/;
const POLL_PATH = /^\/integration\/product\/sellers\/([^/]+)\/products\/batch-requests\/([^/]+)$/;
const USER_AGENT = /^(\d+) - ([A-Za-z0-9]{1,30})$/;

const MAX_BARCODES = 50;
const MAX_SIZE = 100;
const MAX_PAGING_WINDOW = 10_000;
const MAX_ITEMS = 1000;

function errorBody(key: string, message: string, errorCode = key): string {
  return JSON.stringify({ errors: [{ key, message, errorCode }] });
}

/** Responses whose error bodies must carry the Authorization header that came in (a careless server). */
const echoedAuth = new WeakMap<ServerResponse, string>();

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const auth = echoedAuth.get(res);
  if (status >= 400 && auth !== undefined) {
    body = JSON.stringify({ ...(JSON.parse(body) as object), request: { authorization: auth, token: auth.replace(/^Basic\s+/, '') } });
  }
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function intParam(q: URLSearchParams, name: string, fallback: number): number | null {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

export async function startTrendyolFake(options: TrendyolFakeOptions = {}): Promise<TrendyolFake> {
  const sellerId = options.sellerId ?? '123456';
  const apiKey = options.apiKey ?? 'fake-trendyol-key';
  const apiSecret = options.apiSecret ?? 'fake-trendyol-secret';
  const expectedAuth = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
  const limit = options.rateLimit === undefined ? { requests: 50, windowMs: 10_000 } : options.rateLimit;
  const identicalWindowMs = options.identicalWindowMs ?? 15 * 60_000;

  const state = new FakeTrendyolState(options.pollsToComplete ?? 2);
  const background = () => {
    if (options.completeAfterMs !== undefined) state.processDue(Date.now(), options.completeAfterMs);
  };
  const counts: Record<Endpoint, number> = { read: 0, write: 0, poll: 0 };
  const hits: Record<Endpoint, number[]> = { read: [], write: [], poll: [] };
  const faults: Record<Endpoint, { fault: Fault; remaining: number }[]> = { read: [], write: [], poll: [] };
  const recentBodies = new Map<string, number>();
  const reads: ReadLog[] = [];
  const writes: WriteLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function takeFault(kind: Endpoint): Fault | undefined {
    const queue = faults[kind];
    const head = queue[0];
    if (!head) return undefined;
    if (--head.remaining <= 0) queue.shift();
    return head.fault;
  }

  function overLimit(kind: Endpoint): boolean {
    if (!limit) return false;
    const now = Date.now();
    const window = hits[kind];
    while (window.length && window[0] <= now - limit.windowMs) window.shift();
    if (window.length >= limit.requests) return true;
    window.push(now);
    return false;
  }

  type Answer = { status: number; body: string };

  function handleRead(url: URL): Answer {
    const q = url.searchParams;
    const page = intParam(q, 'page', 0);
    const size = intParam(q, 'size', 50);
    // Both `barcodes=a,b` and repeated `barcodes=a&barcodes=b` are accepted.
    const barcodes = q.getAll('barcodes').flatMap((v) => v.split(',')).map((b) => b.trim()).filter(Boolean);
    const log: ReadLog = {
      barcodes: q.has('barcodes') ? barcodes : undefined,
      barcode: q.get('barcode') ?? undefined,
      stockCode: q.get('stockCode') ?? undefined,
      page: page ?? -1,
      size: size ?? -1,
      status: 400,
    };
    reads.push(log);
    if (page === null || size === null || size < 1) return { status: 400, body: errorBody('page.size.invalid', 'page and size must be non-negative integers') };
    if (size > MAX_SIZE) return { status: 400, body: errorBody('size.max', `size must be less than or equal to ${MAX_SIZE}`) };
    if (barcodes.length > MAX_BARCODES) return { status: 400, body: errorBody('barcodes.max', `barcodes can contain at most ${MAX_BARCODES} values`) };
    if ((page + 1) * size > MAX_PAGING_WINDOW) return { status: 400, body: errorBody('paging.window', `page x size cannot exceed ${MAX_PAGING_WINDOW}; use nextPageToken`) };

    const matches = (v: { barcode: string; stockCode: string }) =>
      (!log.barcodes || barcodes.includes(v.barcode)) && (!log.barcode || v.barcode === log.barcode) && (!log.stockCode || v.stockCode === log.stockCode);
    // A content entry carries all variants of a matched product, not only the variants asked for.
    const contentOrder: number[] = [];
    const byContent = new Map<number, Variant[]>();
    for (const v of state.variants.values()) {
      if (!byContent.has(v.contentId)) {
        byContent.set(v.contentId, []);
        contentOrder.push(v.contentId);
      }
      byContent.get(v.contentId)!.push(v);
    }
    const matched = contentOrder.filter((id) => byContent.get(id)!.some(matches));
    const served = Math.min(size, options.pageSizeCap ?? size);
    const totalPages = Math.ceil(matched.length / served);
    const content = matched.slice(page * served, (page + 1) * served).map((id) => {
      const vs = byContent.get(id)!;
      return {
        contentId: id,
        productMainId: vs[0].productMainId,
        variants: vs.map((v) => ({
          variantId: v.variantId,
          barcode: v.barcode,
          salePrice: v.salePrice,
          listPrice: v.listPrice,
          quantity: v.quantity,
          stockCode: v.stockCode,
          stockLastModifiedDate: v.stockLastModifiedDate,
        })),
      };
    });
    log.status = 200;
    return { status: 200, body: JSON.stringify({ totalElements: matched.length, totalPages, page, size: served, nextPageToken: null, content }) };
  }

  function parseWrite(raw: string): RequestItem[] | string {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return 'request body is not valid JSON';
    }
    const items = (body as { items?: unknown })?.items;
    if (!Array.isArray(items)) return 'items is required';
    for (const it of items) {
      if (!it || typeof it !== 'object' || typeof (it as RequestItem).barcode !== 'string' || !(it as RequestItem).barcode) return 'every item needs a barcode';
      for (const k of ['quantity', 'salePrice', 'listPrice'] as const) {
        const v = (it as RequestItem)[k];
        if (v !== undefined && typeof v !== 'number') return `${k} must be a number`;
      }
    }
    return items as RequestItem[];
  }

  function handleWrite(raw: string): Answer {
    const items = parseWrite(raw);
    if (typeof items === 'string') return { status: 400, body: errorBody('request.invalid', items) };
    const log: WriteLog = { items, status: 400 };
    writes.push(log);
    if (items.length > MAX_ITEMS) return { status: 400, body: errorBody('items.max', `items can contain at most ${MAX_ITEMS} values`) };
    const hash = createHash('sha256').update(raw).digest('hex');
    const now = Date.now();
    for (const [h, at] of recentBodies) if (at <= now - identicalWindowMs) recentBodies.delete(h);
    if (recentBodies.has(hash)) return { status: 400, body: errorBody('duplicate.request', IDENTICAL_REQUEST_MESSAGE) };
    recentBodies.set(hash, now);
    const batch = state.createBatch(items);
    log.status = 200;
    log.batchRequestId = batch.id;
    return { status: 200, body: JSON.stringify({ batchRequestId: batch.id }) };
  }

  function batchBody(batch: Batch): string {
    return JSON.stringify({
      batchRequestId: batch.id,
      items: batch.processed,
      creationDate: batch.createdAt,
      lastModification: batch.lastModification,
      sourceType: 'API',
      itemCount: batch.items.length,
      failedItemCount: batch.processed.filter((i) => i.status === 'FAILED').length,
      batchRequestType: 'ProductInventoryUpdate',
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.echoAuthInErrors) echoedAuth.set(res, req.headers.authorization ?? '');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    background();
    let kind: Endpoint;
    let match: RegExpMatchArray | null;
    if (method === 'GET' && (match = url.pathname.match(READ_PATH))) kind = 'read';
    else if (method === 'POST' && (match = url.pathname.match(WRITE_PATH))) kind = 'write';
    else if (method === 'GET' && (match = url.pathname.match(POLL_PATH))) kind = 'poll';
    else return send(res, 404, errorBody('not.found', `no such endpoint: ${method} ${url.pathname}`));
    counts[kind]++;

    const fault = takeFault(kind);
    if (fault?.kind === '429') return send(res, 429, errorBody('too.many.requests', 'too.many.requests'), fault.retryAfterSec === undefined ? {} : { 'retry-after': String(fault.retryAfterSec) });
    if (fault?.kind === '500') return send(res, 500, errorBody('internal.server.error', 'Internal Server Error'));
    if (fault?.kind === 'slow') await delay(fault.delayMs);

    const ua = req.headers['user-agent'];
    const uaMatch = typeof ua === 'string' ? ua.match(USER_AGENT) : null;
    if (!uaMatch) return send(res, 403, errorBody('forbidden', 'Access denied: the User-Agent header must be "{sellerId} - SelfIntegration" or "{sellerId} - {IntegratorName}"'));
    if (req.headers.authorization !== expectedAuth) {
      return send(res, 401, JSON.stringify({ timestamp: Date.now(), exception: 'ClientApiAuthenticationException', errors: [{ key: 'ClientApiAuthenticationException', message: 'Unauthorized', errorCode: 'ClientApiAuthenticationException' }] }));
    }
    if (match[1] !== sellerId || uaMatch[1] !== sellerId) return send(res, 403, errorBody('forbidden', 'Access denied for this seller'));
    if (overLimit(kind)) return send(res, 429, errorBody('too.many.requests', 'too.many.requests'));

    if (fault?.kind === 'malformed') return send(res, 200, '{"batchRequestId": "unterminated');

    let answer: Answer;
    if (kind === 'read') answer = handleRead(url);
    else if (kind === 'write') answer = handleWrite(raw);
    else {
      const batch = state.batches.get(decodeURIComponent(match[2]));
      if (batch) state.advance(batch);
      answer = batch ? { status: 200, body: batchBody(batch) } : { status: 404, body: errorBody('batch.not.found', `batch request ${match[2]} not found`) };
    }
    // The work is done (a write's batch is created); the client never hears about it.
    if (fault?.kind === 'drop-after-apply') {
      res.socket?.destroy();
      return;
    }
    send(res, answer.status, answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody('internal.server.error', String(err)));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/integration`,
    sellerId,
    apiKey,
    apiSecret,
    reads,
    writes,
    seed: (items) => state.seed(items),
    quantities() {
      background();
      const out: Record<string, number | null> = {};
      for (const v of state.variants.values()) out[v.stockCode] = v.quantity;
      return out;
    },
    prices() {
      background();
      const out: Record<string, { sale: number; list: number }> = {};
      for (const v of state.variants.values()) out[v.stockCode] = { sale: v.salePrice, list: v.listPrice };
      return out;
    },
    inject(fault, on, times = 1) {
      if (fault.kind === 'item-failure') {
        const v = state.bySku(fault.sku);
        const barcode = v?.barcode ?? fault.sku;
        state.armedFailures.set(barcode, { times, reason: `Stok güncellenemedi: ${barcode} (injected failure)` });
        return;
      }
      faults[on].push({ fault, remaining: times });
    },
    requestCount: (kind) => counts[kind],
    appliedWrites: () => {
      background();
      return Object.fromEntries(state.applied);
    },
    batch: (id) => state.batches.get(id),
    pendingBatches: () => state.pendingBatches(),
    forgetWriteBodies: () => recentBodies.clear(),
    settle: () => state.settleAll(),
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
