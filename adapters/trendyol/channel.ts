// The Trendyol channel: reads approved inventory-and-price by barcode (or stockCode), writes absolute
// quantities (and prices) as asynchronous price-and-inventory batches, and polls their results.
import { registerSecret } from '../../src/config/redact.js';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../src/http/client.js';
import { bodySnippet, RemoteError } from '../../src/http/errors.js';
import type { Change, Channel, ChannelCapabilities, ChannelContext, ItemOutcome, LocalItem, RemoteItem } from '../../src/sync/channel.js';
import { basicToken, CLIENT_RATE_LIMIT, LIMITS, paths, trendyolUserAgent } from './api.js';
import { mapBatchResult, type BatchEntry } from './batch-result.js';
import type { TrendyolConfig } from './config.js';
import { barcodeQueries, matchVariants, parseInventoryPage, remainingPages, type InventoryPage, type InventoryQuery, type TrendyolVariant } from './read.js';
import { credentialError, trendyolErrorMessages, type ErrorContext } from './remote-errors.js';
import { barcodesQueryValue, batchNotVisibleYet, isIdenticalRequestRefusal } from './unconfirmed.js';
import { bodyHash, RecentWrites } from './recent-writes.js';
import { isReflected, planWrite, type TrendyolWriteItem } from './write.js';

/**
 * Batch ids of our own making for writes Trendyol took whose batchRequestId we never got (answer lost,
 * or an identical-body refusal for a body whose batch we do not know): they are confirmed by re-reading.
 */
const CONFIRM_BY_READ = 'confirm-by-read:';

type Endpoint = 'read' | 'write' | 'poll';

