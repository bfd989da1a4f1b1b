// Writing: turn the engine's changes into price-and-inventory items, refusing before sending what
// Trendyol would reject (listPrice below salePrice, quantities outside 0..20,000, no barcode). Pure.
import type { Change, ItemOutcome } from '../../src/sync/channel.js';
import { listPriceFor } from './unconfirmed.js';

export interface TrendyolWriteItem {
  barcode: string;
  quantity?: number;
  salePrice?: number;
  listPrice?: number;
}

export interface WritePlan {
  /** Items to send, in the order of the changes, each with the SKU it came from. */
  send: { sku: string; item: TrendyolWriteItem }[];
  /** Changes refused before sending, as 'failed' outcomes. */
  refused: Extract<ItemOutcome, { status: 'failed' }>[];
}

const cents = (v: number) => Math.round(v * 100);
const refNumber = (ref: Record<string, unknown>, key: string): number | null => {
  const v = ref[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

export function planWrite(changes: readonly Change[], options: { prices: boolean; maxQuantity: number }): WritePlan {
  const plan: WritePlan = { send: [], refused: [] };
  const skuByBarcode = new Map<string, string>();
  const refuse = (sku: string, reason: string) => plan.refused.push({ sku, status: 'failed', reason });

  for (const c of changes) {
    const barcode = typeof c.ref.barcode === 'string' ? c.ref.barcode.trim() : '';
    if (!barcode) {
      refuse(c.sku, 'no Trendyol barcode is known for this SKU (it must be read before it is written)');
      continue;
    }
    const other = skuByBarcode.get(barcode);
    if (other !== undefined) {
      refuse(c.sku, `barcode ${barcode} is already written for SKU ${other} in this batch`);
      continue;
    }
    if (!Number.isInteger(c.target) || c.target < 0) {
      refuse(c.sku, `quantity ${c.target} is not a whole number of 0 or more`);
      continue;
    }
    if (c.target > options.maxQuantity) {
      refuse(c.sku, `quantity ${c.target} is above Trendyol's maximum of ${options.maxQuantity} per product`);
      continue;
    }

    const item: TrendyolWriteItem = { barcode };
    let priceChanged = false;
    if (options.prices && c.price) {
      const sale = c.price.sale;
      const list = listPriceFor(sale, c.price.list, refNumber(c.ref, 'listPrice'));
      if (!Number.isFinite(sale) || sale <= 0) {
        refuse(c.sku, `salePrice ${sale} is not a positive amount`);
        continue;
      }
      if (!Number.isFinite(list) || cents(list) < cents(sale)) {
        refuse(c.sku, `listPrice ${list} is below salePrice ${sale}: Trendyol requires listPrice ≥ salePrice (listPrice is the crossed-out price); fix the product's prices`);
        continue;
      }
      const remoteSale = refNumber(c.ref, 'salePrice');
      const remoteList = refNumber(c.ref, 'listPrice');
      priceChanged = remoteSale === null || remoteList === null || cents(remoteSale) !== cents(sale) || cents(remoteList) !== cents(list);
      if (priceChanged) {
        item.salePrice = sale;
        item.listPrice = list;
      }
    }
    // A price-only change leaves the quantity out, so an order taken meanwhile is not overwritten.
    if (c.delta !== 0 || !priceChanged) item.quantity = c.target;
    skuByBarcode.set(barcode, c.sku);
    plan.send.push({ sku: c.sku, item });
  }
  return plan;
}

/** Whether Trendyol's current values show everything a sent item asked for (how a write with a lost batch id is confirmed). */
export function isReflected(item: TrendyolWriteItem, remote: { quantity: number | null; salePrice: number | null; listPrice: number | null }): boolean {
  if (item.quantity !== undefined && remote.quantity !== item.quantity) return false;
  if (item.salePrice !== undefined && (remote.salePrice === null || cents(remote.salePrice) !== cents(item.salePrice))) return false;
  if (item.listPrice !== undefined && (remote.listPrice === null || cents(remote.listPrice) !== cents(item.listPrice))) return false;
  return true;
}
