// The one interface between shipment commands and a cargo carrier (like Channel for sales channels).
// The shipments core never names a carrier: it reads `capabilities` and calls create/track/check.

export const SHIPMENT_STATUSES = [
  'created',
  'in_transit',
  'at_branch',
  'out_for_delivery',
  'delivered',
  'not_delivered',
  'returned',
  'cancelled',
  'unknown',
] as const;

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Once a shipment reaches one of these, `shipments sync` stops asking about it. */
export const FINAL_STATUSES: readonly ShipmentStatus[] = ['delivered', 'returned', 'cancelled'];

export const isShipmentStatus = (v: string): v is ShipmentStatus => (SHIPMENT_STATUSES as readonly string[]).includes(v);
export const isFinalStatus = (s: string | null | undefined): boolean => s !== null && s !== undefined && (FINAL_STATUSES as readonly string[]).includes(s);

export interface ShipmentAddress {
  name: string;
  phone: string | null;
  email: string | null;
  address: string;
  district: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface ShipmentRequest {
  orderNo: string;
  /** Carrier-side idempotency key derived from the order number (Yurtiçi cargoKey, Aras IntegrationCode, MNG referenceId). */
  carrierKey: string;
  recipient: ShipmentAddress;
  pieces: number;
  weightKg: number | null;
  desi: number | null;
  codAmount: number | null;
  description: string | null;
}

export interface ShipmentEvent {
  /** When it happened at the carrier (ISO 8601 with offset), null when the carrier gives no time. */
  at: string | null;
  status: ShipmentStatus;
  code: string | null;
  message: string | null;
  location: string | null;
}

export interface TrackingResult {
  carrierKey: string;
  /** False when the carrier does not know this key (then status is 'unknown'). */
  found: boolean;
  status: ShipmentStatus;
  /** The carrier's own code and text, kept beside the normalised status. */
  carrierCode: string | null;
  carrierMessage: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  deliveredAt: string | null;
  /** The carrier's movement history when it gives one (oldest first); empty when it only reports the current state. */
  events: ShipmentEvent[];
  /** The carrier refused to answer for this key (other than "not found"): counted as a failed check, nothing recorded. */
  error?: string;
}

export type CreateOutcome =
  | { carrierKey: string; status: 'created'; trackingNumber: string | null; trackingUrl: string | null }
  /** The carrier already has this key: not an error; the caller turns it into a status lookup. */
  | { carrierKey: string; status: 'exists' }
  | { carrierKey: string; status: 'failed'; reason: string }
  /** Sent, but no complete answer came back: the caller re-reads (track) before deciding. */
  | { carrierKey: string; status: 'unknown'; reason: string };

/** What a carrier accepts as its idempotency key; keys are derived from order numbers to fit (carrier-key.ts). */
export interface CarrierKeyRules {
  maxLength: number;
  /** One character class listing the allowed characters, e.g. /[A-Z0-9]/. */
  allowed: RegExp;
  /** The carrier wants upper case (MNG referenceId). */
  upperCase: boolean;
}

export interface CarrierCapabilities {
  /** Keys one track() call may carry. */
  trackBatchSize: number;
  /** Shipments one create() call may carry. */
  createBatchSize: number;
  /** How many track/create calls may be in flight at once. */
  concurrency: number;
  rateLimit: { requests: number; intervalMs: number };
  carrierKey: CarrierKeyRules;
}

export interface Carrier {
  readonly capabilities: CarrierCapabilities;
  /** At most createBatchSize requests; one outcome per request. Throws only when nothing can be said per request. */
  create(requests: ShipmentRequest[], signal?: AbortSignal): Promise<CreateOutcome[]>;
  /** At most trackBatchSize keys; one result per key. Keys the carrier does not know come back with found: false. */
  track(carrierKeys: string[], signal?: AbortSignal): Promise<TrackingResult[]>;
  /** One read-only call proving reachability and credentials; returns a short description for doctor. */
  check(signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

export interface CarrierContext {
  name: string;
  log: { verbose(message: string): void; warn(message: string): void };
  cache: { get(key: string): string | undefined; set(key: string, value: string): void };
}
