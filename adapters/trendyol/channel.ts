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
import { planWrite } from './write.js';

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

    let text: string;
    try {
      const res = await call<string>('write', {
        method: 'POST',
        path: paths.priceAndInventory(config.sellerId),
        json: { items: plan.send.map((s) => s.item) },
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
          // Trendyol saw this very body less than 15 minutes ago, so that earlier request reached it and may still be applied.
          return all((sku) => ({
            sku,
            status: 'unknown',
            reason: `Trendyol refused an identical request sent in the last 15 minutes ("${said.join('; ')}"); the earlier one may still be processing, a later run re-reads`,
          }));
        }
        const why = said.length ? said.join('; ') : bodySnippet(err.body ?? '', 200);
        return all((sku) => ({ sku, status: 'failed', reason: `Trendyol refused the batch (HTTP ${err.status})${why ? `: ${why}` : ''}` }));
      }
      throw err;
    }

    const batchId = batchRequestIdOf(text);
    if (!batchId) {
      return all((sku) => ({ sku, status: 'unknown', reason: `Trendyol accepted the batch but its answer had no batchRequestId (${bodySnippet(text, 120) || 'empty body'})` }));
    }
    batches.set(batchId, plan.send.map((s) => ({ sku: s.sku, barcode: s.item.barcode })));
    ctx.log.verbose(`${ctx.name}: batch ${batchId} accepted with ${plan.send.length} item(s)`);
    return all((sku) => ({ sku, status: 'pending', batchId }));
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
      const entries = batches.get(batchId);
      const wanted = new Set(skus);
      const known = (entries ?? []).filter((e) => wanted.has(e.sku));
      const strangers = skus.filter((s) => !known.some((e) => e.sku === s));
      const unknownOutcomes = strangers.map((sku): ItemOutcome => ({
        sku,
        status: 'unknown',
        reason: `batch ${batchId} was not sent by this process, so its barcodes cannot be matched; a later run re-reads this SKU`,
      }));
      if (!known.length) return unknownOutcomes;

      let body: unknown;
      try {
        body = (await call<unknown>('poll', { method: 'GET', path: paths.batchRequest(config.sellerId, batchId), responseType: 'json', signal })).body;
      } catch (err) {
        if (err instanceof RemoteError && batchNotVisibleYet(err.status)) return [...unknownOutcomes, ...known.map((e): ItemOutcome => ({ sku: e.sku, status: 'pending', batchId }))];
        throw err;
      }
      const outcomes = mapBatchResult(body, batchId, known, ctx.name);
      const settled = new Set(outcomes.filter((o) => o.status !== 'pending').map((o) => o.sku));
      const left = entries!.filter((e) => !settled.has(e.sku));
      if (left.length) batches.set(batchId, left);
      else batches.delete(batchId);
      return [...unknownOutcomes, ...outcomes];
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
