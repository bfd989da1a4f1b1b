import type { Db } from './db.js';
import { barcodeText } from './products.js';

export interface StockRow {
  sku: string;
  total: number;
  warehouses: Record<string, number>;
}

/** One SKU's local state as the sync engine needs it. */
export interface LocalStockItem {
  sku: string;
  barcode: string | null;
  name: string | null;
  price: number | null;
  listPrice: number | null;
  /** Quantity per warehouse (only warehouses that have a row). */
  warehouses: Record<string, number>;
}

export class StockRepo {
  constructor(private readonly db: Db) {}

  /** Every warehouse code that has at least one stock row, sorted. */
  warehouseCodes(): string[] {
    return this.db.prepare('SELECT DISTINCT warehouse FROM stock ORDER BY warehouse').pluck().all() as string[];
  }

  /** Stock per SKU (products with no stock row show total 0), optionally narrowed. */
  list(options: { skus?: string[]; warehouse?: string } = {}): StockRow[] {
    const rows = this.db
      .prepare(
        `SELECT p.sku AS sku, s.warehouse AS warehouse, s.quantity AS quantity
           FROM products p LEFT JOIN stock s ON s.sku = p.sku ${options.warehouse ? 'AND s.warehouse = @wh' : ''}
          ORDER BY p.sku, s.warehouse`,
      )
      .all(options.warehouse ? { wh: options.warehouse } : {}) as { sku: string; warehouse: string | null; quantity: number | null }[];
    const wanted = options.skus && options.skus.length ? new Set(options.skus) : null;
    const bySku = new Map<string, StockRow>();
    for (const r of rows) {
      const sku = String(r.sku);
      if (wanted && !wanted.has(sku)) continue;
      let row = bySku.get(sku);
      if (!row) bySku.set(sku, (row = { sku, total: 0, warehouses: {} }));
      if (r.warehouse !== null && r.quantity !== null) {
        row.warehouses[r.warehouse] = r.quantity;
        row.total += r.quantity;
      }
    }
    return [...bySku.values()];
  }

  /** Every locally known SKU with its per-warehouse stock, including SKUs whose stock is 0 or absent. */
  localItems(skus?: string[]): LocalStockItem[] {
    const rows = this.db
      .prepare(
        `SELECT p.sku, p.barcode, p.name, p.price, p.list_price AS listPrice, s.warehouse, s.quantity
           FROM products p LEFT JOIN stock s ON s.sku = p.sku ORDER BY p.sku`,
      )
      .all() as { sku: string; barcode: string | null; name: string | null; price: number | null; listPrice: number | null; warehouse: string | null; quantity: number | null }[];
    const wanted = skus && skus.length ? new Set(skus) : null;
    const out = new Map<string, LocalStockItem>();
    for (const r of rows) {
      const sku = String(r.sku);
      if (wanted && !wanted.has(sku)) continue;
      let item = out.get(sku);
      if (!item) {
        item = { sku, barcode: barcodeText(r.barcode), name: r.name, price: r.price, listPrice: r.listPrice, warehouses: {} };
        out.set(sku, item);
      }
      if (r.warehouse !== null && r.quantity !== null) item.warehouses[r.warehouse] = r.quantity;
    }
    return [...out.values()];
  }
}
