import type { LoadedConfig } from '../config/load.js';
import type { OrderShipment } from '../store/shipments.js';
import type { Store } from '../store/store.js';
import { configuredCarriers } from './open-carrier.js';
import { resolveCarrier } from './resolve-carrier.js';

/**
 * Orders with a shipment, optionally by status and carrier. The carrier filter matches the config
 * name an order resolves to, so orders still carrying an imported name ("Yurtiçi Kargo") are found too.
 */
export function listShipments(deps: { loaded: LoadedConfig; store: Store }, filter: { status?: string; carrier?: string; limit?: number } = {}): OrderShipment[] {
  const rows = deps.store.shipments.list({ status: filter.status });
  const known = configuredCarriers(deps.loaded);
  const wanted = filter.carrier
    ? rows.filter((r) => {
        if (r.carrier === filter.carrier) return true;
        const m = resolveCarrier(r.carrier, known);
        return m.ok && m.name === filter.carrier;
      })
    : rows;
  return filter.limit ? wanted.slice(0, filter.limit) : wanted;
}
