import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { loadConfig, type LoadedConfig } from '../../src/config/load.js';

export interface LocalSeed {
  sku: string;
  barcode?: string;
  name?: string;
  price?: number;
  listPrice?: number;
  /** warehouse → quantity; omit for a product with no stock rows. */
  stock?: Record<string, number>;
}

/**
 * Put products and stock into a real store for sync tests. (Tests seed through the store's
 * connection; production code writes through the import repositories.)
 */
export function seedLocal(store: Store, items: LocalSeed[]): void {
  const now = new Date().toISOString();
  const p = store.db.prepare(
    `INSERT INTO products (sku, name, barcode, price, list_price, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(sku) DO UPDATE SET name = excluded.name, barcode = excluded.barcode, price = excluded.price, list_price = excluded.list_price, updated_at = excluded.updated_at`,
  );
  const s = store.db.prepare(`INSERT INTO stock (sku, warehouse, quantity, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(sku, warehouse) DO UPDATE SET quantity = excluded.quantity`);
  store.transaction(() => {
    for (const it of items) {
      p.run(it.sku, it.name ?? `Ürün ${it.sku}`, it.barcode ?? null, it.price ?? null, it.listPrice ?? null, now, now);
      for (const [wh, q] of Object.entries(it.stock ?? {})) s.run(it.sku, wh, q, now);
    }
  });
}

/** Write a JSON config into dir and load it through the real loader. */
export async function configIn(dir: string, config: Record<string, unknown>): Promise<LoadedConfig> {
  const path = join(dir, '.integrationsrc.json');
  writeFileSync(path, JSON.stringify(config, null, 2));
  return loadConfig({ configPath: path, cwd: dir });
}

export const quietLog = { verbose: () => {}, warn: () => {} };
