import type { Db } from './db.js';
import { nowIso } from './time.js';

// Orders' shipment columns, their event history (shipment_events) and shipments runs
// (shipment_runs). The shipments core (src/shipments/) decides; this file only reads and writes.

export interface OrderShipment {
  orderId: number;
  orderNo: string;
  orderDate: string | null;
  orderStatus: string | null;
  channel: string | null;
  /** As imported ("Yurtiçi Kargo") until a shipment is created, then the carrier's config name. */
  carrier: string | null;
  carrierKey: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** Normalised status (created, in_transit, ...), null before the first create or check. */
  status: string | null;
  carrierStatusCode: string | null;
  carrierStatus: string | null;
  shipmentCreatedAt: string | null;
  checkedAt: string | null;
  deliveredAt: string | null;
}

export interface PostalAddress {
  name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  district: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface OrderLineForShipment {
  sku: string;
  name: string | null;
  quantity: number;
  /** The product's weight (kg) when the SKU is a known product with a weight. */
  unitWeight: number | null;
}

export interface OrderForShipment extends OrderShipment {
  ship: PostalAddress;
  customer: PostalAddress | null;
  notes: string | null;
  total: number | null;
  currency: string | null;
  lines: OrderLineForShipment[];
}

export interface NewOrder {
  orderNo: string;
  orderDate?: string | null;
  status?: string | null;
  channel?: string | null;
  total?: number | null;
  currency?: string | null;
  notes?: string | null;
  ship?: Partial<Omit<PostalAddress, 'email'>>;
  customer?: { code?: string | null } & Partial<PostalAddress>;
  lines?: { sku: string; name?: string | null; quantity: number; unitPrice?: number | null }[];
  carrier?: string | null;
  carrierKey?: string | null;
  trackingNumber?: string | null;
}

export interface StoredShipmentEvent {
  id: number;
  carrier: string;
  status: string;
  carrierCode: string | null;
  message: string | null;
  location: string | null;
  occurredAt: string | null;
  recordedAt: string;
}

export interface EventInput {
  status: string;
  code: string | null;
  message: string | null;
  location: string | null;
  at: string | null;
}

/** Column values after a status check; every field is written (the core computed them from the previous row). */
export interface ShipmentStateUpdate {
  trackingNumber: string | null;
  trackingUrl: string | null;
  status: string | null;
  carrierStatusCode: string | null;
  carrierStatus: string | null;
  deliveredAt: string | null;
}

export type ShipmentRunKind = 'track' | 'create';
export type ShipmentRunStatus = 'running' | 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';

export interface ShipmentRun {
  runId: number;
  carrier: string;
  kind: ShipmentRunKind;
  status: ShipmentRunStatus;
  startedAt: string;
  finishedAt: string | null;
  checked: number;
  changed: number;
  errors: number;
  error: string | null;
}

const SHIPMENT_COLUMNS = `o.id AS orderId, o.order_no AS orderNo, o.order_date AS orderDate, o.status AS orderStatus, o.channel,
  o.carrier, o.carrier_key AS carrierKey, o.tracking_number AS trackingNumber, o.tracking_url AS trackingUrl,
  o.shipment_status AS status, o.carrier_status_code AS carrierStatusCode, o.carrier_status AS carrierStatus,
  o.shipment_created_at AS shipmentCreatedAt, o.shipment_checked_at AS checkedAt, o.delivered_at AS deliveredAt`;

const FOR_SHIPMENT_COLUMNS = `${SHIPMENT_COLUMNS}, o.notes, o.total, o.currency,
  o.ship_name, o.ship_phone, o.ship_address, o.ship_district, o.ship_city, o.ship_postal_code, o.ship_country,
  c.id AS customer_id, c.name AS c_name, c.email AS c_email, c.phone AS c_phone, c.address AS c_address, c.district AS c_district,
  c.city AS c_city, c.postal_code AS c_postal_code, c.country AS c_country`;

const RUN_COLUMNS = `id AS runId, carrier, kind, status, started_at AS startedAt, finished_at AS finishedAt, checked, changed, errors, error`;

const FINAL = `('delivered','returned','cancelled')`;

type Raw = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function decodeShipment(r: Raw): OrderShipment {
  return {
    orderId: Number(r.orderId),
    orderNo: String(r.orderNo),
    orderDate: str(r.orderDate),
    orderStatus: str(r.orderStatus),
    channel: str(r.channel),
    carrier: str(r.carrier),
    carrierKey: str(r.carrierKey),
    trackingNumber: str(r.trackingNumber),
    trackingUrl: str(r.trackingUrl),
    status: str(r.status),
    carrierStatusCode: str(r.carrierStatusCode),
    carrierStatus: str(r.carrierStatus),
    shipmentCreatedAt: str(r.shipmentCreatedAt),
    checkedAt: str(r.checkedAt),
    deliveredAt: str(r.deliveredAt),
  };
}

export class ShipmentsRepo {
  constructor(private readonly db: Db) {}