export function createTrendyolChannel(config: TrendyolConfig, ctx: ChannelContext): Channel {
  const token = basicToken(config.apiKey, config.apiSecret);
  // The bare base64 token is a secret of its own: it must be masked even where no "Basic " precedes it.
  for (const s of [config.apiKey, config.apiSecret, token]) registerSecret(s);
  const userAgent = trendyolUserAgent(config.sellerId, config.integrator);
  const errorContext: ErrorContext = { name: ctx.name, sellerId: config.sellerId, userAgent, baseUrl: config.baseUrl };

  // Trendyol limits each endpoint separately, so each gets its own client and token bucket.
  const makeClient = (): HttpClient =>
    createHttpClient({
      name: ctx.name,
      baseUrl: config.baseUrl,
      headers: { authorization: `Basic ${token}`, accept: 'application/json' },
      userAgent,
      timeoutMs: config.timeoutMs,
      rateLimit: CLIENT_RATE_LIMIT,
      connections: 4,
      onRetry: (r) => ctx.log.verbose(`${ctx.name}: retry ${r.attempt} of ${r.endpoint} in ${r.delayMs} ms: ${r.reason}`),
    });
  const clients: Record<Endpoint, HttpClient> = { read: makeClient(), write: makeClient(), poll: makeClient() };

  /** Batches this process sent, with the SKU behind each barcode: the batch result names barcodes only. */
  const batches = new Map<string, BatchEntry[]>();
  const confirmations = new Map<string, { sku: string; item: TrendyolWriteItem }[]>();
  let confirmationSeq = 0;
  const recentWrites = new RecentWrites(ctx.cache);
  const claimedBy = new Map<string, string>();
  let warnedNoBarcode = false;

  async function call<T>(endpoint: Endpoint, req: HttpRequest) {
    try {
      return await clients[endpoint].request<T>(req);
    } catch (err) {
      throw credentialError(err, errorContext) ?? err;
    }
  }

  async function getPage(query: InventoryQuery, page: number, size: number, signal?: AbortSignal): Promise<InventoryPage> {
    const res = await call<unknown>('read', {
      method: 'GET',
      path: paths.inventoryAndPrice(config.sellerId),
      query: { barcodes: query.barcodes ? barcodesQueryValue(query.barcodes) : undefined, stockCode: query.stockCode, page, size },
      responseType: 'json',
      signal,
    });
    return parseInventoryPage(res.body, ctx.name);
  }

  async function fetchVariants(query: InventoryQuery, signal?: AbortSignal): Promise<TrendyolVariant[]> {
    const first = await getPage(query, 0, LIMITS.pageSize, signal);
    const variants = [...first.variants];
    for (const p of remainingPages(first, LIMITS.pageSize)) variants.push(...(await getPage(query, p, LIMITS.pageSize, signal)).variants);
    if (first.totalPages * LIMITS.pageSize > LIMITS.pagingWindow) {
      ctx.log.warn(`${ctx.name}: a query matched more than ${LIMITS.pagingWindow} products; only the first ${LIMITS.pagingWindow} were read`);
    }
    return variants;
  }

  async function read(items: LocalItem[], signal?: AbortSignal): Promise<RemoteItem[]> {
    const { queries, withoutBarcode } = barcodeQueries(items);
    const variants: TrendyolVariant[] = [];
    for (const q of queries) variants.push(...(await fetchVariants(q, signal)));
    const matched = matchVariants(items, variants, config.matchBy, claimedBy);
    const found = [...matched.found];
    const warnings = [...matched.warnings];
    if (config.matchBy === 'sku') {
      // A wrong or missing local barcode must not hide a product whose stockCode is the SKU: ask by stockCode (one per request).
      for (const it of matched.unmatched) {
        if (!it.sku.trim()) continue;
        const byCode = matchVariants([it], await fetchVariants({ stockCode: it.sku.trim() }, signal), 'sku', claimedBy);
        found.push(...byCode.found);
        warnings.push(...byCode.warnings);
      }
    } else if (withoutBarcode.length && !warnedNoBarcode) {
      warnedNoBarcode = true;
      ctx.log.warn(
        `${ctx.name}: SKUs without a barcode (e.g. ${withoutBarcode[0].sku}) cannot be found with matchBy: barcode and count as not found; import their barcodes, or use matchBy: sku when the Trendyol stockCode is the SKU`,
      );
    }
    for (const w of warnings) ctx.log.warn(`${ctx.name}: ${w}`);
    return found;
  }

  async function writeChunk(changes: Change[], signal?: AbortSignal): Promise<ItemOutcome[]> {
    const plan = planWrite(changes, { prices: config.prices, maxQuantity: LIMITS.maxQuantity });
    const outcomes: ItemOutcome[] = [...plan.refused];
    if (!plan.send.length) return outcomes;
    const all = (make: (sku: string) => ItemOutcome) => outcomes.concat(plan.send.map((s) => make(s.sku)));
    const entries = plan.send.map((s): BatchEntry => ({ sku: s.sku, barcode: s.item.barcode }));
    const confirmByRead = (why: string) => {
      const id = `${CONFIRM_BY_READ}${++confirmationSeq}`;
      confirmations.set(id, plan.send);
      ctx.log.verbose(`${ctx.name}: ${why}; confirming ${plan.send.length} item(s) by re-reading them`);
      return all((sku) => ({ sku, status: 'pending', batchId: id }));
    };
    // The exact bytes sent are hashed, so the 15-minute rule can be recognised for what it is.
    const body = JSON.stringify({ items: plan.send.map((s) => s.item) });
    const hash = bodyHash(body);

    let text: string;
    try {
      const res = await call<string>('write', {
        method: 'POST',
        path: paths.priceAndInventory(config.sellerId),
        body,
        headers: { 'content-type': 'application/json' },
        responseType: 'text',
        signal,
      });
      text = res.text;
    } catch (err) {
      if (!(err instanceof RemoteError)) throw err;
      if (err.outcomeUnknown) return all((sku) => ({ sku, status: 'unknown', reason: err.message }));
      if (err.status !== undefined && err.status >= 400 && err.status < 500) {
        const said = trendyolErrorMessages(err.body);
        if (isIdenticalRequestRefusal(said)) {
          // Trendyol received this very body less than 15 minutes ago: that earlier batch decides these items.
          const earlier = recentWrites.batchFor(hash);
          if (!earlier) return confirmByRead('Trendyol refused a body identical to one it received in the last 15 minutes');
          batches.set(earlier, entries);
          ctx.log.verbose(`${ctx.name}: identical body refused; following its earlier batch ${earlier}`);
          return all((sku) => ({ sku, status: 'pending', batchId: earlier }));
        }
        const why = said.length ? said.join('; ') : bodySnippet(err.body ?? '', 200);
        return all((sku) => ({ sku, status: 'failed', reason: `Trendyol refused the batch (HTTP ${err.status})${why ? `: ${why}` : ''}` }));
      }
      throw err;
    }

    const batchId = batchRequestIdOf(text);
    if (!batchId) return confirmByRead(`Trendyol accepted a batch without returning a batchRequestId (${bodySnippet(text, 120) || 'empty body'})`);
    recentWrites.remember(hash, batchId);
    batches.set(batchId, entries);
    ctx.log.verbose(`${ctx.name}: batch ${batchId} accepted with ${plan.send.length} item(s)`);
    return all((sku) => ({ sku, status: 'pending', batchId }));
  }

  const notOurs = (batchId: string, sku: string): ItemOutcome => ({
    sku,
    status: 'unknown',
    reason: `batch ${batchId} was not sent by this process, so its barcodes cannot be matched; a later run re-reads this SKU`,
  });

  /** A write whose batch id we lack is applied once Trendyol shows every value it asked for; until then it stays pending. */
  async function confirmByReading(batchId: string, skus: string[], signal?: AbortSignal): Promise<ItemOutcome[]> {
    const sent = confirmations.get(batchId) ?? [];
    const wanted = new Set(skus);
    const mine = sent.filter((s) => wanted.has(s.sku));
    const strangers = skus.filter((sku) => !mine.some((s) => s.sku === sku)).map((sku) => notOurs(batchId, sku));
    if (!mine.length) return strangers;
    const remote = new Map<string, TrendyolVariant>();
    const { queries } = barcodeQueries(mine.map((s) => ({ sku: s.sku, barcode: s.item.barcode, name: null, price: null, listPrice: null })));
    for (const q of queries) for (const v of await fetchVariants(q, signal)) remote.set(v.barcode, v);
    const outcomes = mine.map((s): ItemOutcome => {
      const v = remote.get(s.item.barcode);
      return v && isReflected(s.item, v) ? { sku: s.sku, status: 'applied' } : { sku: s.sku, status: 'pending', batchId };
    });
    const left = sent.filter((s) => !outcomes.some((o) => o.sku === s.sku && o.status === 'applied'));
    if (left.length) confirmations.set(batchId, left);
    else confirmations.delete(batchId);
    return [...strangers, ...outcomes];
  }

  const capabilities: ChannelCapabilities = {
    writeMode: 'absolute',
    readBatchSize: LIMITS.readBarcodes,
    writeBatchSize: Math.min(config.writeBatchSize ?? LIMITS.writeItems, LIMITS.writeItems),
    maxQuantity: LIMITS.maxQuantity,
    rateLimit: { ...LIMITS.rateLimit },
    asyncWrites: true,
    prices: config.prices,
  };

  return {
    capabilities,
    read,

    async write(changes, signal) {
      const out: ItemOutcome[] = [];
      for (let i = 0; i < changes.length; i += LIMITS.writeItems) out.push(...(await writeChunk(changes.slice(i, i + LIMITS.writeItems), signal)));
      return out;
    },

    async poll(batchId, skus, signal) {
      if (batchId.startsWith(CONFIRM_BY_READ)) return confirmByReading(batchId, skus, signal);
      const entries = batches.get(batchId) ?? [];
      const wanted = new Set(skus);
      const known = entries.filter((e) => wanted.has(e.sku));
      const strangers = skus.filter((sku) => !known.some((e) => e.sku === sku)).map((sku) => notOurs(batchId, sku));
      if (!known.length) return strangers;

      let body: unknown;
      try {
        body = (await call<unknown>('poll', { method: 'GET', path: paths.batchRequest(config.sellerId, batchId), responseType: 'json', signal })).body;
      } catch (err) {
        if (err instanceof RemoteError && batchNotVisibleYet(err.status)) return [...strangers, ...known.map((e): ItemOutcome => ({ sku: e.sku, status: 'pending', batchId }))];
        throw err;
      }
      const outcomes = mapBatchResult(body, batchId, known, ctx.name);
      const settled = new Set(outcomes.filter((o) => o.status !== 'pending').map((o) => o.sku));
      const left = entries.filter((e) => !settled.has(e.sku));
      if (left.length) batches.set(batchId, left);
      else batches.delete(batchId);
      return [...strangers, ...outcomes];
    },

    async check(signal) {
      const page = await getPage({}, 0, 1, signal);
      return `seller ${config.sellerId} on ${new URL(config.baseUrl).host}: credentials and User-Agent accepted, ${page.totalElements} approved product(s)`;
    },

    requestCount: () => clients.read.stats.requests + clients.write.stats.requests + clients.poll.stats.requests,

    async close() {
      await Promise.all(Object.values(clients).map((c) => c.close()));
    },
  };
}

function batchRequestIdOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { batchRequestId?: unknown } | null)?.batchRequestId;
    return typeof id === 'string' && id.trim() ? id.trim() : undefined;
  } catch {
    return undefined;
  }
}
