// What every carrier fake server (test/fakes/<carrier>/) exposes to the carrier conformance suite
// (test/conformance/carrier.ts). Each fake keeps real state (shipments moving through the carrier's
// own status codes) and answers in the carrier's documented envelopes and error forms; this is only
// the control surface the suite needs on top of that.
import type { ShipmentStatus } from '../../src/shipments/carrier.js';

export type CarrierOp = 'create' | 'track' | 'auth';

export type CarrierFault =
  /** Answer 429; with retryAfterSec a Retry-After header is sent, without it none. */
  | { kind: '429'; retryAfterSec?: number }
  /** A gateway's plain HTTP 500 (not the platform's own error form); nothing is done. */
  | { kind: '500' }
  /** The platform's own request-level error (SOAP fault for the SOAP carriers, error JSON for MNG); nothing is done. */
  | { kind: 'platform-error' }
  /** HTTP 200 whose body carries the platform's business error for the whole request; nothing is done. */
  | { kind: 'in-body-error' }
  /** Do the work, then destroy the connection before answering (outcome unknown to the client). */
  | { kind: 'drop-after-apply' }
  /** An error that echoes the raw request (credentials included) back, as careless servers do. */
  | { kind: 'echo-error' }
  /** Delay the answer (the request is still processed). */
  | { kind: 'slow'; delayMs: number };

export interface FakeShipment {
  key: string;
  /** How many times the carrier accepted a create for this key (must stay 1). */
  createCount: number;
  /** Index into `progression`, or the special state it was put in. */
  stage: number;
  special: ShipmentStatus | null;
  trackingNumber: string | null;
  /** What the fake read from the create request (proves escaping survives the trip). */
  received: { name: string; address: string; city: string; district: string; phone: string };
}

export interface CarrierFake {
  /** Base URL for the adapter's `baseUrl`. */
  url: string;
  /** Normalised statuses the adapter must report as a created shipment moves along, first = just created, last = delivered. */
  progression: ShipmentStatus[];
  /** Other states the fake can put a shipment in, with the normalised status the adapter must report. */
  specialStates: ShipmentStatus[];
  /** When on, every status query moves each queried shipment one stage along (after answering). */
  autoAdvance: boolean;
  /** Move one shipment (or all) one stage along. */
  advance(key?: string): void;
  setState(key: string, state: ShipmentStatus): void;
  shipment(key: string): FakeShipment | undefined;
  keys(): string[];
  /** Inject a fault into the next `times` (default 1) requests of that kind. */
  inject(fault: CarrierFault, on: CarrierOp, times?: number): void;
  /** Drop every fault not consumed yet. */
  clearFaults(): void;
  /** Requests received so far, by kind (a request answered with a fault counts). */
  requestCount(op: CarrierOp): number;
  /** The most keys one tracking request carried. */
  maxKeysPerTrack(): number;
  close(): Promise<void>;
}
