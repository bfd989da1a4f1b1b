import type { HttpClient } from '../../src/http/client.js';
import type { AdapterCache, AdapterLogger, Change, ItemOutcome, RemoteItem } from '../../src/sync/channel.js';
import { refString, type CatalogApi, type Direction } from './catalog.js';

// Catalog V1 (legacy): read stock through the products query with variants, write through the
// bulk inventory increment/decrement calls keyed by productId + variantId (api notes §1.2, §1.3).

export const ZERO_VARIANT_ID = '00000000-0000-0000-0000-000000000000';
const PAGE = 100;
const QUERY_PATH = '/stores-reader/v1/products/query';
/** Bounds on request loops: 100 SKUs never need more pages than this; the scan stops at 1M products. */
const MAX_FILTERED_PAGES = 10;
const MAX_SCAN_PAGES = 10_000;

interface V1Stock {
  trackInventory?: boolean;
  trackQuantity?: boolean;
  quantity?: number;
}
interface V1Variant {
  id?: string;
  variant?: { sku?: string };
  stock?: V1Stock;
}
interface V1Product {
  id: string;
  sku?: string;
  manageVariants?: boolean;
  inventoryItemId?: string;
  numericId?: string;
  stock?: V1Stock;
  variants?: V1Variant[];
}
interface QueryResponse {
  products?: V1Product[];
  totalResults?: number;
}

interface SkuEntry {
  sku: string;
  productId: string;
  inventoryId?: string;
  variantId: string;
  quantity: number | null;
}

/** Every SKU a product carries, with the ids a write needs and its quantity (null: untracked). */
function skuEntries(p: V1Product): SkuEntry[] {
  const out = new Map<string, SkuEntry>();
  const productTracked = p.stock?.trackInventory !== false;
  const entry = (sku: string, variantId: string, stock: V1Stock | undefined): SkuEntry => {
    const tracked = productTracked && stock?.trackQuantity !== false && stock?.trackInventory !== false;
    return {
      sku,
      productId: p.id,
      inventoryId: p.inventoryItemId,
      variantId,
      quantity: tracked && typeof stock?.quantity === 'number' ? stock.quantity : null,
    };
  };
  const variants = Array.isArray(p.variants) ? p.variants : [];
  for (const v of variants) {
    const sku = v.variant?.sku;
    if (sku && v.id && !out.has(sku)) out.set(sku, entry(sku, v.id, v.stock ?? p.stock));
  }
  // A product without managed variants carries its SKU itself; its single variant is the all-zero id.
  if (!p.manageVariants && p.sku && !out.has(p.sku)) {
    const only = variants.length === 1 ? variants[0] : undefined;
    out.set(p.sku, entry(p.sku, only?.id ?? ZERO_VARIANT_ID, only?.stock ?? p.stock));
  }
  return [...out.values()];
}

