// The sync planner: local targets × remote state → what to push. Pure: no store, no network, no clock.
import type { Change, RemoteItem } from './channel.js';
import type { LocalStockItem } from '../store/stock.js';

export interface TargetRules {
  /** Warehouses that feed the channel; undefined = all. */
  warehouses?: string[];
  /** Units held back per SKU. */
  buffer: number;
  /** The platform's maximum quantity. */
  maxQuantity: number;
}

export interface Target {
  sku: string;
  target: number;
  /** The local quantity (after buffer) exceeded the platform's maximum and was clamped. */
  capped: boolean;
}

/** Target per SKU = sum of the channel's warehouses − buffer, clamped to [0, maxQuantity]. */
export function targetFor(item: LocalStockItem, rules: TargetRules): Target {
  let sum = 0;
  for (const [wh, q] of Object.entries(item.warehouses)) {
    if (!rules.warehouses || rules.warehouses.includes(wh)) sum += q;
  }
  const raw = sum - rules.buffer;
  const target = Math.min(Math.max(raw, 0), rules.maxQuantity);
  return { sku: item.sku, target, capped: raw > rules.maxQuantity };
}

/**
 * A product with no stock row in any warehouse has no known stock (created from an order line, or
 * imported from a catalog without a stock column): it is left alone, never pushed as 0. A stock row
 * of 0, or stock that fell to 0, is known, and its zero is pushed.
 */
export function splitByLocalStock(locals: LocalStockItem[]): { stocked: LocalStockItem[]; noStock: string[] } {
  const stocked: LocalStockItem[] = [];
  const noStock: string[] = [];
  for (const l of locals) {
    let known = false;
    for (const _ in l.warehouses) {
      known = true;
      break;
    }
    if (known) stocked.push(l);
    else noStock.push(l.sku);
  }
  return { stocked, noStock };
}

export interface PlanInput {
  locals: LocalStockItem[];
  remote: Map<string, RemoteItem>;
  rules: TargetRules;
  /** Compare and push prices too (the channel's capabilities.prices). */
  prices: boolean;
}

export interface Plan {
  changes: (Change & { capped: boolean })[];
  unchanged: string[];
  notFound: string[];
  untracked: string[];
  capped: string[];
}

const samePrice = (a: number | null | undefined, b: number | null | undefined) =>
  (a ?? null) === (b ?? null) || (a != null && b != null && Math.abs(a - b) < 0.005);

/**
 * Every SKU with local stock is considered, including those whose stock fell to 0 (a sync that
 * only looked at stock > 0 would never push the zero). SKUs with no stock row at all are split off
 * before (splitByLocalStock).
 */
export function planSync(input: PlanInput): Plan {
  const plan: Plan = { changes: [], unchanged: [], notFound: [], untracked: [], capped: [] };
  for (const local of input.locals) {
    const remote = input.remote.get(local.sku);
    if (!remote) {
      plan.notFound.push(local.sku);
      continue;
    }
    if (remote.quantity === null) {
      plan.untracked.push(local.sku);
      continue;
    }
    const { target, capped } = targetFor(local, input.rules);
    if (capped) plan.capped.push(local.sku);
    const delta = target - remote.quantity;
    let price: Change['price'];
    if (input.prices && local.price !== null && local.price > 0) {
      const list = local.listPrice ?? null;
      if (!samePrice(remote.price?.sale, local.price) || (list !== null && !samePrice(remote.price?.list, list))) price = { sale: local.price, list };
    }
    if (delta === 0 && !price) {
      plan.unchanged.push(local.sku);
      continue;
    }
    plan.changes.push({ sku: local.sku, ref: remote.ref, remote: remote.quantity, target, delta, capped, ...(price ? { price } : {}) });
  }
  return plan;
}
