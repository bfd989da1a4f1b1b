import { DEFAULT_LOCATION_ID, QUANTITY_LIMIT, type FakeProduct, type FakeVariant, type WixCatalog } from './state.js';
import { ok, validationError, type FakeResponse } from './wix-errors.js';
import type { WriteResult } from './catalog-v1.js';

// Catalog V3: POST /stores/v3/inventory-items/query (object filter, cursorPaging, limit <= 1000) and
// POST /stores/v3/bulk/inventory-items/{increment,decrement} (1..300 items, amount 1..99999,
// per-item failures inside a 200 response) — api notes §1.4. One location per site here.

export const V3_PAGE_MAX = 1000;
export const V3_WRITE_MAX = 300;

interface Row {
  product: FakeProduct;
  variant: FakeVariant;
}

const FILTER_FIELDS: Record<string, (r: Row) => unknown> = {
  'product.variantSku': (r) => r.variant.sku,
  'product.name': (r) => r.product.name,
  productId: (r) => r.product.id,
  variantId: (r) => r.variant.v3Id,
  id: (r) => r.variant.v3InventoryItemId,
  locationId: () => DEFAULT_LOCATION_ID,
  trackQuantity: (r) => r.product.trackInventory,
};

export function renderItem(r: Row): Record<string, unknown> {
  const { product, variant } = r;
  const variantName = product.manageVariants ? Object.values(variant.choices).join(' / ') : '';
  const item: Record<string, unknown> = {
    id: variant.v3InventoryItemId,
    revision: String(variant.revision),
    createdDate: product.createdDate,
    updatedDate: variant.updatedDate,
    variantId: variant.v3Id,
    locationId: DEFAULT_LOCATION_ID,
    productId: product.id,
    trackQuantity: product.trackInventory,
    availabilityStatus: variant.inStock ? 'IN_STOCK' : 'OUT_OF_STOCK',
    preorderInfo: { enabled: false },
    product: { name: product.name, variantName, variantSku: variant.sku, variantVisible: true },
  };
  // Tracking is a one-of: quantity when tracked, inStock when not.
  if (product.trackInventory) item.quantity = variant.quantity;
  else item.inStock = variant.inStock;
  return item;
}

type Predicate = (r: Row) => boolean;

function parseFilter(raw: unknown): Predicate[] | FakeResponse {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) return validationError('query.filter', 'must be an object', 'TYPE');
  const out: Predicate[] = [];
  for (const [field, spec] of Object.entries(raw as Record<string, unknown>)) {
    const get = FILTER_FIELDS[field];
    if (!get) return validationError('query.filter', `field "${field}" is not filterable`, 'FILTER_FIELD');
    const entries = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? Object.entries(spec as Record<string, unknown>) : [['$eq', spec] as [string, unknown]];
    for (const [op, value] of entries) {
      if (op === '$eq') out.push((r) => get(r) === value);
      else if (op === '$ne') out.push((r) => get(r) !== value);
      else if (op === '$in') {
        if (!Array.isArray(value)) return validationError('query.filter', `${field}.$in needs an array`, 'TYPE');
        const set = new Set(value);
        out.push((r) => set.has(get(r)));
      } else if (op === '$startsWith') out.push((r) => String(get(r)).startsWith(String(value)));
      else return validationError('query.filter', `operator ${op} is not supported on "${field}"`, 'FILTER_OPERATOR');
    }
  }
  return out;
}

interface CursorState {
  filter: unknown;
  offset: number;
}

const encodeCursor = (c: CursorState) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string): CursorState | undefined {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as CursorState;
    return typeof c.offset === 'number' ? c : undefined;
  } catch {
    return undefined;
  }
}

