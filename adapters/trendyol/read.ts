// Reading: which inventory-and-price queries cover a batch of local items, what a page of the answer
// says, and which Trendyol variant belongs to which local SKU. Pure: no network.
import { IntegrError } from '../../src/errors.js';
import type { LocalItem, RemoteItem } from '../../src/sync/channel.js';
import { LIMITS } from './api.js';

export type MatchBy = 'barcode' | 'sku';

export interface InventoryQuery {
  barcodes?: string[];
  stockCode?: string;
}

export interface TrendyolVariant {
  barcode: string;
  stockCode: string | null;
  quantity: number | null;
  salePrice: number | null;
  listPrice: number | null;
  variantId: number | null;
  contentId: number | null;
}

export interface InventoryPage {
  page: number;
  totalPages: number;
  totalElements: number;
  variants: TrendyolVariant[];
}

const clean = (v: string | null | undefined): string => (v ?? '').trim();

/** Distinct local barcodes in queries of at most 50, and the items that have no barcode at all. */
export function barcodeQueries(items: readonly LocalItem[]): { queries: InventoryQuery[]; withoutBarcode: LocalItem[] } {
  const barcodes: string[] = [];
  const seen = new Set<string>();
  const withoutBarcode: LocalItem[] = [];
  for (const it of items) {
    const b = clean(it.barcode);
    if (!b) withoutBarcode.push(it);
    else if (!seen.has(b)) {
      seen.add(b);
      barcodes.push(b);
    }
  }
  const queries: InventoryQuery[] = [];
  for (let i = 0; i < barcodes.length; i += LIMITS.readBarcodes) queries.push({ barcodes: barcodes.slice(i, i + LIMITS.readBarcodes) });
  return { queries, withoutBarcode };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Validate one page of GET .../products/approved/inventory-and-price and flatten its variants. */
export function parseInventoryPage(body: unknown, where: string): InventoryPage {
  const fail = (why: string) => new IntegrError('REMOTE_ERROR', `${where}: unexpected inventory-and-price answer: ${why}`);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw fail('not a JSON object');
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.content)) throw fail('no "content" list');
  const variants: TrendyolVariant[] = [];
  for (const product of b.content as unknown[]) {
    const p = (product ?? {}) as Record<string, unknown>;
    if (!Array.isArray(p.variants)) throw fail('a product without a "variants" list');
    for (const variant of p.variants as unknown[]) {
      const v = (variant ?? {}) as Record<string, unknown>;
      if (typeof v.barcode !== 'string' || !v.barcode.trim()) throw fail('a variant without a barcode');
      variants.push({
        barcode: v.barcode.trim(),
        stockCode: typeof v.stockCode === 'string' && v.stockCode.trim() ? v.stockCode.trim() : null,
        quantity: num(v.quantity),
        salePrice: num(v.salePrice),
        listPrice: num(v.listPrice),
        variantId: num(v.variantId),
        contentId: num(p.contentId),
      });
    }
  }
  const page = num(b.page) ?? 0;
  const totalPages = num(b.totalPages) ?? (variants.length ? page + 1 : 0);
  return { page, totalPages, totalElements: num(b.totalElements) ?? variants.length, variants };
}

/** The page numbers to fetch after page 0, bounded by Trendyol's page × size window. */
export function remainingPages(first: InventoryPage, size: number): number[] {
  const lastAllowed = Math.floor(LIMITS.pagingWindow / size) - 1;
  const last = Math.min(first.totalPages - 1, lastAllowed);
  const pages: number[] = [];
  for (let p = first.page + 1; p <= last; p++) pages.push(p);
  return pages;
}

export function toRemoteItem(sku: string, v: TrendyolVariant): RemoteItem {
  const ref: Record<string, unknown> = { barcode: v.barcode, stockCode: v.stockCode, salePrice: v.salePrice, listPrice: v.listPrice };
  if (v.variantId !== null) ref.variantId = v.variantId;
  if (v.contentId !== null) ref.contentId = v.contentId;
  return { sku, quantity: v.quantity, price: { sale: v.salePrice, list: v.listPrice }, ref };
}

export interface MatchResult {
  found: RemoteItem[];
  /** Local items no variant was matched to (yet). */
  unmatched: LocalItem[];
  warnings: string[];
}

/**
 * Pair local items with variants by barcode, or by SKU = stockCode. Ambiguous pairs are left out with a
 * warning. `claimedBy` (barcode → SKU) lives as long as the channel, so two local SKUs sharing a barcode
 * in different read batches are caught too.
 */
export function matchVariants(
  items: readonly LocalItem[],
  variants: readonly TrendyolVariant[],
  matchBy: MatchBy,
  claimedBy: Map<string, string> = new Map(),
): MatchResult {
  const byKey = new Map<string, TrendyolVariant[]>();
  for (const v of variants) {
    const key = matchBy === 'barcode' ? v.barcode : v.stockCode;
    if (!key) continue;
    const list = byKey.get(key) ?? [];
    // The same variant can come back twice (two pages, two queries); it is still one variant.
    if (!list.some((x) => x.barcode === v.barcode)) list.push(v);
    byKey.set(key, list);
  }
  const found: RemoteItem[] = [];
  const unmatched: LocalItem[] = [];
  const warnings: string[] = [];
  for (const it of items) {
    const key = matchBy === 'barcode' ? clean(it.barcode) : clean(it.sku);
    const candidates = key ? byKey.get(key) : undefined;
    if (!candidates?.length) {
      unmatched.push(it);
      continue;
    }
    if (candidates.length > 1) {
      warnings.push(`SKU ${it.sku}: stockCode matches ${candidates.length} Trendyol variants (barcodes ${candidates.map((c) => c.barcode).join(', ')}); left out`);
      continue;
    }
    const v = candidates[0];
    const owner = claimedBy.get(v.barcode);
    if (owner !== undefined && owner !== it.sku) {
      warnings.push(`SKU ${it.sku}: barcode ${v.barcode} already belongs to SKU ${owner}; only ${owner} is synced`);
      continue;
    }
    claimedBy.set(v.barcode, it.sku);
    found.push(toRemoteItem(it.sku, v));
  }
  return { found, unmatched, warnings };
}
