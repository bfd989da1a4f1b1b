import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { json, project, type Project } from './project.js';
import { Store } from '../../src/store/store.js';

// Rows go straight into the store with better-sqlite3 (as an import would leave them); the real
// CLI reads them back. SKUs with leading zeros and 13-digit barcodes must stay strings.
let p: Project;
let db: string;
beforeAll(() => {
  p = project();
  db = join(p.dir, 'shop.db');
  Store.open(db).close(); // schema
  const sql = new Database(db);
  const at = '2025-01-02T03:04:05.000Z';
  const product = sql.prepare(
    `INSERT INTO products (sku, name, barcode, price, list_price, currency, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'TRY', ?, ?, ?)`,
  );
  // The barcode is bound as a JS number on purpose: the column's TEXT affinity must keep it a string.
  product.run('0012', 'Kupa bardak', 8690000000011, 149.9, 199.9, JSON.stringify({ color: 'red' }), at, at);
  product.run('ABC-1', 'Tişört', '8690000000028', 299.5, null, null, at, at);
  product.run('ZERO', 'No stock rows', null, null, null, null, at, at);
  const stock = sql.prepare('INSERT INTO stock (sku, warehouse, quantity, updated_at) VALUES (?, ?, ?, ?)');
  stock.run('0012', 'MAIN', 5, at);
  stock.run('0012', 'IST', 2, at);
  stock.run('ABC-1', 'MAIN', 0, at);
  sql.close();
});
afterAll(() => p.cleanup());

const run = (args: string[]) => p.run(['--db', db, ...args]);

describe('integr stock', () => {
  it('--json: total and per warehouse for every product, SKUs as strings', async () => {
    const r = await run(['stock', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toEqual({
      stock: [
        { sku: '0012', total: 7, warehouses: { IST: 2, MAIN: 5 } },
        { sku: 'ABC-1', total: 0, warehouses: { MAIN: 0 } },
        { sku: 'ZERO', total: 0, warehouses: {} },
      ],
    });
    expect(r.stdout).toContain('"sku": "0012"');
  });

  it('narrowed to SKUs and a warehouse; unknown SKUs are reported, not fatal', async () => {
    const r = await run(['stock', '0012', 'NOPE', '--warehouse', 'MAIN', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toEqual({ stock: [{ sku: '0012', total: 5, warehouses: { MAIN: 5 } }], notFound: ['NOPE'] });
    expect(r.stderr).toContain('warning: not in the store: NOPE');
  });

  it('a table for people, with one column per warehouse', async () => {
    const r = await run(['stock']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['SKU', 'total', 'IST', 'MAIN']);
    expect(lines[2].split(/\s+/)).toEqual(['0012', '7', '2', '5']);
    expect(lines[3].split(/\s+/)).toEqual(['ABC-1', '0', '0']);
    expect(lines[4].split(/\s+/)).toEqual(['ZERO', '0']);
  });

  it('an empty store says so', async () => {
    const r = await p.run(['--db', join(p.dir, 'empty.db'), 'stock']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no stock in the store yet');
    expect(json(await p.run(['--db', join(p.dir, 'empty.db'), 'stock', '--json']))).toEqual({ stock: [] });
  });
});

describe('integr products', () => {
  it('--json: SKU and barcode are JSON strings, prices numbers, extra columns parsed', async () => {
    const r = await run(['products', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { products } = json(r);
    expect(products.map((x: { sku: string }) => x.sku)).toEqual(['0012', 'ABC-1', 'ZERO']);
    expect(products[0]).toMatchObject({ sku: '0012', name: 'Kupa bardak', barcode: '8690000000011', price: 149.9, listPrice: 199.9, currency: 'TRY', attributes: { color: 'red' } });
    expect(products[2]).toMatchObject({ sku: 'ZERO', barcode: null, price: null });
    expect(r.stdout).toContain('"barcode": "8690000000011"');
    expect(r.stdout).toContain('"sku": "0012"');
    for (const x of products) {
      expect(typeof x.sku).toBe('string');
      if (x.barcode !== null) expect(typeof x.barcode).toBe('string');
    }
  });

  it('narrowed to SKUs, in the order asked, duplicates once', async () => {
    const r = await run(['products', 'ABC-1', '0012', 'ABC-1', 'NOPE', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = json(r);
    expect(doc.products.map((x: { sku: string }) => x.sku)).toEqual(['ABC-1', '0012']);
    expect(doc.notFound).toEqual(['NOPE']);
  });

  it('a table for people keeps the leading zeros and every barcode digit', async () => {
    const r = await run(['products']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['SKU', 'name', 'barcode', 'price', 'list price']);
    expect(lines[2].split(/\s{2,}/)).toEqual(['0012', 'Kupa bardak', '8690000000011', '149.9', '199.9']);
    expect(lines[3].split(/\s{2,}/)).toEqual(['ABC-1', 'Tişört', '8690000000028', '299.5']);
  });
});
