import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChannelFake, Fault, SeedItem } from '../../conformance/channel-fake.js';
import { adjustInventory, queryProducts, type WriteResult } from './catalog-v1.js';
import { bulkAdjust, queryInventoryItems } from './catalog-v3.js';
import { WixCatalog, type CatalogVersion, type CreatedProduct, type NewProduct } from './state.js';
import { applicationError, ok, systemError, validationError, type FakeResponse } from './wix-errors.js';

// A fake Wix Stores site on 127.0.0.1 that keeps real state and answers as the API notes (§1) say:
// both catalogs, API-key auth with wix-site-id, Wix error bodies, 200 requests/minute (configurable),
// and injectable faults for the channel conformance suite.

export { ZERO_VARIANT_ID, DEFAULT_LOCATION_ID } from './state.js';
export type { CatalogVersion, NewProduct, CreatedProduct } from './state.js';

export type RequestKind = 'read' | 'write' | 'meta';

export interface WixFakeOptions {
  apiKey?: string;
  siteId?: string;
  /** Default V3_CATALOG (the current catalog). */
  catalog?: CatalogVersion;
  /** Requests per window per site; beyond it 429 "Resource exhausted". Default 200 per 60000 ms; null: no limit. */
  rateLimit?: { requests: number; intervalMs: number } | null;
  /** How seed() lays SKUs out: 'mixed' (default) groups some into multi-variant products; 'simple': one product per SKU. */
  seedLayout?: 'simple' | 'mixed';
  /** UNCONFIRMED behaviour of the V1 product-level sku filter (see catalog-v1.ts). Default false. */
  skuFilterMatchesVariants?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  kind: RequestKind | 'unknown';
  body: unknown;
  status?: number;
}

export interface WixFakeExtras {
  apiKey: string;
  siteId: string;
  readonly catalog: WixCatalog;
  setCatalogVersion(version: CatalogVersion): void;
  /** Add a product: one variant = simple product (all-zero V1 variant id), several = managed variants. */
  addProduct(product: NewProduct): CreatedProduct;
  /** Change a quantity behind the client's back (a sale on the shop). */
  setQuantity(sku: string, quantity: number): void;
  setRateLimit(limit: { requests: number; intervalMs: number } | null): void;
  setSkuFilterMatchesVariants(value: boolean): void;
  /** Every request received, in order. */
  requests(): LoggedRequest[];
  requestCount(kind: RequestKind): number;
}

export type WixFake = ChannelFake & WixFakeExtras;

const ROUTES: Record<string, { kind: RequestKind; catalog?: 'V1_CATALOG' | 'V3_CATALOG'; method: string }> = {
  '/stores/v3/provision/version': { kind: 'meta', method: 'GET' },
  '/stores-reader/v1/products/query': { kind: 'read', catalog: 'V1_CATALOG', method: 'POST' },
  '/stores/v1/products/query': { kind: 'read', catalog: 'V1_CATALOG', method: 'POST' },
  '/stores/v2/inventoryItems/increment': { kind: 'write', catalog: 'V1_CATALOG', method: 'POST' },
  '/stores/v2/inventoryItems/decrement': { kind: 'write', catalog: 'V1_CATALOG', method: 'POST' },
  '/stores/v3/inventory-items/query': { kind: 'read', catalog: 'V3_CATALOG', method: 'POST' },
  '/stores/v3/bulk/inventory-items/increment': { kind: 'write', catalog: 'V3_CATALOG', method: 'POST' },
  '/stores/v3/bulk/inventory-items/decrement': { kind: 'write', catalog: 'V3_CATALOG', method: 'POST' },
};

/** Tracked SKUs grouped in this rhythm when seedLayout is 'mixed': simple, 3 variants, simple, 2 variants, ... */
const MIXED_GROUPS = [1, 3, 1, 2];

