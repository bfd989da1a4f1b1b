import { QUANTITY_LIMIT, type FakeProduct, type WixCatalog } from './state.js';
import { applicationError, ok, validationError, type FakeResponse } from './wix-errors.js';

// Catalog V1: POST /stores(-reader)/v1/products/query and /stores/v2/inventoryItems/{increment,decrement}
// (api notes §1.2, §1.3). Filters and sorts are JSON-encoded strings; paging limit <= 100;
// increments/decrements carry <= 300 entries keyed by productId or inventoryId plus variantId.

export const V1_PAGE_MAX = 100;
export const V1_WRITE_MAX = 300;

export interface V1Options {
  /**
   * UNCONFIRMED in the API notes: whether the product-level `sku` filter also matches variant SKUs.
   * false (default): only the product's own SKU (products without managed variants) matches.
   */
  skuFilterMatchesVariants: boolean;
}

type Condition = (p: FakeProduct) => boolean;

const FIELD_OPS: Record<string, string[]> = {
  sku: ['$eq', '$ne', '$hasSome', '$contains', '$startsWith'],
  id: ['$eq', '$ne', '$hasSome', '$in'],
  numericId: ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'],
  name: ['$eq', '$ne', '$startsWith', '$contains'],
};

function fieldValues(p: FakeProduct, field: string, opts: V1Options): string[] {
  switch (field) {
    case 'sku':
      if (opts.skuFilterMatchesVariants) return p.variants.map((v) => v.sku);
      return [p.manageVariants ? '' : p.variants[0].sku];
    case 'id':
      return [p.id];
    case 'numericId':
      return [p.numericId];
    default:
      return [p.name];
  }
}

function compareNumeric(a: string, b: unknown): number {
  const x = BigInt(a);
  const y = BigInt(String(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

function parseFilter(raw: unknown, opts: V1Options): Condition[] | FakeResponse {
  if (raw === undefined) return [];
  if (typeof raw !== 'string') return validationError('query.filter', 'must be a JSON-encoded string', 'TYPE');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return validationError('query.filter', 'is not valid JSON', 'FORMAT');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return validationError('query.filter', 'must encode an object', 'TYPE');
  const conditions: Condition[] = [];
  for (const [field, spec] of Object.entries(parsed as Record<string, unknown>)) {
    const ops = FIELD_OPS[field];
    if (!ops) return validationError('query.filter', `field "${field}" is not filterable`, 'FILTER_FIELD');
    const entries = spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? Object.entries(spec as Record<string, unknown>) : [['$eq', spec] as [string, unknown]];
    for (const [op, value] of entries) {
      if (!ops.includes(op)) return validationError('query.filter', `operator ${op} is not supported on "${field}"`, 'FILTER_OPERATOR');
      const list = op === '$hasSome' || op === '$in';
      if (list && !Array.isArray(value)) return validationError('query.filter', `${field}.${op} needs an array`, 'TYPE');
      const set = list ? new Set((value as unknown[]).map(String)) : undefined;
      conditions.push((p) => {
        const vals = fieldValues(p, field, opts);
        switch (op) {
          case '$eq':
            return vals.some((v) => v === String(value));
          case '$ne':
            return vals.every((v) => v !== String(value));
          case '$hasSome':
          case '$in':
            return vals.some((v) => set!.has(v));
          case '$contains':
            return vals.some((v) => v.includes(String(value)));
          case '$startsWith':
            return vals.some((v) => v.startsWith(String(value)));
          case '$gt':
            return compareNumeric(vals[0], value) > 0;
          case '$gte':
            return compareNumeric(vals[0], value) >= 0;
          case '$lt':
            return compareNumeric(vals[0], value) < 0;
          default:
            return compareNumeric(vals[0], value) <= 0;
        }
      });
    }
  }
  return conditions;
}

function parseSort(raw: unknown): ((a: FakeProduct, b: FakeProduct) => number) | FakeResponse | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return validationError('query.sort', 'must be a JSON-encoded string', 'TYPE');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return validationError('query.sort', 'is not valid JSON', 'FORMAT');
  }
  const first = Array.isArray(parsed) ? (parsed[0] as Record<string, string> | undefined) : undefined;
  if (!first) return undefined;
  const [field, order] = Object.entries(first)[0] ?? [];
  if (field !== 'numericId' && field !== 'name') return validationError('query.sort', `field "${field}" is not sortable`, 'SORT_FIELD');
  const sign = String(order).toLowerCase() === 'desc' ? -1 : 1;
  return field === 'numericId' ? (a, b) => sign * compareNumeric(a.numericId, b.numericId) : (a, b) => sign * a.name.localeCompare(b.name);
}

function renderProduct(p: FakeProduct, includeVariants: boolean): Record<string, unknown> {
  const total = p.variants.reduce((n, v) => n + v.quantity, 0);
  const inStockCount = p.variants.filter((v) => v.inStock).length;
  const status = inStockCount === 0 ? 'OUT_OF_STOCK' : inStockCount < p.variants.length ? 'PARTIALLY_OUT_OF_STOCK' : 'IN_STOCK';
  const product: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    slug: p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    visible: p.visible,
    productType: 'physical',
    sku: p.manageVariants ? '' : p.variants[0].sku,
    manageVariants: p.manageVariants,
    inventoryItemId: p.inventoryItemId,
    numericId: p.numericId,
    createdDate: p.createdDate,
    stock: p.trackInventory
      ? { trackInventory: true, quantity: total, inStock: inStockCount > 0, inventoryStatus: status }
      : { trackInventory: false, inStock: inStockCount > 0, inventoryStatus: status },
  };
  if (includeVariants) {
    product.variants = p.variants.map((v) => ({
      id: v.v1Id,
      choices: v.choices,
      variant: { sku: v.sku, visible: true },
      stock: p.trackInventory ? { trackQuantity: true, quantity: v.quantity, inStock: v.inStock } : { trackQuantity: false, inStock: v.inStock },
    }));
  }
  return product;
}

