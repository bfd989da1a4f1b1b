import type { PlannedChange, WriteContext } from './context.js';
import { explainChange } from './context.js';

export const stockKey = (sku: string, warehouse: string) => `${sku}|${warehouse}`;

/**
 * Set one SKU × warehouse to a quantity: the stock row and its stock movement (which, with its
 * job id and the quantity before, is what a rollback restores from). Returns whether anything changed.
 */
export function setStockLevel(
  ctx: WriteContext,
  sku: string,
  warehouse: string,
  quantity: number,
  before: number | undefined,
  movement: { reason: 'import' | 'adjust'; note: string | null },
  out: PlannedChange[] | undefined,
): boolean {
  if (before === quantity) return false;
  ctx.catalog.putStock(sku, warehouse, quantity, ctx.now);
  ctx.catalog.addMovement({
    sku,
    warehouse,
    delta: quantity - (before ?? 0),
    quantityBefore: before ?? null,
    quantityAfter: quantity,
    reason: movement.reason,
    jobId: ctx.jobId,
    note: movement.note,
    at: ctx.now,
  });
  if (out) explainChange('stock', stockKey(sku, warehouse), before === undefined ? null : { quantity: before }, { quantity }, ['quantity'], out);
  return true;
}