export function catalogV1(http: HttpClient, log: AdapterLogger, name: string, cache: AdapterCache, siteId: string): CatalogApi {
  let skuIndex: Promise<Map<string, Set<string>>> | undefined;
  const proofKey = `v1SkuFilterMatchesVariants:${siteId}`;

  async function query(filter: unknown, extra: { sort?: unknown; offset?: number }, signal?: AbortSignal): Promise<V1Product[]> {
    const res = await http.request<QueryResponse>({
      method: 'POST',
      path: QUERY_PATH,
      idempotent: true,
      signal,
      json: {
        // Catalog V1 takes filter and sort as JSON-encoded strings.
        query: {
          ...(filter === undefined ? {} : { filter: JSON.stringify(filter) }),
          ...(extra.sort === undefined ? {} : { sort: JSON.stringify(extra.sort) }),
          paging: { limit: PAGE, offset: extra.offset ?? 0 },
        },
        includeVariants: true,
        includeHiddenProducts: true,
      },
    });
    return Array.isArray(res.body?.products) ? res.body.products : [];
  }

  async function queryAllPages(filter: unknown, signal?: AbortSignal): Promise<V1Product[]> {
    const out: V1Product[] = [];
    for (let page = 0; page < MAX_FILTERED_PAGES; page++) {
      const products = await query(filter, { offset: page * PAGE }, signal);
      out.push(...products);
      if (products.length < PAGE) return out;
    }
    log.warn(`${name}: a products query matched more than ${MAX_FILTERED_PAGES * PAGE} products; the rest was not read`);
    return out;
  }

  /** sku -> product ids, from one scan of the whole catalog in numericId order (api notes: >10k items). */
  function catalogSkuIndex(signal?: AbortSignal): Promise<Map<string, Set<string>>> {
    if (!skuIndex) {
      skuIndex = (async () => {
        const index = new Map<string, Set<string>>();
        let last: string | undefined;
        for (let page = 0; page < MAX_SCAN_PAGES; page++) {
          const products = await query(last === undefined ? undefined : { numericId: { $gt: last } }, { sort: [{ numericId: 'asc' }] }, signal);
          for (const p of products) {
            for (const e of skuEntries(p)) {
              const ids = index.get(e.sku) ?? new Set<string>();
              ids.add(p.id);
              index.set(e.sku, ids);
            }
          }
          const next = products[products.length - 1]?.numericId;
          if (products.length < PAGE || next === undefined || next === last) return index;
          last = next;
        }
        log.warn(`${name}: stopped scanning the catalog after ${MAX_SCAN_PAGES * PAGE} products`);
        return index;
      })();
      skuIndex.catch(() => (skuIndex = undefined));
    }
    return skuIndex;
  }

  /**
   * The one place that depends on an UNCONFIRMED fact (api notes §1.2): whether the product-level
   * `sku` filter of the products query also matches variant SKUs. Safe either way:
   *  1. query `sku $hasSome <skus>` with includeVariants + includeHiddenProducts and match
   *     product.sku / variants[].variant.sku client-side;
   *  2. SKUs still unmatched are looked up in a SKU index built once per channel instance by
   *     scanning the whole catalog (numericId order), and the products holding them are re-read
   *     fresh by `id $in`.
   * The question settles itself: once the filter returns a product with managed variants (its own
   * sku is empty) for one of its variant SKUs, the filter provably matches variant SKUs; that is
   * remembered per site and step 2 is skipped from then on.
   * Cost per read batch of <= 100 SKUs: 1 request (+1 per further 100 matching products). Until the
   * proof exists and some SKU is unmatched: a one-time scan of ceil(products/100) requests per
   * channel instance (one sync run), then 1 request per 100 products found through the index.
   */
  async function findProductsBySku(skus: string[], signal?: AbortSignal): Promise<V1Product[]> {
    const wanted = new Set(skus);
    const found = new Map<string, V1Product>();
    for (const p of await queryAllPages({ sku: { $hasSome: skus } }, signal)) found.set(p.id, p);
    const matched = new Set<string>();
    let variantSkuMatched = false;
    for (const p of found.values()) {
      for (const e of skuEntries(p)) {
        if (!wanted.has(e.sku)) continue;
        matched.add(e.sku);
        if (p.manageVariants && !p.sku) variantSkuMatched = true;
      }
    }
    if (variantSkuMatched && cache.get(proofKey) !== 'yes') {
      cache.set(proofKey, 'yes');
      log.verbose(`${name}: the Catalog V1 sku filter matches variant SKUs on site ${siteId}; no catalog scans needed`);
    }
    const unmatched = skus.filter((s) => !matched.has(s));
    if (unmatched.length === 0 || cache.get(proofKey) === 'yes') return [...found.values()];

    if (!skuIndex) log.verbose(`${name}: scanning the Catalog V1 products once to look for ${unmatched.length} SKU(s) the sku filter did not return`);
    const index = await catalogSkuIndex(signal);
    const ids = new Set<string>();
    for (const sku of unmatched) for (const id of index.get(sku) ?? []) if (!found.has(id)) ids.add(id);
    const idList = [...ids];
    for (let i = 0; i < idList.length; i += PAGE) {
      for (const p of await queryAllPages({ id: { $in: idList.slice(i, i + PAGE) } }, signal)) found.set(p.id, p);
    }
    return [...found.values()];
  }

  return {
    label: 'V1',

    async read(skus, signal): Promise<RemoteItem[]> {
      const wanted = new Set(skus);
      const bySku = new Map<string, SkuEntry[]>();
      for (const p of await findProductsBySku([...wanted], signal)) {
        for (const e of skuEntries(p)) {
          if (!wanted.has(e.sku)) continue;
          const list = bySku.get(e.sku) ?? [];
          list.push(e);
          bySku.set(e.sku, list);
        }
      }
      const out: RemoteItem[] = [];
      for (const [sku, entries] of bySku) {
        if (entries.length > 1) {
          // Writing to one of several would be a guess; leave the SKU alone and say so.
          log.warn(`${name}: SKU ${sku} is on ${entries.length} Wix variants (${entries.map((e) => `${e.productId}/${e.variantId}`).join(', ')}); skipped`);
          continue;
        }
        const e = entries[0];
        out.push({ sku, quantity: e.quantity, ref: { catalog: 'V1', productId: e.productId, inventoryId: e.inventoryId, variantId: e.variantId } });
      }
      return out;
    },

    refProblem(ref) {
      return refString(ref, 'productId') && refString(ref, 'variantId') ? undefined : 'no Wix Catalog V1 product/variant id was read for it';
    },

    async adjust(direction: Direction, changes: Change[], signal): Promise<ItemOutcome[]> {
      const entries = changes.map((c) => ({
        productId: refString(c.ref, 'productId'),
        variantId: refString(c.ref, 'variantId'),
        ...(direction === 'increment' ? { incrementBy: c.delta } : { decrementBy: -c.delta }),
      }));
      await http.request({
        method: 'POST',
        path: `/stores/v2/inventoryItems/${direction}`,
        json: direction === 'increment' ? { incrementData: entries } : { decrementData: entries },
        signal,
      });
      // The V1 calls answer {} and apply the whole list or refuse it.
      return changes.map((c) => ({ sku: c.sku, status: 'applied' as const }));
    },
  };
}