export function queryProducts(catalog: WixCatalog, body: Record<string, unknown>, opts: V1Options): FakeResponse {
  const query = (body.query ?? {}) as Record<string, unknown>;
  const paging = (query.paging ?? {}) as { limit?: unknown; offset?: unknown };
  const limit = paging.limit === undefined ? V1_PAGE_MAX : Number(paging.limit);
  const offset = paging.offset === undefined ? 0 : Number(paging.offset);
  if (!Number.isInteger(limit) || limit < 0) return validationError('query.paging.limit', 'must be a non-negative integer', 'TYPE');
  if (limit > V1_PAGE_MAX) return validationError('query.paging.limit', `must be less than or equal to ${V1_PAGE_MAX}`, 'MAX', { threshold: V1_PAGE_MAX });
  if (!Number.isInteger(offset) || offset < 0) return validationError('query.paging.offset', 'must be a non-negative integer', 'TYPE');
  const conditions = parseFilter(query.filter, opts);
  if (!Array.isArray(conditions)) return conditions;
  const sort = parseSort(query.sort);
  if (sort && typeof sort !== 'function') return sort;

  let matched = catalog.products.filter((p) => (body.includeHiddenProducts === true || p.visible) && conditions.every((c) => c(p)));
  if (sort) matched = [...matched].sort(sort);
  const page = matched.slice(offset, offset + limit);
  return ok({
    products: page.map((p) => renderProduct(p, body.includeVariants === true)),
    metadata: { items: page.length, offset },
    totalResults: matched.length,
  });
}

export interface WriteResult {
  response: FakeResponse;
  /** SKUs whose injected item failure was used by this call. */
  injectedUsed: string[];
}

/** Increment or decrement (all-or-nothing: every entry is checked before any is applied). */
export function adjustInventory(catalog: WixCatalog, body: Record<string, unknown>, direction: 'increment' | 'decrement', failSkus: ReadonlySet<string>): WriteResult {
  const listKey = direction === 'increment' ? 'incrementData' : 'decrementData';
  const amountKey = direction === 'increment' ? 'incrementBy' : 'decrementBy';
  const data = body[listKey];
  const fail = (response: FakeResponse, injectedUsed: string[] = []): WriteResult => ({ response, injectedUsed });
  if (!Array.isArray(data)) return fail(validationError(listKey, 'is required and must be an array', 'REQUIRED'));
  if (data.length === 0) return fail(validationError(listKey, 'must contain at least 1 element', 'MIN_SIZE'));
  if (data.length > V1_WRITE_MAX) return fail(validationError(listKey, `must contain at most ${V1_WRITE_MAX} elements`, 'MAX_SIZE', { threshold: V1_WRITE_MAX }));

  const planned: Array<{ hit: NonNullable<ReturnType<WixCatalog['findV1']>>; delta: number }> = [];
  const projected = new Map<object, number>();
  for (let i = 0; i < data.length; i++) {
    const e = (data[i] ?? {}) as Record<string, unknown>;
    const productId = (e.productId ?? (direction === 'decrement' ? e.externalId : undefined)) as unknown;
    const inventoryId = e.inventoryId as unknown;
    const field = `${listKey}[${i}]`;
    if ((productId === undefined) === (inventoryId === undefined)) return fail(validationError(field, 'exactly one of productId or inventoryId is required', 'ONE_OF'));
    if (typeof e.variantId !== 'string') return fail(validationError(`${field}.variantId`, 'is required', 'REQUIRED'));
    const amount = e[amountKey];
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) return fail(validationError(`${field}.${amountKey}`, 'must be a positive integer', 'MIN'));
    const hit = catalog.findV1({ productId: productId as string | undefined, inventoryId: inventoryId as string | undefined, variantId: e.variantId });
    if (!hit) {
      return fail(applicationError(404, 'Inventory item not found', 'INVENTORY_ITEM_NOT_FOUND', `no variant ${e.variantId} on ${productId !== undefined ? `product ${String(productId)}` : `inventory item ${String(inventoryId)}`}`, { index: i }));
    }
    if (failSkus.has(hit.variant.sku)) {
      return fail(applicationError(400, 'Inventory update failed', 'INVENTORY_UPDATE_FAILED', `variant ${hit.variant.v1Id} (SKU ${hit.variant.sku}) could not be updated`, { index: i }), [hit.variant.sku]);
    }
    if (!hit.product.trackInventory) {
      return fail(applicationError(400, 'Inventory is not tracked', 'INVENTORY_NOT_TRACKED', `product ${hit.product.id} does not track quantities`, { index: i }));
    }
    const delta = direction === 'increment' ? amount : -amount;
    const next = (projected.get(hit.variant) ?? hit.variant.quantity) + delta;
    if (Math.abs(next) > QUANTITY_LIMIT) {
      return fail(applicationError(400, 'Quantity out of range', 'QUANTITY_OUT_OF_RANGE', `quantity would become ${next}; allowed -${QUANTITY_LIMIT}..${QUANTITY_LIMIT}`, { index: i }));
    }
    projected.set(hit.variant, next);
    planned.push({ hit, delta });
  }
  for (const { hit, delta } of planned) catalog.adjust(hit.variant, delta);
  return { response: ok({}), injectedUsed: [] };
}
