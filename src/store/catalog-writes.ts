import type { Db } from './db.js';

/** A product row exactly as stored: what import changes record as "before" and "after". */
export interface ProductState {
  sku: string;
  name: string | null;
  barcode: string | null;
  price: number | null;
  list_price: number | null;
  currency: string | null;
  vat_rate: number | null;
  brand: string | null;
  category: string | null;
  description: string | null;
  weight: number | null;
  /** JSON object text, or null. */
  attributes: string | null;
  created_at: string;
  updated_at: string;
  created_by_job: number | null;
  updated_by_job: number | null;
}

export const PRODUCT_DATA_FIELDS = ['name', 'barcode', 'price', 'list_price', 'currency', 'vat_rate', 'brand', 'category', 'description', 'weight', 'attributes'] as const;
export type ProductDataField = (typeof PRODUCT_DATA_FIELDS)[number];

export interface StockMovement {
  sku: string;
  warehouse: string;
  delta: number;
  quantityBefore: number | null;
  quantityAfter: number;
  reason: 'import' | 'adjust' | 'rollback';
  jobId: number;
  note: string | null;
  at: string;
}

const PRODUCT_COLUMNS =
  'sku, name, barcode, price, list_price, currency, vat_rate, brand, category, description, weight, attributes, created_at, updated_at, created_by_job, updated_by_job';

/** Writes to products, stock and stock_movements on behalf of imports (and their rollbacks). */
export class CatalogWrites {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      getProduct: db.prepare(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE sku = ?`),
      hasProduct: db.prepare('SELECT 1 FROM products WHERE sku = ?').pluck(),
      // Positional parameters: binding by name costs a third more on the hot path.
      insertProduct: db.prepare(`INSERT INTO products (${PRODUCT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertNewProduct: db.prepare(`INSERT INTO products (${PRODUCT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sku) DO NOTHING`),
      updateProduct: db.prepare(
        `UPDATE products SET name = ?, barcode = ?, price = ?, list_price = ?, currency = ?, vat_rate = ?, brand = ?, category = ?,
           description = ?, weight = ?, attributes = ?, created_at = ?, updated_at = ?, created_by_job = ?, updated_by_job = ?
         WHERE sku = ?`,
      ),
      deleteProduct: db.prepare('DELETE FROM products WHERE sku = ?'),
      getStock: db.prepare('SELECT quantity FROM stock WHERE sku = ? AND warehouse = ?').pluck(),
      putStock: db.prepare(
        `INSERT INTO stock (sku, warehouse, quantity, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(sku, warehouse) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at`,
      ),
      deleteStock: db.prepare('DELETE FROM stock WHERE sku = ? AND warehouse = ?'),
      movement: db.prepare(
        `INSERT INTO stock_movements (sku, warehouse, delta, quantity_before, quantity_after, reason, job_id, note, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  getProduct(sku: string): ProductState | undefined {
    const p = this.stmts.getProduct.get(sku) as ProductState | undefined;
    // SKU and barcode are TEXT, but a store written by hand may hold numbers: keep them strings.
    if (p) {
      p.sku = String(p.sku);
      if (p.barcode !== null) p.barcode = String(p.barcode);
    }
    return p;
  }

  hasProduct(sku: string): boolean {
    return this.stmts.hasProduct.get(sku) !== undefined;
  }

  insertProduct(p: ProductState): void {
    this.stmts.insertProduct.run(...productParams(p));
  }

  /** Insert p unless its SKU is already stored; false (and nothing written) when it is. */
  insertProductIfNew(p: ProductState): boolean {
    return this.stmts.insertNewProduct.run(...productParams(p)).changes === 1;
  }

  updateProduct(p: ProductState): void {
    const [sku, ...rest] = productParams(p);
    this.stmts.updateProduct.run(...rest, sku);
  }

  deleteProduct(sku: string): void {
    this.stmts.deleteProduct.run(sku);
  }

  getStock(sku: string, warehouse: string): number | undefined {
    return this.stmts.getStock.get(sku, warehouse) as number | undefined;
  }

  putStock(sku: string, warehouse: string, quantity: number, at: string): void {
    this.stmts.putStock.run(sku, warehouse, quantity, at);
  }

  deleteStock(sku: string, warehouse: string): void {
    this.stmts.deleteStock.run(sku, warehouse);
  }

  addMovement(m: StockMovement): void {
    this.stmts.movement.run(m.sku, m.warehouse, m.delta, m.quantityBefore, m.quantityAfter, m.reason, m.jobId, m.note, m.at);
  }
}

// Spread into run(): better-sqlite3 binds separate arguments about a quarter faster than one array.
const productParams = (p: ProductState) => [
  p.sku, p.name, p.barcode, p.price, p.list_price, p.currency, p.vat_rate, p.brand, p.category,
  p.description, p.weight, p.attributes, p.created_at, p.updated_at, p.created_by_job, p.updated_by_job,
];