export function queryInventoryItems(catalog: WixCatalog, body: Record<string, unknown>): FakeResponse {
  const query = (body.query ?? {}) as Record<string, unknown>;
  const cursorPaging = query.cursorPaging as { limit?: unknown; cursor?: unknown } | undefined;
  const paging = query.paging as { limit?: unknown; offset?: unknown } | undefined;
  const limit = Number(cursorPaging?.limit ?? paging?.limit ?? 100);
  if (!Number.isInteger(limit) || limit < 0) return validationError('query.cursorPaging.limit', 'must be a non-negative integer', 'TYPE');
  if (limit > V3_PAGE_MAX) return validationError(cursorPaging ? 'query.cursorPaging.limit' : 'query.paging.limit', `must be less than or equal to ${V3_PAGE_MAX}`, 'MAX', { threshold: V3_PAGE_MAX });

  let filter: unknown = query.filter;
  let offset = Number(paging?.offset ?? 0);
  const cursor = cursorPaging?.cursor;
  if (typeof cursor === 'string' && cursor !== '') {
    if (query.filter !== undefined || query.sort !== undefined) return validationError('query.cursorPaging.cursor', 'filter and sort must not be sent together with a cursor', 'CURSOR_WITH_FILTER');
    const state = decodeCursor(cursor);
    if (!state) return validationError('query.cursorPaging.cursor', 'is not a valid cursor', 'FORMAT');
    filter = state.filter;
    offset = state.offset;
  }
  const predicates = parseFilter(filter);
  if (!Array.isArray(predicates)) return predicates;

  const rows: Row[] = [];
  for (const product of catalog.products) for (const variant of product.variants) rows.push({ product, variant });
  const matched = rows.filter((r) => predicates.every((p) => p(r)));
  const page = matched.slice(offset, offset + limit);
  const hasNext = offset + page.length < matched.length;
  const pagingMetadata: Record<string, unknown> = { count: page.length };
  if (cursorPaging) pagingMetadata.cursors = { next: hasNext ? encodeCursor({ filter, offset: offset + page.length }) : null, prev: null };
  else pagingMetadata.offset = offset;
  pagingMetadata.hasNext = hasNext;
  return ok({ inventoryItems: page.map(renderItem), pagingMetadata });
}

function itemFailure(index: number, id: unknown, code: string, description: string) {
  return { itemMetadata: { id: typeof id === 'string' ? id : null, originalIndex: index, success: false, error: { code, description, data: {} } }, item: null };
}

/** Bulk increment/decrement: each item succeeds or fails on its own, the HTTP status stays 200. */
export function bulkAdjust(catalog: WixCatalog, body: Record<string, unknown>, direction: 'increment' | 'decrement', failSkus: ReadonlySet<string>): WriteResult {
  const listKey = direction === 'increment' ? 'incrementData' : 'decrementData';
  const amountKey = direction === 'increment' ? 'incrementBy' : 'decrementBy';
  const data = body[listKey];
  if (!Array.isArray(data)) return { response: validationError(listKey, 'is required and must be an array', 'REQUIRED'), injectedUsed: [] };
  if (data.length < 1 || data.length > V3_WRITE_MAX) {
    return { response: validationError(listKey, `must contain between 1 and ${V3_WRITE_MAX} elements`, data.length < 1 ? 'MIN_SIZE' : 'MAX_SIZE', { threshold: V3_WRITE_MAX }), injectedUsed: [] };
  }
  const injectedUsed: string[] = [];
  // Error codes below are this fake's own names: the notes document the failure form, not the codes.
  const results = data.map((raw, index) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const id = e.inventoryItemId;
    const amount = e[amountKey];
    if (typeof id !== 'string') return itemFailure(index, id, 'INVALID_ARGUMENT', 'inventoryItemId is required');
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > QUANTITY_LIMIT) {
      return itemFailure(index, id, 'INVALID_AMOUNT', `${amountKey} must be an integer between 1 and ${QUANTITY_LIMIT}`);
    }
    const hit = catalog.findV3Item(id);
    if (!hit) return itemFailure(index, id, 'INVENTORY_ITEM_NOT_FOUND', `inventory item ${id} not found`);
    if (failSkus.has(hit.variant.sku) && !injectedUsed.includes(hit.variant.sku)) {
      injectedUsed.push(hit.variant.sku);
      return itemFailure(index, id, 'INVENTORY_UPDATE_FAILED', `inventory item ${id} could not be updated`);
    }
    if (!hit.product.trackInventory) return itemFailure(index, id, 'TRACK_QUANTITY_DISABLED', 'trackQuantity must be true to change quantities');
    const delta = direction === 'increment' ? amount : -amount;
    const next = hit.variant.quantity + delta;
    if (Math.abs(next) > QUANTITY_LIMIT) return itemFailure(index, id, 'QUANTITY_OUT_OF_RANGE', `quantity would become ${next}; allowed -${QUANTITY_LIMIT}..${QUANTITY_LIMIT}`);
    catalog.adjust(hit.variant, delta);
    return { itemMetadata: { id, originalIndex: index, success: true }, item: body.returnEntity === true ? renderItem(hit) : null };
  });
  const failures = results.filter((r) => !r.itemMetadata.success).length;
  return {
    response: ok({ results, bulkActionMetadata: { totalSuccesses: results.length - failures, totalFailures: failures, undetailedFailures: 0 } }),
    injectedUsed,
  };
}
