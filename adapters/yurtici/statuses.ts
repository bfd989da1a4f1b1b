import type { ShipmentStatus } from '../../src/shipments/carrier.js';
import { statusFromText } from '../../src/shipments/carrier-text.js';

// Yurtiçi queryShipment → normalised status. operationCode / operationStatus per the API notes
// ([CLIENT], two independent repositories agree); a third library numbers them differently, so
// "delivered" is keyed on DLV / code 5 as the notes advise.
//   0 NOP  Kargo işlem görmemiş (not processed)          → created
//   1 IND  Kargo teslimatta (in delivery)                 → in_transit (refined by the latest event, below)
//   2 ISR  İşlem görmüş, faturası düzenlenmemiş           → in_transit (taken in at the branch)
//   3 CNL  Kargo çıkışı engellendi (departure blocked)    → not_delivered (UNCONFIRMED: a problem, not final)
//   4 CNL  Daha önce iptal edilmiş                        → cancelled
//   5 DLV  Teslim edilmiş                                 → delivered
const BY_CODE: Record<string, ShipmentStatus> = {
  '0': 'created',
  '1': 'in_transit',
  '2': 'in_transit',
  '3': 'not_delivered',
  '4': 'cancelled',
  '5': 'delivered',
};
const BY_STATUS: Record<string, ShipmentStatus> = {
  NOP: 'created',
  IND: 'in_transit',
  ISR: 'in_transit',
  CNL: 'cancelled',
  DLV: 'delivered',
};

// While the shipment is moving, the newest movement event says more than operationCode does
// ("Dağıtıma çıkarıldı" = out for delivery): only these refinements are taken from event text.
const REFINES_IN_TRANSIT: ReadonlySet<ShipmentStatus> = new Set(['at_branch', 'out_for_delivery', 'not_delivered']);

export function yurticiStatus(operationCode: string | null, operationStatus: string | null, latestEventText: string | null): ShipmentStatus {
  let status: ShipmentStatus = 'unknown';
  if (operationStatus === 'DLV' || operationCode === '5') return 'delivered';
  if (operationCode !== null && BY_CODE[operationCode]) status = BY_CODE[operationCode];
  else if (operationStatus !== null && BY_STATUS[operationStatus.toUpperCase()]) status = BY_STATUS[operationStatus.toUpperCase()];
  if (status === 'in_transit') {
    const fromEvent = statusFromText(latestEventText);
    if (REFINES_IN_TRANSIT.has(fromEvent)) status = fromEvent;
  }
  return status;
}

/** A movement event's status from its name (eventId codes are not documented); a movement is in transit unless it says more. */
export function yurticiEventStatus(eventName: string | null): ShipmentStatus {
  const s = statusFromText(eventName);
  return s === 'unknown' ? 'in_transit' : s;
}
