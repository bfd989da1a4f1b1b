import type { OrderLineState, OrderState } from '../../store/order-writes.js';
import { ORDER_DATA_FIELDS } from '../../store/order-writes.js';
import { PRODUCT_DATA_FIELDS } from '../../store/catalog-writes.js';
import type { FieldValue } from '../map-row.js';
import { failed, recordChange, type KindWriter, type PlannedChange, type RowStatus, type WriteContext } from './context.js';

/** Order columns filled from the file (file key → orders column). */
const HEADER_FIELDS: [string, keyof OrderState][] = [
  ['order_date', 'order_date'],
  ['status', 'status'],
  ['channel', 'channel'],
  ['currency', 'currency'],
  ['total', 'total'],
  ['notes', 'notes'],
  ['customer_name', 'ship_name'],
  ['phone', 'ship_phone'],
  ['address', 'ship_address'],
  ['district', 'ship_district'],
  ['city', 'ship_city'],
  ['postal_code', 'ship_postal_code'],
  ['country', 'ship_country'],
  ['carrier', 'carrier'],
  ['carrier_key', 'carrier_key'],
  ['tracking_number', 'tracking_number'],
];
const LINE_FIELDS = ['sku', 'name', 'quantity', 'unit_price', 'vat_rate'] as const;
const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'address', 'district', 'city', 'postal_code', 'country', 'tax_number'];

/** Seen-key value of an order: the job skipped it (--on-existing skip), or created it. */
const SKIPPED = 1;
const CREATED = 2;

const str = (v: FieldValue | undefined): string | null => (v === undefined ? null : String(v));

/**
 * Orders: one row per order line; rows sharing an order number are one order, wherever they
 * are in the file. The order's own columns are taken from its first row in the file. Lines are
 * matched by the Line column, or else by SKU; an import never deletes lines. Customers (by
 * customer code, else e-mail, phone or name) and unknown products are created on the way.
 */