  /** Insert an order (and its customer and lines) directly: for orders that do not come from an import (tests, scripts). */
  addOrder(order: NewOrder): number {
    const now = nowIso();
    return this.db.transaction(() => {
      let customerId: number | null = null;
      if (order.customer) {
        const c = order.customer;
        customerId = Number(
          this.db
            .prepare(
              `INSERT INTO customers (code, name, email, phone, address, district, city, postal_code, country, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(c.code ?? null, c.name ?? order.ship?.name ?? order.orderNo, c.email ?? null, c.phone ?? null, c.address ?? null, c.district ?? null, c.city ?? null, c.postalCode ?? null, c.country ?? null, now, now)
            .lastInsertRowid,
        );
      }
      const s = order.ship ?? {};
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO orders (order_no, customer_id, order_date, status, channel, currency, total, ship_name, ship_phone, ship_address,
               ship_district, ship_city, ship_postal_code, ship_country, notes, carrier, carrier_key, tracking_number, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            order.orderNo, customerId, order.orderDate ?? null, order.status ?? null, order.channel ?? null, order.currency ?? null, order.total ?? null,
            s.name ?? null, s.phone ?? null, s.address ?? null, s.district ?? null, s.city ?? null, s.postalCode ?? null, s.country ?? null,
            order.notes ?? null, order.carrier ?? null, order.carrierKey ?? null, order.trackingNumber ?? null, now, now,
          ).lastInsertRowid,
      );
      const line = this.db.prepare('INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?)');
      (order.lines ?? []).forEach((l, i) => line.run(id, i + 1, l.sku, l.name ?? null, l.quantity, l.unitPrice ?? null));
      return id;
    })();
  }

  /** The named orders with everything a shipment needs; order numbers not in the store are absent from the map. */
  forShipment(orderNos: string[]): Map<string, OrderForShipment> {
    const out = new Map<string, OrderForShipment>();
    const stmt = this.db.prepare(`SELECT ${FOR_SHIPMENT_COLUMNS} FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.order_no = ?`);
    for (const no of orderNos) {
      const r = stmt.get(no) as Raw | undefined;
      if (r) out.set(String(r.orderNo), this.decodeForShipment(r));
    }
    return out;
  }

  /** Orders with no shipment yet: no carrier key, no tracking number, never created. */
  pending(): OrderForShipment[] {
    const rows = this.db
      .prepare(
        `SELECT ${FOR_SHIPMENT_COLUMNS} FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
          WHERE o.carrier_key IS NULL AND o.tracking_number IS NULL AND o.shipment_created_at IS NULL ORDER BY o.id`,
      )
      .all() as Raw[];
    return rows.map((r) => this.decodeForShipment(r));
  }

  private decodeForShipment(r: Raw): OrderForShipment {
    const lines = (
      this.db
        .prepare(
          `SELECT l.sku, l.name, l.quantity, p.weight AS unitWeight FROM order_lines l LEFT JOIN products p ON p.sku = l.sku
            WHERE l.order_id = ? ORDER BY l.line_no`,
        )
        .all(r.orderId) as Raw[]
    ).map((l) => ({ sku: String(l.sku), name: str(l.name), quantity: Number(l.quantity), unitWeight: l.unitWeight === null ? null : Number(l.unitWeight) }));
    return {
      ...decodeShipment(r),
      notes: str(r.notes),
      total: r.total === null ? null : Number(r.total),
      currency: str(r.currency),
      ship: {
        name: str(r.ship_name),
        phone: str(r.ship_phone),
        email: null,
        address: str(r.ship_address),
        district: str(r.ship_district),
        city: str(r.ship_city),
        postalCode: str(r.ship_postal_code),
        country: str(r.ship_country),
      },
      customer:
        r.customer_id === null
          ? null
          : {
              name: str(r.c_name),
              phone: str(r.c_phone),
              email: str(r.c_email),
              address: str(r.c_address),
              district: str(r.c_district),
              city: str(r.c_city),
              postalCode: str(r.c_postal_code),
              country: str(r.c_country),
            },
      lines,
    };
  }

  get(orderNo: string): OrderShipment | undefined {
    const r = this.db.prepare(`SELECT ${SHIPMENT_COLUMNS} FROM orders o WHERE o.order_no = ?`).get(orderNo) as Raw | undefined;
    return r ? decodeShipment(r) : undefined;
  }

  /** Every order holding this carrier key (normally at most one). */
  byCarrierKey(carrierKey: string): OrderShipment[] {
    return (this.db.prepare(`SELECT ${SHIPMENT_COLUMNS} FROM orders o WHERE o.carrier_key = ? ORDER BY o.id`).all(carrierKey) as Raw[]).map(decodeShipment);
  }

  /** Orders with a carrier key whose shipment is not final (delivered, returned, cancelled): what sync asks about. */
  trackable(): OrderShipment[] {
    return (
      this.db
        .prepare(`SELECT ${SHIPMENT_COLUMNS} FROM orders o WHERE o.carrier_key IS NOT NULL AND (o.shipment_status IS NULL OR o.shipment_status NOT IN ${FINAL}) ORDER BY o.id`)
        .all() as Raw[]
    ).map(decodeShipment);
  }

  /** Orders that have a shipment (a carrier key or a tracking number), optionally by status or stored carrier name. */
  list(filter: { status?: string; carrier?: string; limit?: number } = {}): OrderShipment[] {
    const where = ['(o.carrier_key IS NOT NULL OR o.tracking_number IS NOT NULL)'];
    const params: Record<string, unknown> = {};
    if (filter.status) {
      where.push(filter.status === 'unknown' ? "(o.shipment_status = 'unknown' OR o.shipment_status IS NULL)" : 'o.shipment_status = @status');
      params.status = filter.status;
    }
    if (filter.carrier) {
      where.push('o.carrier = @carrier');
      params.carrier = filter.carrier;
    }
    const limit = filter.limit ? `LIMIT ${Math.max(1, Math.floor(filter.limit))}` : '';
    return (this.db.prepare(`SELECT ${SHIPMENT_COLUMNS} FROM orders o WHERE ${where.join(' AND ')} ORDER BY o.id ${limit}`).all(params) as Raw[]).map(decodeShipment);
  }

  /**
   * A shipment now exists at the carrier under this key: the order is bound to the carrier (its
   * config name) and the key. Earlier values win for created-at and status (a re-run changes nothing).
   */
  recordCreated(orderId: number, created: { carrier: string; carrierKey: string; trackingNumber: string | null; trackingUrl: string | null; at: string }): boolean {
    return this.db.transaction(() => {
      const before = this.db.prepare('SELECT shipment_created_at AS at FROM orders WHERE id = ?').get(orderId) as { at: string | null } | undefined;
      this.db
        .prepare(
          `UPDATE orders SET carrier = @carrier, carrier_key = @carrierKey,
             shipment_created_at = COALESCE(shipment_created_at, @at), shipment_status = COALESCE(shipment_status, 'created'),
             tracking_number = COALESCE(@trackingNumber, tracking_number), tracking_url = COALESCE(@trackingUrl, tracking_url)
           WHERE id = @orderId`,
        )
        .run({ ...created, orderId });
      const first = !before?.at;
      if (first) this.insertEvent(orderId, created.carrier, { status: 'created', code: null, message: `shipment created (key ${created.carrierKey})`, location: null, at: created.at }, created.at);
      return first;
    })();
  }

  /** Write a status check's result and its new events in one transaction; returns how many events were new. */
  applyCheck(orderId: number, carrier: string, checkedAt: string, state: ShipmentStateUpdate, events: EventInput[]): number {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE orders SET tracking_number = @trackingNumber, tracking_url = @trackingUrl, shipment_status = @status,
             carrier_status_code = @carrierStatusCode, carrier_status = @carrierStatus, delivered_at = @deliveredAt,
             shipment_checked_at = @checkedAt WHERE id = @orderId`,
        )
        .run({ ...state, checkedAt, orderId });
      let added = 0;
      for (const e of events) if (this.insertEvent(orderId, carrier, e, checkedAt)) added++;
      return added;
    })();
  }

  /** Insert an event unless the same one (time, code, text) is already recorded. */
  private insertEvent(orderId: number, carrier: string, e: EventInput, recordedAt: string): boolean {
    // The table's UNIQUE constraint treats NULLs as distinct, so events without a time or code are matched with IS.
    const exists = this.db
      .prepare('SELECT 1 FROM shipment_events WHERE order_id = ? AND carrier = ? AND occurred_at IS ? AND carrier_code IS ? AND message IS ? AND status = ?')
      .get(orderId, carrier, e.at, e.code, e.message, e.status);
    if (exists) return false;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO shipment_events (order_id, carrier, status, carrier_code, message, location, occurred_at, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(orderId, carrier, e.status, e.code, e.message, e.location, e.at, recordedAt);
    return true;
  }

  events(orderId: number): StoredShipmentEvent[] {
    return this.db
      .prepare(
        `SELECT id, carrier, status, carrier_code AS carrierCode, message, location, occurred_at AS occurredAt, recorded_at AS recordedAt
           FROM shipment_events WHERE order_id = ? ORDER BY COALESCE(occurred_at, recorded_at), id`,
      )
      .all(orderId) as StoredShipmentEvent[];
  }

  startRun(carrier: string, kind: ShipmentRunKind): number {
    return Number(this.db.prepare(`INSERT INTO shipment_runs (carrier, kind, status, started_at) VALUES (?, ?, 'running', ?)`).run(carrier, kind, nowIso()).lastInsertRowid);
  }

  finishRun(runId: number, result: { status: Exclude<ShipmentRunStatus, 'running'>; checked: number; changed: number; errors: number; error?: string | null }): void {
    this.db
      .prepare('UPDATE shipment_runs SET status = ?, finished_at = ?, checked = ?, changed = ?, errors = ?, error = ? WHERE id = ?')
      .run(result.status, nowIso(), result.checked, result.changed, result.errors, result.error ?? null, runId);
  }

  getRun(runId: number): ShipmentRun | undefined {
    return this.db.prepare(`SELECT ${RUN_COLUMNS} FROM shipment_runs WHERE id = ?`).get(runId) as ShipmentRun | undefined;
  }

  /** The latest run per carrier (default: tracking runs, i.e. `shipments sync`), for `integr status`. */
  lastRuns(options: { kind?: ShipmentRunKind } = {}): ShipmentRun[] {
    const kind = options.kind ?? 'track';
    return this.db
      .prepare(
        `SELECT ${RUN_COLUMNS} FROM shipment_runs WHERE id IN (SELECT MAX(id) FROM shipment_runs WHERE kind = ? GROUP BY carrier) ORDER BY carrier`,
      )
      .all(kind) as ShipmentRun[];
  }

  /** Runs newest first (for success rates and consecutive failures). */
  runs(options: { carrier?: string; kind?: ShipmentRunKind; limit?: number } = {}): ShipmentRun[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.carrier) {
      where.push('carrier = ?');
      params.push(options.carrier);
    }
    if (options.kind) {
      where.push('kind = ?');
      params.push(options.kind);
    }
    params.push(Math.max(1, Math.floor(options.limit ?? 20)));
    return this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM shipment_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
      .all(...params) as ShipmentRun[];
  }
}