export async function startWixFake(options: WixFakeOptions = {}): Promise<WixFake> {
  const apiKey = options.apiKey ?? 'IST.fake-wix-api-key-0123456789';
  const siteId = options.siteId ?? '3f1e2d4c-5b6a-4789-9abc-def012345678';
  let catalogVersion: CatalogVersion = options.catalog ?? 'V3_CATALOG';
  let rateLimit: { requests: number; intervalMs: number } | null = options.rateLimit === undefined ? { requests: 200, intervalMs: 60_000 } : options.rateLimit;
  let skuFilterMatchesVariants = options.skuFilterMatchesVariants ?? false;
  const catalog = new WixCatalog();
  const log: LoggedRequest[] = [];
  const counts: Record<RequestKind, number> = { read: 0, write: 0, meta: 0 };
  const faults: Record<'read' | 'write', Array<{ fault: Exclude<Fault, { kind: 'item-failure' }>; remaining: number }>> = { read: [], write: [] };
  const itemFailures = new Map<string, number>();
  const recent: number[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function rateLimited(): boolean {
    if (!rateLimit) return false;
    const t = Date.now();
    while (recent.length > 0 && recent[0] <= t - rateLimit.intervalMs) recent.shift();
    if (recent.length >= rateLimit.requests) return true;
    recent.push(t);
    return false;
  }

  function takeFault(kind: 'read' | 'write') {
    const queue = faults[kind];
    const head = queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  }

  function send(res: ServerResponse, r: FakeResponse, entry: LoggedRequest): void {
    entry.status = r.status;
    res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
    res.end(JSON.stringify(r.body));
  }

  function route(path: string, body: Record<string, unknown>): WriteResult {
    const failSkus = new Set([...itemFailures.keys()]);
    switch (path) {
      case '/stores/v3/provision/version':
        return { response: ok({ catalogVersion }), injectedUsed: [] };
      case '/stores-reader/v1/products/query':
      case '/stores/v1/products/query':
        return { response: queryProducts(catalog, body, { skuFilterMatchesVariants }), injectedUsed: [] };
      case '/stores/v2/inventoryItems/increment':
        return adjustInventory(catalog, body, 'increment', failSkus);
      case '/stores/v2/inventoryItems/decrement':
        return adjustInventory(catalog, body, 'decrement', failSkus);
      case '/stores/v3/inventory-items/query':
        return { response: queryInventoryItems(catalog, body), injectedUsed: [] };
      case '/stores/v3/bulk/inventory-items/increment':
        return bulkAdjust(catalog, body, 'increment', failSkus);
      default:
        return bulkAdjust(catalog, body, 'decrement', failSkus);
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const path = (req.url ?? '/').split('?')[0];
    const spec = ROUTES[path];
    let parsed: unknown = undefined;
    try {
      parsed = rawBody ? JSON.parse(rawBody) : {};
    } catch {
      parsed = rawBody;
    }
    const entry: LoggedRequest = { method: req.method ?? '', path, kind: spec?.kind ?? 'unknown', body: parsed };
    log.push(entry);
    if (!spec || spec.method !== req.method) return send(res, { status: 404, body: { message: 'Not Found', details: {} } }, entry);
    counts[spec.kind] += 1;

    if (req.headers.authorization !== apiKey) {
      return send(res, applicationError(401, 'Unauthorized', 'UNAUTHENTICATED', 'the Authorization header does not hold a valid API key'), entry);
    }
    const site = req.headers['wix-site-id'];
    if (site === undefined || site === '') return send(res, validationError('wix-site-id', 'header is required for site-level APIs', 'REQUIRED'), entry);
    if (site !== siteId) return send(res, applicationError(403, 'Forbidden', 'SITE_NOT_ACCESSIBLE', 'the API key has no access to this site'), entry);
    if (rateLimited()) return send(res, { status: 429, body: { message: 'Resource exhausted', details: {} } }, entry);

    if (spec.catalog) {
      if (catalogVersion === 'STORES_NOT_INSTALLED') return send(res, applicationError(401, 'Wix Stores is not installed', 'STORES_NOT_INSTALLED', 'Wix Stores is not installed on this site'), entry);
      if (spec.catalog !== catalogVersion) {
        const wanted = spec.catalog === 'V3_CATALOG' ? 'V3' : 'V1';
        return send(res, applicationError(428, 'Failed precondition', 'CATALOG_VERSION_MISMATCH', `this is a Catalog ${wanted} endpoint and the site runs ${catalogVersion}`), entry);
      }
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return send(res, validationError('body', 'must be a JSON object', 'FORMAT'), entry);

    const fault = spec.kind === 'meta' ? undefined : takeFault(spec.kind);
    if (fault?.kind === '429') {
      return send(res, { status: 429, body: { message: 'Resource exhausted', details: {} }, headers: fault.retryAfterSec === undefined ? {} : { 'retry-after': String(fault.retryAfterSec) } }, entry);
    }
    if (fault?.kind === '500') return send(res, systemError(500), entry);

    const { response, injectedUsed } = route(path, parsed as Record<string, unknown>);
    for (const sku of injectedUsed) {
      const left = (itemFailures.get(sku) ?? 1) - 1;
      if (left <= 0) itemFailures.delete(sku);
      else itemFailures.set(sku, left);
    }
    if (fault?.kind === 'drop-after-apply') {
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'malformed') {
      entry.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"results": [{"itemMetadata": ');
      return;
    }
    if (fault?.kind === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(res, response, entry);
      }, fault.delayMs);
      timers.add(timer);
      return;
    }
    send(res, response, entry);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  function seed(items: SeedItem[]): void {
    const layout = options.seedLayout ?? 'mixed';
    const tracked = items.filter((i) => i.quantity !== null);
    for (const i of items) if (i.quantity === null) catalog.add({ tracked: false, variants: [{ sku: i.sku }] });
    if (layout === 'simple') {
      for (const i of tracked) catalog.add({ variants: [{ sku: i.sku, quantity: i.quantity ?? 0 }] });
      return;
    }
    let at = 0;
    for (let g = 0; at < tracked.length; g++) {
      const group = tracked.slice(at, at + MIXED_GROUPS[g % MIXED_GROUPS.length]);
      at += group.length;
      catalog.add({
        variants: group.map((i, n) => ({ sku: i.sku, quantity: i.quantity ?? 0, choices: group.length > 1 ? { Size: ['S', 'M', 'L'][n] ?? `#${n}` } : undefined })),
      });
    }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    siteId,
    catalog,
    seed,
    quantities: () => catalog.quantities(),
    inject(fault: Fault, on: 'read' | 'write', times = 1) {
      if (fault.kind === 'item-failure') itemFailures.set(fault.sku, (itemFailures.get(fault.sku) ?? 0) + times);
      else faults[on].push({ fault, remaining: times });
    },
    requestCount: (kind: RequestKind) => counts[kind],
    appliedWrites: () => Object.fromEntries(catalog.applied),
    setCatalogVersion(version) {
      catalogVersion = version;
    },
    addProduct: (p) => catalog.add(p),
    setQuantity: (sku, q) => catalog.setQuantity(sku, q),
    setRateLimit(limit) {
      rateLimit = limit;
      recent.length = 0;
    },
    setSkuFilterMatchesVariants(value) {
      skuFilterMatchesVariants = value;
    },
    requests: () => log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
