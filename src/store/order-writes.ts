import type { Db } from './db.js';

/** The columns of an order that imports write (shipment tracking columns belong to `shipments`). */
export interface OrderState {
  order_no: string;
  customer_id: number | null;
  order_date: string | null;
  status: string | null;
  channel: string | null;
  currency: string | null;
  total: number | null;
  ship_name: string | null;
  ship_phone: string | null;
  ship_address: string | null;
  ship_district: string | null;
  ship_city: string | null;
  ship_postal_code: string | null;
  ship_country: string | null;
  notes: string | null;
  carrier: string | null;
  carrier_key: string | null;
  tracking_number: string | null;
  created_at: string;
  updated_at: string;
  created_by_job: number | null;
  updated_by_job: number | null;
}

export const ORDER_DATA_FIELDS = [
  'customer_id', 'order_date', 'status', 'channel', 'currency', 'total', 'ship_name', 'ship_phone', 'ship_address', 'ship_district',
  'ship_city', 'ship_postal_code', 'ship_country', 'notes', 'carrier', 'carrier_key', 'tracking_number',
] as const;
export type OrderDataField = (typeof ORDER_DATA_FIELDS)[number];

export interface OrderLineState {
  order_no: string;
  line_no: number;
  sku: string;
  name: string | null;
  quantity: number;
  unit_price: number | null;
  vat_rate: number | null;
}

export interface CustomerState {
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  district: string | null;
  city: string | null;
  postal_code: string | null;
  country: string | null;
  tax_number: string | null;
  created_at: string;
  updated_at: string;
  created_by_job: number | null;
}

const ORDER_COLUMNS = ['order_no', ...ORDER_DATA_FIELDS, 'created_at', 'updated_at', 'created_by_job', 'updated_by_job'];
const CUSTOMER_COLUMNS = ['code', 'name', 'email', 'phone', 'address', 'district', 'city', 'postal_code', 'country', 'tax_number', 'created_at', 'updated_at', 'created_by_job'];

/** Writes to orders, order_lines and customers on behalf of imports (and their rollbacks). */
export class OrderWrites {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      getOrder: db.prepare(`SELECT id, ${ORDER_COLUMNS.join(', ')} FROM orders WHERE order_no = ?`),
      insertOrder: db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map((c) => '@' + c).join(', ')})`),
      updateOrder: db.prepare(`UPDATE orders SET ${ORDER_COLUMNS.slice(1).map((c) => `${c} = @${c}`).join(', ')} WHERE order_no = @order_no`),
      deleteOrder: db.prepare('DELETE FROM orders WHERE order_no = ?'),
      lineByNo: db.prepare(
        `SELECT o.order_no, l.line_no, l.sku, l.name, l.quantity, l.unit_price, l.vat_rate
           FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ? AND l.line_no = ?`,
      ),
      lineBySku: db.prepare(
        `SELECT o.order_no, l.line_no, l.sku, l.name, l.quantity, l.unit_price, l.vat_rate
           FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ? AND l.sku = ? ORDER BY l.line_no LIMIT 1`,
      ),
      maxLine: db.prepare('SELECT MAX(l.line_no) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ?').pluck(),
      putLine: db.prepare(
        `INSERT INTO order_lines (order_id, line_no, sku, name, quantity, unit_price, vat_rate)
         VALUES ((SELECT id FROM orders WHERE order_no = @order_no), @line_no, @sku, @name, @quantity, @unit_price, @vat_rate)
         ON CONFLICT(order_id, line_no) DO UPDATE SET sku = excluded.sku, name = excluded.name, quantity = excluded.quantity,
           unit_price = excluded.unit_price, vat_rate = excluded.vat_rate`,
      ),
      deleteLine: db.prepare('DELETE FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE order_no = ?) AND line_no = ?'),
      customerByCode: db.prepare(`SELECT id, ${CUSTOMER_COLUMNS.join(', ')} FROM customers WHERE code = ?`),
      insertCustomer: db.prepare(`INSERT INTO customers (${CUSTOMER_COLUMNS.join(', ')}) VALUES (${CUSTOMER_COLUMNS.map((c) => '@' + c).join(', ')})`),
      updateCustomer: db.prepare(`UPDATE customers SET ${CUSTOMER_COLUMNS.slice(1).map((c) => `${c} = @${c}`).join(', ')} WHERE code = @code`),
      deleteCustomer: db.prepare('DELETE FROM customers WHERE code = ?'),
      linesWithSku: db.prepare('SELECT COUNT(*) FROM order_lines WHERE sku = ?').pluck(),
      ordersOfCustomer: db.prepare('SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.code = ?').pluck(),
    };
  }

  getOrder(orderNo: string): (OrderState & { id: number }) | undefined {
    return this.stmts.getOrder.get(orderNo) as (OrderState & { id: number }) | undefined;
  }

  insertOrder(o: OrderState): number {
    return Number(this.stmts.insertOrder.run(o).lastInsertRowid);
  }

  updateOrder(o: OrderState): void {
    this.stmts.updateOrder.run(o);
  }

  deleteOrder(orderNo: string): void {
    this.stmts.deleteOrder.run(orderNo);
  }

  getLine(orderNo: string, lineNo: number): OrderLineState | undefined {
    return this.stmts.lineByNo.get(orderNo, lineNo) as OrderLineState | undefined;
  }

  /** The order's first line for this SKU (how lines are matched when the file has no line numbers). */
  findLineBySku(orderNo: string, sku: string): OrderLineState | undefined {
    return this.stmts.lineBySku.get(orderNo, sku) as OrderLineState | undefined;
  }

  maxLineNo(orderNo: string): number {
    return (this.stmts.maxLine.get(orderNo) as number | null) ?? 0;
  }

  putLine(l: OrderLineState): void {
    this.stmts.putLine.run(l);
  }

  deleteLine(orderNo: string, lineNo: number): void {
    this.stmts.deleteLine.run(orderNo, lineNo);
  }

  getCustomer(code: string): (CustomerState & { id: number }) | undefined {
    return this.stmts.customerByCode.get(code) as (CustomerState & { id: number }) | undefined;
  }

  insertCustomer(c: CustomerState): number {
    return Number(this.stmts.insertCustomer.run(c).lastInsertRowid);
  }

  updateCustomer(c: CustomerState): void {
    this.stmts.updateCustomer.run(c);
  }

  deleteCustomer(code: string): void {
    this.stmts.deleteCustomer.run(code);
  }

  /** How many order lines name this SKU (a product they name is not deleted by a rollback). */
  linesWithSku(sku: string): number {
    return this.stmts.linesWithSku.get(sku) as number;
  }

  ordersOfCustomer(code: string): number {
    return this.stmts.ordersOfCustomer.get(code) as number;
  }
}
