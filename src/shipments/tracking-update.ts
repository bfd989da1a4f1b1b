import type { EventInput, OrderShipment, ShipmentStateUpdate } from '../store/shipments.js';
import type { TrackingResult } from './carrier.js';

export interface TrackingPlan {
  state: ShipmentStateUpdate;
  events: EventInput[];
  /** A column the user sees changed (new events are counted by the store, which knows what it has). */
  changed: boolean;
  from: string | null;
  to: string | null;
}

/**
 * What a status check changes on an order: pure (previous row × carrier's answer → new columns and
 * events). Carriers that report only the current state (Aras, MNG) get one event per observed
 * change, so the history grows only when something happened and a re-run adds nothing.
 */
export function planTrackingUpdate(prev: OrderShipment, result: TrackingResult, checkedAt: string): TrackingPlan {
  if (!result.found) {
    // A carrier that said "created" earlier may simply not list the shipment yet (Aras before the branch
    // scans it): keep what we know rather than overwriting it with 'unknown'.
    const status = prev.status ?? 'unknown';
    const state: ShipmentStateUpdate = {
      trackingNumber: prev.trackingNumber,
      trackingUrl: prev.trackingUrl,
      status,
      carrierStatusCode: prev.carrierStatusCode,
      carrierStatus: prev.carrierStatus,
      deliveredAt: prev.deliveredAt,
    };
    return { state, events: [], changed: status !== prev.status, from: prev.status, to: status };
  }
  const delivered = result.status === 'delivered';
  const state: ShipmentStateUpdate = {
    trackingNumber: result.trackingNumber ?? prev.trackingNumber,
    trackingUrl: result.trackingUrl ?? prev.trackingUrl,
    status: result.status,
    carrierStatusCode: result.carrierCode,
    carrierStatus: result.carrierMessage,
    // When the carrier gives no delivery time, the first check that saw it delivered stands in.
    deliveredAt: delivered ? (result.deliveredAt ?? prev.deliveredAt ?? checkedAt) : result.deliveredAt,
  };
  const statusChanged = state.status !== prev.status || state.carrierStatusCode !== prev.carrierStatusCode || state.carrierStatus !== prev.carrierStatus;
  const changed =
    statusChanged || state.trackingNumber !== prev.trackingNumber || state.trackingUrl !== prev.trackingUrl || state.deliveredAt !== prev.deliveredAt;
  let events: EventInput[];
  if (result.events.length > 0) {
    events = result.events.map((e) => ({ status: e.status, code: e.code, message: e.message, location: e.location, at: e.at }));
  } else if (statusChanged) {
    events = [{ status: result.status, code: result.carrierCode, message: result.carrierMessage, location: null, at: delivered ? state.deliveredAt : null }];
  } else events = [];
  return { state, events, changed, from: prev.status, to: state.status };
}
