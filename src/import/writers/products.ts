import { PRODUCT_DATA_FIELDS, type ProductState } from '../../store/catalog-writes.js';
import { KINDS } from '../kinds.js';
import type { FieldValue } from '../map-row.js';
import { failed, recordChange, type KindWriter, type PlannedChange, type RowStatus, type WriteContext } from './context.js';
import { setStockLevel } from './stock-level.js';

const COLUMN_FIELDS = ['name', 'barcode', 'price', 'list_price', 'currency', 'vat_rate', 'brand', 'category', 'description', 'weight'] as const;
const KNOWN = new Set(Object.keys(KINDS.products.fields));

/** Attributes are stored as JSON with sorted keys, so equal content is equal text. */
function mergeAttributes(current: string | null, extra: [string, FieldValue][]): string | null {
  if (!extra.length) return current;
  const obj = current ? (JSON.parse(current) as Record<string, unknown>) : {};
  for (const [k, v] of extra) obj[k] = v;
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) sorted[k] = obj[k];
  return JSON.stringify(sorted);
}

/**
 * Products are upserted by SKU. Only the columns the file has, and only non-empty cells, are
 * written: an empty cell never wipes a stored value. A SKU seen twice in one file is an error
 * on the second row (the first row wins, nothing is merged).
 */
const duplicate = (sku: string, firstRow: number) => `duplicate SKU ${sku}: already on row ${firstRow} of this file (rows are not merged)`;

/** Columns that are not product fields go to attributes. */
function extraColumns(values: Record<string, FieldValue>): [string, FieldValue][] {
  const extra: [string, FieldValue][] = [];
  for (const k in values) if (!KNOWN.has(k)) extra.push([k, values[k]]);
  return extra;
}

function newProduct(ctx: WriteContext, sku: string, values: Record<string, FieldValue>): ProductState {
  // Each field read by name, not in a loop over COLUMN_FIELDS: this runs once per new row, and
  // V8 keeps named reads fast where reads by a computed key go megamorphic.
  // The template types these columns as the product fields they fill (name text, price decimal...).
  const v = values as Partial<Pick<ProductState, (typeof COLUMN_FIELDS)[number]>>;
  return {
    sku,
    name: v.name ?? null, barcode: v.barcode ?? null, price: v.price ?? null, list_price: v.list_price ?? null,
    currency: v.currency ?? null, vat_rate: v.vat_rate ?? null, brand: v.brand ?? null, category: v.category ?? null,
    description: v.description ?? null, weight: v.weight ?? null,
    attributes: mergeAttributes(null, extraColumns(values)),
    created_at: ctx.now, updated_at: ctx.now, created_by_job: ctx.jobId, updated_by_job: ctx.jobId,
  };
}

export function productsWriter(ctx: WriteContext): KindWriter {
  let lastWasNew = false;
  return {
    claimFailed(values, rowNumber) {
      const sku = values.sku as string | undefined;
      if (sku === undefined) return undefined;
      const seen = ctx.keys.claim(`p:${sku}`, rowNumber);
      return seen ? { column: ctx.headerOf('sku'), raw: sku, reason: duplicate(sku, seen.rowNumber) } : undefined;
    },
    replay(mapped, rowNumber) {
      if (mapped.values.sku !== undefined) ctx.keys.claim(`p:${mapped.values.sku}`, rowNumber);
    },
    write(values, rowNumber) {
      const sku = values.sku as string;
      const seen = ctx.keys.claim(`p:${sku}`, rowNumber);
      if (seen) return failed(ctx.headerOf('sku'), sku, duplicate(sku, seen.rowNumber));
      const stock = values.stock as number | undefined;
      if (stock !== undefined && stock < 0) return failed(ctx.headerOf('stock'), String(stock), `stock cannot be negative (${stock})`);
      for (const f of ['price', 'list_price'] as const) {
        const v = values[f] as number | undefined;
        if (v !== undefined && v < 0) return failed(ctx.headerOf(f), String(v), `a price cannot be negative (${v})`);
      }

      // A file is mostly new SKUs or mostly known ones: after a new SKU, try the insert first (SQLite
      // checks the key as it inserts); after a known one, look it up first. Either order is correct.
      let existing: ProductState | undefined;
      let inserted: ProductState | undefined;
      if (lastWasNew) {
        const p = newProduct(ctx, sku, values);
        if (ctx.catalog.insertProductIfNew(p)) inserted = p;
      }
      if (!inserted) existing = ctx.catalog.getProduct(sku);
      if (existing && ctx.onExisting === 'skip') {
        lastWasNew = false;
        return { status: 'skipped' };
      }
      const out: PlannedChange[] | undefined = ctx.explain ? [] : undefined;

      let status: RowStatus = 'unchanged';
      if (!existing) {
        if (!inserted) {
          inserted = newProduct(ctx, sku, values);
          ctx.catalog.insertProduct(inserted);
        }
        recordChange(ctx, 'product', sku, null, inserted, PRODUCT_DATA_FIELDS, out);
        status = 'inserted';
      } else {
        const next: ProductState = { ...existing };
        let changed = false;
        const rec = next as unknown as Record<string, unknown>;
        for (const f of COLUMN_FIELDS) {
          const v = values[f];
          if (v !== undefined && rec[f] !== v) {
            rec[f] = v;
            changed = true;
          }
        }
        const attributes = mergeAttributes(existing.attributes, extraColumns(values));
        if (attributes !== existing.attributes) {
          next.attributes = attributes;
          changed = true;
        }
        if (changed) {
          next.updated_at = ctx.now;
          next.updated_by_job = ctx.jobId;
          ctx.catalog.updateProduct(next);
          recordChange(ctx, 'product', sku, existing, next, PRODUCT_DATA_FIELDS, out);
          status = 'updated';
        }
      }
      lastWasNew = status === 'inserted';
      if (stock !== undefined) {
        const before = existing ? ctx.catalog.getStock(sku, ctx.warehouse) : undefined;
        if (setStockLevel(ctx, sku, ctx.warehouse, stock, before, { reason: 'import', note: null }, out) && status === 'unchanged') status = 'updated';
      }
      return { status, changes: out };
    },
  };
}
