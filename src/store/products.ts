import type { Db } from './db.js';

export interface ProductRow {
  sku: string;
  name: string | null;
  barcode: string | null;
  price: number | null;
  listPrice: number | null;
  currency: string | null;
  vatRate: number | null;
  brand: string | null;
  category: string | null;
  description: string | null;
  weight: number | null;
  attributes: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `sku, name, barcode, price, list_price AS listPrice, currency, vat_rate AS vatRate, brand, category,
  description, weight, attributes, created_at AS createdAt, updated_at AS updatedAt`;

type Raw = Omit<ProductRow, 'attributes'> & { attributes: string | null };
const decode = (r: Raw): ProductRow => ({ ...r, sku: String(r.sku), barcode: barcodeText(r.barcode), attributes: r.attributes ? JSON.parse(r.attributes) : null });

/**
 * A barcode as text. better-sqlite3 binds a JS number as REAL, which the TEXT column then keeps as
 * "8690000000011.0"; barcodes are digit strings, so that suffix is never part of one.
 */
export function barcodeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return /^\d+\.0$/.test(text) ? text.slice(0, -2) : text;
}

export class ProductsRepo {
  constructor(private readonly db: Db) {}

  list(skus?: string[]): ProductRow[] {
    if (skus && skus.length) {
      const out: ProductRow[] = [];
      const stmt = this.db.prepare(`SELECT ${COLUMNS} FROM products WHERE sku = ?`);
      for (const s of new Set(skus)) {
        const r = stmt.get(s) as Raw | undefined;
        if (r) out.push(decode(r));
      }
      return out;
    }
    return (this.db.prepare(`SELECT ${COLUMNS} FROM products ORDER BY sku`).all() as Raw[]).map(decode);
  }

  get(sku: string): ProductRow | undefined {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM products WHERE sku = ?`).get(sku) as Raw | undefined;
    return r ? decode(r) : undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM products').get() as { n: number }).n;
  }
}
