import { failed, type KindWriter, type PlannedChange, type WriteContext } from './context.js';
import { setStockLevel, stockKey } from './stock-level.js';

const unknownSku = (ctx: WriteContext, sku: string) => failed(ctx.headerOf('sku'), sku, `unknown SKU ${sku}: not a product in the store (import it with --type products first)`);

/** Stock: set the quantity of each SKU × warehouse. One row per SKU × warehouse per file. */
const duplicate = (sku: string, warehouse: string, firstRow: number) =>
  `duplicate SKU ${sku} for warehouse ${warehouse}: already on row ${firstRow} of this file (rows are not merged)`;

export function stockWriter(ctx: WriteContext): KindWriter {
  return {
    claimFailed(values, rowNumber) {
      const sku = values.sku as string | undefined;
      if (sku === undefined) return undefined;
      const warehouse = (values.warehouse as string | undefined) ?? ctx.warehouse;
      const seen = ctx.keys.claim(`s:${stockKey(sku, warehouse)}`, rowNumber);
      return seen ? { column: ctx.headerOf('sku'), raw: sku, reason: duplicate(sku, warehouse, seen.rowNumber) } : undefined;
    },
    replay(mapped, rowNumber) {
      const sku = mapped.values.sku as string | undefined;
      if (sku !== undefined) ctx.keys.claim(`s:${stockKey(sku, (mapped.values.warehouse as string | undefined) ?? ctx.warehouse)}`, rowNumber);
    },
    write(values, rowNumber) {
      const sku = values.sku as string;
      const warehouse = (values.warehouse as string | undefined) ?? ctx.warehouse;
      const quantity = values.quantity as number;
      const seen = ctx.keys.claim(`s:${stockKey(sku, warehouse)}`, rowNumber);
      if (seen) return failed(ctx.headerOf('sku'), sku, duplicate(sku, warehouse, seen.rowNumber));
      if (quantity < 0) return failed(ctx.headerOf('quantity'), String(quantity), `quantity cannot be negative (${quantity})`);
      if (!ctx.catalog.hasProduct(sku)) return unknownSku(ctx, sku);
      const before = ctx.catalog.getStock(sku, warehouse);
      if (before !== undefined && ctx.onExisting === 'skip') return { status: 'skipped' };
      const out: PlannedChange[] | undefined = ctx.explain ? [] : undefined;
      if (!setStockLevel(ctx, sku, warehouse, quantity, before, { reason: 'import', note: null }, out)) return { status: 'unchanged' };
      return { status: before === undefined ? 'inserted' : 'updated', changes: out };
    },
  };
}

/**
 * Stock adjustments add signed deltas. Several rows for one SKU are several movements (two
 * deliveries are two rows), so they are not duplicates. Stock never goes below zero.
 */
export function stockAdjustWriter(ctx: WriteContext): KindWriter {
  return {
    write(values) {
      const sku = values.sku as string;
      const warehouse = (values.warehouse as string | undefined) ?? ctx.warehouse;
      const delta = values.delta as number;
      if (!ctx.catalog.hasProduct(sku)) return unknownSku(ctx, sku);
      if (delta === 0) return { status: 'unchanged' };
      const before = ctx.catalog.getStock(sku, warehouse);
      const after = (before ?? 0) + delta;
      if (after < 0) return failed(ctx.headerOf('delta'), String(delta), `would take stock of ${sku} in ${warehouse} from ${before ?? 0} to ${after}`);
      const out: PlannedChange[] | undefined = ctx.explain ? [] : undefined;
      setStockLevel(ctx, sku, warehouse, after, before, { reason: 'adjust', note: (values.reason as string | undefined) ?? null }, out);
      return { status: before === undefined ? 'inserted' : 'updated', changes: out };
    },
  };
}
