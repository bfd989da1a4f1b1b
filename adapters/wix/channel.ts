import { IntegrError } from '../../src/errors.js';
import { createHttpClient, type HttpClientOptions } from '../../src/http/client.js';
import { RemoteError } from '../../src/http/errors.js';
import type { Change, Channel, ChannelCapabilities, ChannelContext, ItemOutcome, LocalItem, RemoteItem } from '../../src/sync/channel.js';
import { MAX_AMOUNT, type CatalogApi, type Direction } from './catalog.js';
import { catalogV1 } from './catalog-v1.js';
import { catalogV3 } from './catalog-v3.js';
import { wixError, wixReason } from './errors.js';

// The Wix Stores channel: picks the site's catalog (V1 legacy / V3 current), reads by SKU in
// batches of 100 and pushes relative changes with the bulk increment/decrement calls (<= 300).
// Deltas are not idempotent, so a call whose outcome is unknown is never re-sent: its items come
// back 'unknown' and the engine re-reads them.

export const DEFAULT_BASE_URL = 'https://www.wixapis.com';
export const READ_BATCH = 100;
export const WRITE_BATCH_MAX = 300;
export const MAX_QUANTITY = 99_999;
/** "up to 200 requests per minute, per instance" (api notes §1.5). */
export const RATE_LIMIT = { requests: 200, intervalMs: 60_000 };

export interface WixConfig {
  apiKey: string;
  siteId: string;
  accountId?: string;
  catalog: 'auto' | 'v1' | 'v3';
  baseUrl?: string;
  timeoutMs?: number;
  writeBatchSize?: number;
}

/** Knobs tests turn down (retry delays); not part of the user config. */
export type WixHttpOverrides = Pick<HttpClientOptions, 'retry' | 'breakerThreshold' | 'breakerCooldownMs' | 'rateLimit'>;

type CatalogVersion = 'V1_CATALOG' | 'V3_CATALOG';