export function ordersWriter(ctx: WriteContext): KindWriter {
  function resolveCustomer(values: Record<string, FieldValue>, out: PlannedChange[] | undefined): number | null {
    const code = str(values.customer_code ?? values.email ?? values.phone ?? values.customer_name);
    if (code === null) return null;
    const found = ctx.orders.getCustomer(code);
    if (found) return found.id;
    const c = {
      code,
      name: str(values.customer_name) ?? code,
      email: str(values.email),
      phone: str(values.phone),
      address: str(values.address),
      district: str(values.district),
      city: str(values.city),
      postal_code: str(values.postal_code),
      country: str(values.country),
      tax_number: str(values.tax_number),
      created_at: ctx.now,
      updated_at: ctx.now,
      created_by_job: ctx.jobId,
    };
    const id = ctx.orders.insertCustomer(c);
    recordChange(ctx, 'customer', code, null, c, CUSTOMER_FIELDS, out);
    return id;
  }

  /** The order's own columns, on its first row in this job. Returns undefined when skipped. */
  function writeHeader(orderNo: string, values: Record<string, FieldValue>, out: PlannedChange[] | undefined): RowStatus | undefined {
    const existing = ctx.orders.getOrder(orderNo);
    if (existing && ctx.onExisting === 'skip') return undefined;
    const customerId = resolveCustomer(values, out);
    if (!existing) {
      const o: OrderState = {
        order_no: orderNo,
        customer_id: customerId,
        order_date: null, status: null, channel: null, currency: null, total: null, ship_name: null, ship_phone: null, ship_address: null,
        ship_district: null, ship_city: null, ship_postal_code: null, ship_country: null, notes: null, carrier: null, carrier_key: null,
        tracking_number: null,
        created_at: ctx.now, updated_at: ctx.now, created_by_job: ctx.jobId, updated_by_job: ctx.jobId,
      };
      const rec = o as unknown as Record<string, unknown>;
      for (const [from, to] of HEADER_FIELDS) if (values[from] !== undefined) rec[to] = values[from];
      ctx.orders.insertOrder(o);
      recordChange(ctx, 'order', orderNo, null, o, ORDER_DATA_FIELDS, out);
      return 'inserted';
    }
    const { id: _id, ...before } = existing;
    const next: OrderState = { ...before };
    const rec = next as unknown as Record<string, unknown>;
    let changed = false;
    for (const [from, to] of HEADER_FIELDS) {
      const v = values[from];
      if (v !== undefined && rec[to] !== v) {
        rec[to] = v;
        changed = true;
      }
    }
    if (customerId !== null && next.customer_id !== customerId) {
      next.customer_id = customerId;
      changed = true;
    }
    if (!changed) return 'unchanged';
    next.updated_at = ctx.now;
    next.updated_by_job = ctx.jobId;
    ctx.orders.updateOrder(next);
    recordChange(ctx, 'order', orderNo, before, next, ORDER_DATA_FIELDS, out);
    return 'updated';
  }

  function ensureProduct(sku: string, name: string | null, out: PlannedChange[] | undefined): void {
    if (ctx.catalog.hasProduct(sku)) return;
    const p = {
      sku, name, barcode: null, price: null, list_price: null, currency: null, vat_rate: null, brand: null, category: null,
      description: null, weight: null, attributes: null,
      created_at: ctx.now, updated_at: ctx.now, created_by_job: ctx.jobId, updated_by_job: ctx.jobId,
    };
    ctx.catalog.insertProduct(p);
    recordChange(ctx, 'product', sku, null, p, PRODUCT_DATA_FIELDS, out);
  }

  const lineKey = (orderNo: string, sku: string, lineNo: number | undefined) => (lineNo !== undefined ? `l:${orderNo}#${lineNo}` : `l:${orderNo}@${sku}`);

  return {
    replay(mapped, rowNumber) {
      if (!mapped.ok) return;
      const v = mapped.values;
      const orderNo = v.order_no as string;
      const lineNo = v.line_no as number | undefined;
      if ((v.quantity as number) <= 0 || (lineNo !== undefined && lineNo < 1)) return;
      const orderKey = `o:${orderNo}`;
      const seenOrder = ctx.keys.claim(orderKey, rowNumber);
      if (!seenOrder) {
        // Its first row was committed: the order exists now, created by this job or skipped as existing.
        const created = ctx.orders.getOrder(orderNo)?.created_by_job === ctx.jobId;
        const value = created ? CREATED : ctx.onExisting === 'skip' ? SKIPPED : 0;
        ctx.keys.setValue(orderKey, value);
        if (value === SKIPPED) return;
      } else if (seenOrder.value === SKIPPED) return;
      ctx.keys.claim(lineKey(orderNo, v.sku as string, lineNo), rowNumber);
    },
    write(values, rowNumber) {
      const orderNo = values.order_no as string;
      const sku = values.sku as string;
      const quantity = values.quantity as number;
      const lineNo = values.line_no as number | undefined;
      if (quantity <= 0) return failed(ctx.headerOf('quantity'), String(quantity), `quantity must be at least 1 (${quantity})`);
      if (lineNo !== undefined && lineNo < 1) return failed(ctx.headerOf('line_no'), String(lineNo), `line number must be at least 1 (${lineNo})`);

      const orderKey = `o:${orderNo}`;
      const seenOrder = ctx.keys.claim(orderKey, rowNumber);
      if (seenOrder?.value === SKIPPED) return { status: 'skipped' };
      const seenLine = ctx.keys.claim(lineKey(orderNo, sku, lineNo), rowNumber);
      if (seenLine) {
        return lineNo !== undefined
          ? failed(ctx.headerOf('line_no'), String(lineNo), `order ${orderNo} has line ${lineNo} twice: already on row ${seenLine.rowNumber} of this file (rows are not merged)`)
          : failed(ctx.headerOf('sku'), sku, `order ${orderNo} has SKU ${sku} twice: already on row ${seenLine.rowNumber} of this file (add a Line column to import both lines)`);
      }

      const out: PlannedChange[] | undefined = ctx.explain ? [] : undefined;
      let status: RowStatus = 'unchanged';
      if (!seenOrder) {
        const header = writeHeader(orderNo, values, out);
        if (header === undefined) {
          ctx.keys.setValue(orderKey, SKIPPED);
          return { status: 'skipped' };
        }
        if (header === 'inserted') ctx.keys.setValue(orderKey, CREATED);
        status = header;
      }
      const orderCreatedByJob = seenOrder ? seenOrder.value === CREATED : status === 'inserted';
      const productName = str(values.product_name);
      ensureProduct(sku, productName, out);

      const existing = lineNo !== undefined ? ctx.orders.getLine(orderNo, lineNo) : ctx.orders.findLineBySku(orderNo, sku);
      const line: OrderLineState = {
        order_no: orderNo,
        line_no: lineNo ?? existing?.line_no ?? ctx.orders.maxLineNo(orderNo) + 1,
        sku,
        name: productName ?? existing?.name ?? null,
        quantity,
        unit_price: (values.unit_price as number | undefined) ?? existing?.unit_price ?? null,
        vat_rate: (values.vat_rate as number | undefined) ?? existing?.vat_rate ?? null,
      };
      const lineChanged = !existing || LINE_FIELDS.some((f) => existing[f] !== line[f]);
      if (lineChanged) {
        ctx.orders.putLine(line);
        // Lines of an order this job created go when the order goes; others are recorded.
        recordChange(ctx, 'order_line', `${orderNo}#${line.line_no}`, existing ?? null, line, LINE_FIELDS, out, { persistInsert: !orderCreatedByJob });
        if (!existing) status = 'inserted';
        else if (status === 'unchanged') status = 'updated';
      }
      return { status, changes: out };
    },
  };
}
