import type { ShipmentStatus } from '../../src/shipments/carrier.js';
import { statusFromText } from '../../src/shipments/carrier-text.js';

// MNG shipmentStatusCode → normalised status, from the vendor's ShipmentOUT description as quoted
// by a client ([CLIENT]): 1 prepared · 2 in transfer · 3 reached delivery unit · 4 out to recipient
// address · 5 delivered · 6 could not be delivered · 7 returning · 8 needs support.
const BY_CODE: Record<string, ShipmentStatus> = {
  '1': 'created',
  '2': 'in_transit',
  '3': 'at_branch',
  '4': 'out_for_delivery',
  '5': 'delivered',
  '6': 'not_delivered',
  // On its way back to the sender: final for the sale, so sync stops asking.
  '7': 'returned',
  // Needs support: a problem with the delivery, not an end state.
  '8': 'not_delivered',
};

export function mngStatus(code: string | null, text: string | null, isDelivered: boolean): ShipmentStatus {
  if (isDelivered) return 'delivered';
  if (code !== null && BY_CODE[code]) return BY_CODE[code];
  return statusFromText(text);
}