export function createWixChannel(config: WixConfig, ctx: ChannelContext, overrides: WixHttpOverrides = {}): Channel {
  const name = ctx.name;
  const siteId = config.siteId;
  const http = createHttpClient({
    name,
    baseUrl: config.baseUrl ?? DEFAULT_BASE_URL,
    // Site-level Stores calls need the site id; wix-account-id is for account-level calls only.
    headers: { Authorization: config.apiKey, 'wix-site-id': siteId },
    timeoutMs: config.timeoutMs,
    rateLimit: RATE_LIMIT,
    onRetry: (i) => ctx.log.verbose(`${name}: retry ${i.attempt} of ${i.endpoint} in ${i.delayMs} ms (${i.reason})`),
    ...overrides,
  });
  const capabilities: ChannelCapabilities = {
    writeMode: 'relative',
    readBatchSize: READ_BATCH,
    writeBatchSize: Math.min(WRITE_BATCH_MAX, config.writeBatchSize ?? WRITE_BATCH_MAX),
    maxQuantity: MAX_QUANTITY,
    rateLimit: RATE_LIMIT,
    asyncWrites: false,
    prices: false,
  };
  // A site's catalog version never goes back (V1 sites migrate to V3 once), so it is cached per site.
  const cacheKey = `catalogVersion:${siteId}`;
  let current: CatalogApi | undefined;

  const build = (version: CatalogVersion): CatalogApi => (version === 'V1_CATALOG' ? catalogV1(http, ctx.log, name, ctx.cache, siteId) : catalogV3(http, ctx.log, name));

  async function fetchVersion(signal?: AbortSignal): Promise<CatalogVersion> {
    let version: unknown;
    try {
      const res = await http.request<{ catalogVersion?: unknown }>({ method: 'GET', path: '/stores/v3/provision/version', signal });
      version = res.body?.catalogVersion;
    } catch (err) {
      throw wixError(err, name, `checking the catalog version of site ${siteId}`, siteId);
    }
    if (version === 'V1_CATALOG' || version === 'V3_CATALOG') return version;
    if (version === 'STORES_NOT_INSTALLED') {
      throw new IntegrError('REMOTE_ERROR', `${name}: Wix Stores is not installed on site ${siteId}`, {
        hint: `install the Wix Stores app on the site, or check channels.${name}.siteId`,
      });
    }
    throw new IntegrError('REMOTE_ERROR', `${name}: unexpected catalog version ${JSON.stringify(version)} from GET /stores/v3/provision/version`);
  }

  async function catalog(signal?: AbortSignal): Promise<CatalogApi> {
    if (current) return current;
    if (config.catalog === 'v1') return (current = build('V1_CATALOG'));
    if (config.catalog === 'v3') return (current = build('V3_CATALOG'));
    const cached = ctx.cache.get(cacheKey);
    if (cached === 'V1_CATALOG' || cached === 'V3_CATALOG') return (current = build(cached));
    // Concurrent first batches share one detection call instead of each asking.
    detecting ??= fetchVersion(signal).finally(() => (detecting = undefined));
    const version = await detecting;
    ctx.cache.set(cacheKey, version);
    return (current ??= build(version));
  }
  let detecting: Promise<CatalogVersion> | undefined;

  /** After a 428 (wrong catalog): in auto mode, ask again; true when the site has moved to the other catalog. */
  async function redetect(signal?: AbortSignal): Promise<boolean> {
    if (config.catalog !== 'auto' || !current) return false;
    const version = await fetchVersion(signal);
    ctx.cache.set(cacheKey, version);
    if (`${current.label}_CATALOG` === version) return false;
    ctx.log.warn(`${name}: site ${siteId} now runs Catalog ${version === 'V3_CATALOG' ? 'V3' : 'V1'}`);
    current = build(version);
    return true;
  }

  const is428 = (err: unknown) => err instanceof RemoteError && err.status === 428;

  async function readBatch(skus: string[], signal?: AbortSignal): Promise<RemoteItem[]> {
    let cat = await catalog(signal);
    try {
      return await cat.read(skus, signal);
    } catch (err) {
      if (is428(err) && (await redetect(signal))) {
        cat = await catalog(signal);
        try {
          return await cat.read(skus, signal);
        } catch (again) {
          throw wixError(again, name, `reading ${skus.length} SKU(s) (Catalog ${cat.label})`, siteId);
        }
      }
      throw wixError(err, name, `reading ${skus.length} SKU(s) (Catalog ${cat.label})`, siteId);
    }
  }

  async function outcomesForFailure(err: unknown, direction: Direction, chunk: Change[], signal?: AbortSignal): Promise<ItemOutcome[]> {
    if (!(err instanceof RemoteError)) {
      // Something broke while handling a call that may have been applied: only a re-read can tell.
      const reason = `${direction} outcome unknown: ${(err as Error)?.message ?? String(err)}`;
      return chunk.map((c) => ({ sku: c.sku, status: 'unknown', reason }));
    }
    if (err.code === 'REMOTE_AUTH') throw wixError(err, name, `sending a stock ${direction}`, siteId);
    if (err.outcomeUnknown) {
      const reason = `${direction} sent but its outcome is unknown (${err.status ? wixReason(err) : err.message}); re-read before retrying`;
      return chunk.map((c) => ({ sku: c.sku, status: 'unknown', reason }));
    }
    if (err.status === 428) {
      const moved = await redetect(signal).catch(() => false);
      const reason = moved ? 'the site changed catalog version during the run; run sync again' : `Wix refused the ${direction} (${wixReason(err)})`;
      return chunk.map((c) => ({ sku: c.sku, status: 'failed', reason }));
    }
    const reason = err.status !== undefined ? `Wix refused the ${direction} (${wixReason(err)})` : `${direction} not sent: ${err.message}`;
    return chunk.map((c) => ({ sku: c.sku, status: 'failed', reason }));
  }

  return {
    capabilities,

    async read(items: LocalItem[], signal?: AbortSignal): Promise<RemoteItem[]> {
      const skus = [...new Set(items.map((i) => i.sku))];
      const out: RemoteItem[] = [];
      for (let i = 0; i < skus.length; i += READ_BATCH) out.push(...(await readBatch(skus.slice(i, i + READ_BATCH), signal)));
      return out;
    },

    async write(changes: Change[], signal?: AbortSignal): Promise<ItemOutcome[]> {
      const outcome = new Map<Change, ItemOutcome>();
      if (changes.length === 0) return [];
      const cat = await catalog(signal);
      const byDirection: Record<Direction, Change[]> = { increment: [], decrement: [] };
      for (const c of changes) {
        const problem = cat.refProblem(c.ref);
        if (c.delta === 0) outcome.set(c, { sku: c.sku, status: 'applied' });
        else if (c.ref.catalog !== undefined && c.ref.catalog !== cat.label) {
          outcome.set(c, { sku: c.sku, status: 'failed', reason: `read under Catalog ${String(c.ref.catalog)}, but the site runs Catalog ${cat.label}; run sync again` });
        } else if (problem) outcome.set(c, { sku: c.sku, status: 'failed', reason: problem });
        else if (!Number.isInteger(c.delta) || Math.abs(c.delta) > MAX_AMOUNT) {
          outcome.set(c, { sku: c.sku, status: 'failed', reason: `a change of ${c.delta} is outside the 1..${MAX_AMOUNT} Wix accepts per call` });
        } else byDirection[c.delta > 0 ? 'increment' : 'decrement'].push(c);
      }

      for (const direction of ['increment', 'decrement'] as const) {
        const list = byDirection[direction];
        for (let i = 0; i < list.length; i += capabilities.writeBatchSize) {
          const chunk = list.slice(i, i + capabilities.writeBatchSize);
          if (signal?.aborted) {
            for (const c of chunk) outcome.set(c, { sku: c.sku, status: 'failed', reason: 'interrupted before it was sent' });
            continue;
          }
          let results: ItemOutcome[];
          try {
            results = await cat.adjust(direction, chunk, signal);
          } catch (err) {
            results = await outcomesForFailure(err, direction, chunk, signal);
          }
          chunk.forEach((c, n) => outcome.set(c, results[n]));
        }
      }
      return changes.map((c) => outcome.get(c)!);
    },

    async check(signal?: AbortSignal): Promise<string> {
      const version = await fetchVersion(signal);
      const label = version === 'V3_CATALOG' ? 'V3' : 'V1';
      if (config.catalog !== 'auto' && config.catalog !== label.toLowerCase()) {
        throw new IntegrError('CONFIG', `channels.${name}.catalog is ${config.catalog}, but Wix site ${siteId} runs Catalog ${label}`, { hint: 'set catalog: auto' });
      }
      if (config.catalog === 'auto') ctx.cache.set(cacheKey, version);
      return `Wix site ${siteId}, catalog ${label}`;
    },

    close: () => http.close(),
  };
}
