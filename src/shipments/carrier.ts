// The one interface between shipment commands and a cargo carrier (like Channel for sales channels).

export type ShipmentStatus =
  | 'created'
  | 'in_transit'
  | 'at_branch'
  | 'out_for_delivery'
  | 'delivered'
  | 'not_delivered'
  | 'returned'
  | 'cancelled'
  | 'unknown';

export const FINAL_STATUSES: readonly ShipmentStatus[] = ['delivered', 'returned', 'cancelled'];

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
  at: string | null;
  status: ShipmentStatus;
  code: string | null;
  message: string | null;
  location: string | null;
}

export interface TrackingResult {
  carrierKey: string;
  status: ShipmentStatus;
  /** The carrier's own code and text, kept beside the normalised status. */
  carrierCode: string | null;
  carrierMessage: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  deliveredAt: string | null;
  events: ShipmentEvent[];
}

export type CreateOutcome =
  | { carrierKey: string; status: 'created'; trackingNumber: string | null; trackingUrl: string | null }
  /** The carrier already has this key: not an error; the caller turns it into a status lookup. */
  | { carrierKey: string; status: 'exists' }
  | { carrierKey: string; status: 'failed'; reason: string };

export interface CarrierCapabilities {
  trackBatchSize: number;
  createBatchSize: number;
  rateLimit: { requests: number; intervalMs: number };
}

export interface Carrier {
  readonly capabilities: CarrierCapabilities;
  create(requests: ShipmentRequest[], signal?: AbortSignal): Promise<CreateOutcome[]>;
  /** Keys the carrier does not know come back with status 'unknown'. */
  track(carrierKeys: string[], signal?: AbortSignal): Promise<TrackingResult[]>;
  check(signal?: AbortSignal): Promise<string>;
  close(): Promise<void>;
}

export interface CarrierContext {
  name: string;
  log: { verbose(message: string): void; warn(message: string): void };
  cache: { get(key: string): string | undefined; set(key: string, value: string): void };
}
