import type { HttpClient } from '../../src/http/client.js';
import type { AdapterLogger, Change, ItemOutcome, RemoteItem } from '../../src/sync/channel.js';
import { refString, type CatalogApi, type Direction } from './catalog.js';

// Catalog V3 (current): one inventory item per variant and location. Read by
// `product.variantSku $in`, write through bulk increment/decrement by inventoryItemId; per-item
// failures come back inside a 200 response (api notes §1.4).

const PAGE = 100;
/** 100 SKUs on a few locations; a bound on the cursor loop, not an expected count. */
const MAX_PAGES = 50;

interface V3Item {
  id?: string;
  revision?: string;
  variantId?: string;
  locationId?: string;
  productId?: string;
  trackQuantity?: boolean;
  quantity?: number;
  inStock?: boolean;
  product?: { variantSku?: string };
}
interface QueryResponse {
  inventoryItems?: V3Item[];
  pagingMetadata?: { cursors?: { next?: string | null } };
}
interface BulkResponse {
  results?: Array<{ itemMetadata?: { originalIndex?: number; success?: boolean; error?: { code?: string; description?: string } } }>;
  bulkActionMetadata?: { undetailedFailures?: number };
}

export function catalogV3(http: HttpClient, log: AdapterLogger, name: string): CatalogApi {
  return {
    label: 'V3',

    async read(skus, signal): Promise<RemoteItem[]> {
      const wanted = new Set(skus);
      const items: V3Item[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        // With a cursor, Wix wants neither filter nor sort.
        const query = cursor
          ? { cursorPaging: { limit: PAGE, cursor } }
          : { filter: { 'product.variantSku': { $in: [...wanted] } }, cursorPaging: { limit: PAGE } };
        const res = await http.request<QueryResponse>({ method: 'POST', path: '/stores/v3/inventory-items/query', idempotent: true, signal, json: { query } });
        items.push(...(res.body?.inventoryItems ?? []));
        const next = res.body?.pagingMetadata?.cursors?.next;
        if (!next) break;
        if (page === MAX_PAGES - 1) log.warn(`${name}: inventory query for ${wanted.size} SKUs still had pages after ${MAX_PAGES}; the rest was not read`);
        cursor = next;
      }

      const bySku = new Map<string, V3Item[]>();
      for (const it of items) {
        const sku = it.product?.variantSku;
        if (!sku || !wanted.has(sku) || !it.id) continue;
        bySku.set(sku, [...(bySku.get(sku) ?? []), it]);
      }
      const out: RemoteItem[] = [];
      for (const [sku, list] of bySku) {
        if (list.length > 1) {
          // One item per location: integr syncs one quantity per SKU, so a multi-location SKU is left alone.
          log.warn(`${name}: SKU ${sku} has ${list.length} Wix inventory items (locations ${list.map((i) => i.locationId ?? '?').join(', ')}); skipped`);
          continue;
        }
        const it = list[0];
        const quantity = it.trackQuantity === false || typeof it.quantity !== 'number' ? null : it.quantity;
        out.push({
          sku,
          quantity,
          ref: { catalog: 'V3', inventoryItemId: it.id, variantId: it.variantId, productId: it.productId, locationId: it.locationId, revision: it.revision },
        });
      }
      return out;
    },

    refProblem(ref) {
      return refString(ref, 'inventoryItemId') ? undefined : 'no Wix Catalog V3 inventory item id was read for it';
    },

    async adjust(direction: Direction, changes: Change[], signal): Promise<ItemOutcome[]> {
      const data = changes.map((c) =>
        direction === 'increment' ? { inventoryItemId: refString(c.ref, 'inventoryItemId'), incrementBy: c.delta } : { inventoryItemId: refString(c.ref, 'inventoryItemId'), decrementBy: -c.delta },
      );
      const res = await http.request<BulkResponse>({
        method: 'POST',
        path: `/stores/v3/bulk/inventory-items/${direction}`,
        json: direction === 'increment' ? { incrementData: data, returnEntity: false, reason: 'MANUAL' } : { decrementData: data, returnEntity: false, reason: 'MANUAL' },
        signal,
      });
      const results = Array.isArray(res.body?.results) ? res.body.results : [];
      const byIndex = new Map<number, NonNullable<BulkResponse['results']>[number]>();
      results.forEach((r, i) => byIndex.set(typeof r.itemMetadata?.originalIndex === 'number' ? r.itemMetadata.originalIndex : i, r));
      return changes.map((c, i): ItemOutcome => {
        const meta = byIndex.get(i)?.itemMetadata;
        if (meta?.success === true) return { sku: c.sku, status: 'applied' };
        if (meta?.success === false) {
          const reason = [meta.error?.code, meta.error?.description].filter(Boolean).join(': ') || 'Wix reported a failure without details';
          return { sku: c.sku, status: 'failed', reason: `Wix: ${reason}` };
        }
        // No per-item result (Wix counts these as undetailed failures): whether it applied is unknown.
        return { sku: c.sku, status: 'unknown', reason: 'Wix returned no result for this item' };
      });
    },
  };
}
