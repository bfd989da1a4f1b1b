// How plan changes and item outcomes become journal rows: one mapping for the executor, the
// confirm-after-unknown loop and the poller.
import type { Change, ItemOutcome } from './channel.js';
import type { ItemState, NewRunItem } from '../store/runs.js';

export function plannedItem(c: Change): NewRunItem {
  return { sku: c.sku, remote: c.remote, target: c.target, delta: c.delta, price: c.price?.sale, listPrice: c.price?.list, ref: c.ref, state: 'planned' };
}

export function outcomeState(o: ItemOutcome): { sku: string; state: ItemState; batchId: string | null; error: string | null } {
  return {
    sku: o.sku,
    state: o.status,
    batchId: o.status === 'pending' ? o.batchId : null,
    error: o.status === 'failed' || o.status === 'unknown' ? o.reason : null,
  };
}
