import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importWorkbook } from '../../src/import/pipeline.js';
import { useTempStore } from '../helpers/temp-store.js';
import { rejected } from '../helpers/errors.js';
import { depsFor, writeWorkbook } from './workbooks.js';

const tmp = useTempStore();

const HEAD = ['Stok Kodu', 'Ürün Adı', 'Barkod', 'Satış Fiyatı', 'Stok', 'Aktif'];

const movements = () => tmp.store.db.prepare('SELECT sku, warehouse, delta, quantity_before AS before, quantity_after AS after, reason, job_id AS job FROM stock_movements ORDER BY id').all();
const tableCounts = () =>
  Object.fromEntries(['products', 'stock', 'stock_movements', 'orders', 'order_lines', 'customers', 'import_jobs', 'import_errors', 'import_changes'].map((t) => [t, (tmp.store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));

describe('products import', () => {
  it('inserts typed products and their stock, and keeps identifiers as text', async () => {
    const file = await writeWorkbook(join(tmp.dir, 'p.xlsx'), [
      {
        name: 'Ürünler',
        rows: [HEAD, ['TSH-1', 'Tişört Beyaz', 8690000000011, '1.249,90', 12, 'Evet'], [1001, 'Kupa', '0012345', 99.5, 3, 'Hayır'], ['TSH-2', 'Şal', null, '₺1.234,56', null, null]],
      },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), file, {});
    expect(r).toMatchObject({ status: 'completed', type: 'products', sheet: 'Ürünler', template: 'products', rows: { total: 3, inserted: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0 } });
    expect(r.jobId).toBeGreaterThan(0);
    const products = tmp.store.products.list();
    expect(products.map((p) => [p.sku, p.name, p.barcode, p.price, p.attributes])).toEqual([
      ['1001', 'Kupa', '0012345', 99.5, { active: false }],
      ['TSH-1', 'Tişört Beyaz', '8690000000011', 1249.9, { active: true }],
      ['TSH-2', 'Şal', null, 1234.56, null],
    ]);
    expect(tmp.store.stock.list()).toEqual([
      { sku: '1001', total: 3, warehouses: { MAIN: 3 } },
      { sku: 'TSH-1', total: 12, warehouses: { MAIN: 12 } },
      { sku: 'TSH-2', total: 0, warehouses: {} },
    ]);
    expect(movements()).toEqual([
      { sku: 'TSH-1', warehouse: 'MAIN', delta: 12, before: null, after: 12, reason: 'import', job: r.jobId },
      { sku: '1001', warehouse: 'MAIN', delta: 3, before: null, after: 3, reason: 'import', job: r.jobId },
    ]);
  });

  it('updates only what changed, never wipes a value with an empty cell, and counts unchanged rows', async () => {
    const first = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', 111, 10, 5, 'Evet'], ['B', 'Beta', 222, 20, 6, 'Evet']] }]);
    await importWorkbook(depsFor(tmp.store), first, { warehouse: 'IST' });
    const second = await writeWorkbook(join(tmp.dir, 'b.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', 111, 10, 5, 'Evet'], ['B', null, null, 25, 8, null], ['C', 'Gamma', null, 1, null, null]] }]);
    const r = await importWorkbook(depsFor(tmp.store), second, { warehouse: 'IST' });
    expect(r.rows).toEqual({ total: 3, inserted: 1, updated: 1, unchanged: 1, skipped: 0, failed: 0 });
    const b = tmp.store.products.get('B')!;
    expect([b.name, b.barcode, b.price]).toEqual(['Beta', '222', 25]);
    expect(tmp.store.stock.list({ skus: ['B'] })).toEqual([{ sku: 'B', total: 8, warehouses: { IST: 8 } }]);
    expect(movements().at(-1)).toEqual({ sku: 'B', warehouse: 'IST', delta: 2, before: 6, after: 8, reason: 'import', job: r.jobId });
  });

  it('--on-existing skip leaves existing products alone', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', null, 10, 5]] }]);
    await importWorkbook(depsFor(tmp.store), f, {});
    const g = await writeWorkbook(join(tmp.dir, 'b.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Changed', null, 99, 1], ['N', 'New', null, 1, 1]] }]);
    const r = await importWorkbook(depsFor(tmp.store), g, { onExisting: 'skip' });
    expect(r.rows).toMatchObject({ inserted: 1, skipped: 1 });
    expect(tmp.store.products.get('A')?.name).toBe('Alpha');
    expect(tmp.store.stock.list({ skus: ['A'] })[0].total).toBe(5);
  });

  it('SKUs kept as numbers in a zero-padding format (000000) keep the zeros Excel shows; padded quantities are still numbers', async () => {
    const file = await writeWorkbook(join(tmp.dir, 'padded.xlsx'), [
      { name: 'S', rows: [HEAD, [123, 'Kalem', 8690000000011, 10, 5], [4567, 'Silgi', null, 2.5, 12]], formats: { 1: '000000', 5: '000' } },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), file, {});
    expect(r.rows).toMatchObject({ inserted: 2, failed: 0 });
    expect(tmp.store.products.list().map((p) => [p.sku, p.barcode])).toEqual([
      ['000123', '8690000000011'],
      ['004567', null],
    ]);
    expect(tmp.store.stock.list()).toEqual([
      { sku: '000123', total: 5, warehouses: { MAIN: 5 } },
      { sku: '004567', total: 12, warehouses: { MAIN: 12 } },
    ]);
  });

  it('new and known SKUs interleaved: each is inserted, updated or skipped as if alone (whichever order the writer tries first)', async () => {
    const known = ['K1', 'K2', 'K3', 'K4'];
    const f = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'S', rows: [HEAD, ...known.map((k) => [k, `Old ${k}`, null, 10, 5])] }]);
    await importWorkbook(depsFor(tmp.store), f, {});
    // Runs of new rows (the writer then inserts first) broken by known ones (it then looks up first).
    const order = ['N1', 'N2', 'K1', 'N3', 'K2', 'K3', 'N4', 'N5', 'N6', 'K4'];
    const rows = [HEAD, ...order.map((k) => [k, `New ${k}`, null, 20, 7])];
    const g = await writeWorkbook(join(tmp.dir, 'b.xlsx'), [{ name: 'S', rows }]);
    const r = await importWorkbook(depsFor(tmp.store), g, {});
    expect(r.rows).toEqual({ total: 10, inserted: 6, updated: 4, unchanged: 0, skipped: 0, failed: 0 });
    for (const k of order) expect([k, tmp.store.products.get(k)?.name, tmp.store.products.get(k)?.price]).toEqual([k, `New ${k}`, 20]);
    const created = tmp.store.db.prepare('SELECT sku FROM products WHERE created_by_job = ? ORDER BY sku').pluck().all(r.jobId);
    expect(created).toEqual(['N1', 'N2', 'N3', 'N4', 'N5', 'N6']);
    // Updates were recorded for rollback with the row before; inserts were not (created_by_job says it).
    expect(tmp.store.db.prepare("SELECT key FROM import_changes WHERE job_id = ? AND entity = 'product' ORDER BY key").pluck().all(r.jobId)).toEqual(known);

    const h = await writeWorkbook(join(tmp.dir, 'c.xlsx'), [{ name: 'S', rows: [HEAD, ['N7', 'Seven', null, 1, 1], ['K1', 'Not this', null, 1, 1], ['N8', 'Eight', null, 1, 1], ['N9', 'Nine', null, 1, 1], ['K2', 'Nor this', null, 1, 1]] }]);
    const s = await importWorkbook(depsFor(tmp.store), h, { onExisting: 'skip' });
    expect(s.rows).toMatchObject({ inserted: 3, skipped: 2, failed: 0 });
    expect([tmp.store.products.get('K1')?.name, tmp.store.products.get('K2')?.name, tmp.store.products.get('N9')?.name]).toEqual(['New K1', 'New K2', 'Nine']);
  });

  it('stores every bad row with its reason and keeps going; duplicates are reported, not merged', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'bad.xlsx'), [
      {
        name: 'Ürünler',
        rows: [HEAD, ['A', 'Alpha', null, 'abc', 5], ['B', 'Beta', null, 10, -1], [null, 'No SKU', null, 1, 1], ['A', 'Again', null, 11, 1], ['C', 'Gamma', null, '12,5', 2, 'belki'], ['D', 'Delta', null, '7,25', 1]],
      },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), f, {});
    expect(r.status).toBe('completed_with_errors');
    // Row 2 (A) fails on its price, and still holds the SKU: row 5 is its duplicate, not its replacement.
    expect(r.rows).toEqual({ total: 6, inserted: 1, updated: 0, unchanged: 0, skipped: 0, failed: 5 });
    expect(tmp.store.products.list().map((p) => p.sku)).toEqual(['D']);
    const errors = tmp.store.db.prepare('SELECT job_id AS job, sheet, row_number AS row, column, raw_value AS raw, reason FROM import_errors ORDER BY id').all();
    expect(errors).toEqual([
      { job: r.jobId, sheet: 'Ürünler', row: 2, column: 'Satış Fiyatı', raw: 'abc', reason: '"abc" is not a number' },
      { job: r.jobId, sheet: 'Ürünler', row: 3, column: 'Stok', raw: '-1', reason: 'stock cannot be negative (-1)' },
      { job: r.jobId, sheet: 'Ürünler', row: 4, column: 'Stok Kodu', raw: null, reason: 'is required, but the cell is empty' },
      { job: r.jobId, sheet: 'Ürünler', row: 5, column: 'Stok Kodu', raw: 'A', reason: 'duplicate SKU A: already on row 2 of this file (rows are not merged)' },
      { job: r.jobId, sheet: 'Ürünler', row: 6, column: 'Aktif', raw: 'belki', reason: '"belki" is not yes/no (use 1/0, yes/no, evet/hayır, да/нет)' },
    ]);
    expect(r.errors).toHaveLength(5);
  });

  it('progress estimates the sheet from its dimension, and --limit ends the estimate at the limit', async () => {
    const rows = [HEAD, ...Array.from({ length: 10 }, (_, i) => [`L-${i}`, `Ürün ${i}`, null, 1, 1])];
    const f = await writeWorkbook(join(tmp.dir, 'limit.xlsx'), [{ name: 'S', rows }]);
    const seen: { rows: number; estimatedTotal?: number }[] = [];
    const whole = await importWorkbook({ ...depsFor(tmp.store), progress: (p) => seen.push(p) }, f, {});
    expect(whole.rows.total).toBe(10);
    expect(seen.at(-1)).toMatchObject({ rows: 10, estimatedTotal: 10 });
    seen.length = 0;
    const limited = await importWorkbook({ ...depsFor(tmp.store), progress: (p) => seen.push(p) }, f, { limit: 3 });
    expect(limited.rows.total).toBe(3);
    for (const p of seen) expect(p.estimatedTotal).toBe(3);
  });

  it('a negative price and a number typed with two signs are row errors, never stored', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'signs.xlsx'), [
      { name: 'S', rows: [HEAD, ['N1', 'Neg', null, '(5)', 1], ['N2', 'Typo', null, '--5', 1], ['N3', 'Typo', null, '5--', 1], ['N4', 'Neg', null, -2.5, 1], ['OK', 'Fine', null, '₺1.234,50', 1]] },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), f, {});
    expect(r.rows).toMatchObject({ inserted: 1, failed: 4 });
    expect(tmp.store.products.list().map((p) => [p.sku, p.price])).toEqual([['OK', 1234.5]]);
    const reasons = tmp.store.db.prepare('SELECT row_number AS row, reason FROM import_errors ORDER BY id').all();
    expect(reasons).toEqual([
      { row: 2, reason: 'a price cannot be negative (-5)' },
      { row: 3, reason: '"--5" is not a number (more than one sign)' },
      { row: 4, reason: '"5--" is not a number (more than one sign)' },
      { row: 5, reason: 'a price cannot be negative (-2.5)' },
    ]);
  });

  it('finds the header row under title rows, skips empty and phantom rows, and honours --header-row and --limit', async () => {
    const f = await writeWorkbook(join(tmp.dir, 't.xlsx'), [
      {
        name: 'Rapor',
        rows: [['Ürün Listesi — 01.03.2024'], [], ['Stok Kodu', 'Ürün Adı', 'Fiyat'], ['A', 'Alpha', 1], [], [null, '  '], ['B', 'Beta', 2], ['C', 'Gamma', 3]],
        styledEmptyRows: [9, 10, 11, 500],
      },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), f, {});
    expect(r.rows.total).toBe(3);
    const limited = await importWorkbook(depsFor(tmp.store), f, { headerRow: 3, limit: 2, dryRun: true });
    expect(limited.rows.total).toBe(2);
    const e = await rejected(importWorkbook(depsFor(tmp.store), f, { headerRow: 2 }));
    expect(e.message).toMatch(/no header row: row 2 is empty/);
  });

  it('reads formula results, rich text and numbers typed as text', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'f.xlsx'), [
      {
        name: 'S',
        rows: [
          ['SKU', 'Name', 'Price', 'Barcode'],
          [{ richText: [{ text: 'RT-' }, { font: { bold: true }, text: '1' }] }, { richText: [{ text: 'Zengin ' }, { font: { italic: true }, text: 'Metin' }] }, { formula: 'B3*2', result: 24.5 }, { formula: '"869"&"0000000028"', result: '8690000000028' }],
          ['F-2', 'Two', 12.25, 8690000000035],
        ],
      },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), f, { type: 'products' });
    expect(r.rows.inserted).toBe(2);
    expect(tmp.store.products.list().map((p) => [p.sku, p.name, p.price, p.barcode])).toEqual([
      ['F-2', 'Two', 12.25, '8690000000035'],
      ['RT-1', 'Zengin Metin', 24.5, '8690000000028'],
    ]);
  });

  it('refuses unusable sheets with exit 2 and leaves the store untouched', async () => {
    const before = tableCounts();
    const missing = await writeWorkbook(join(tmp.dir, 'm.xlsx'), [{ name: 'S', rows: [['Stok Kodu', 'Depo'], ['A', 'MAIN']] }]);
    const e1 = await rejected(importWorkbook(depsFor(tmp.store), missing, { type: 'stock' }));
    expect(e1.exitCode).toBe(2);
    expect(e1.message).toMatch(/missing required column for stock: quantity .*headers found: Stok Kodu, Depo/);

    const ambiguous = await writeWorkbook(join(tmp.dir, 'amb.xlsx'), [{ name: 'S', rows: [['SKU', 'Stok'], ['A', 1]] }]);
    const e2 = await rejected(importWorkbook(depsFor(tmp.store), ambiguous, {}));
    expect(e2.exitCode).toBe(2);
    expect(e2.message).toMatch(/fit more than one template equally/);
    expect((await importWorkbook(depsFor(tmp.store), ambiguous, { type: 'products', dryRun: true })).rows.inserted).toBe(1);

    const noHeader = await writeWorkbook(join(tmp.dir, 'nh.xlsx'), [{ name: 'S', rows: [['TSH-1', 'Tişört', 12], ['TSH-2', 'Şal', 3]] }]);
    const e3 = await rejected(importWorkbook(depsFor(tmp.store), noHeader, {}));
    expect(e3.exitCode).toBe(2);
    expect(e3.message).toMatch(/no header row: none of the first 20 non-empty rows .* row 1 has: TSH-1, Tişört, 12/);

    const sheets = await writeWorkbook(join(tmp.dir, 'sh.xlsx'), [{ name: 'Notlar', rows: [['x']] }, { name: 'Ürünler', rows: [HEAD, ['A', 'Alpha']] }]);
    const e4 = await rejected(importWorkbook(depsFor(tmp.store), sheets, { sheet: 'Stok' }));
    expect(e4.exitCode).toBe(2);
    expect(e4.message).toMatch(/has no sheet "Stok"; its sheets are 1 "Notlar", 2 "Ürünler"/);
    expect(tableCounts()).toEqual(before);

    expect((await importWorkbook(depsFor(tmp.store), sheets, { sheet: 'ÜRÜNLER', dryRun: true })).sheet).toBe('Ürünler');
    expect((await importWorkbook(depsFor(tmp.store), sheets, { sheet: '2', dryRun: true })).rows.total).toBe(1);
    expect(tableCounts()).toEqual(before);
  });

  it('--dry-run writes nothing and explains field-level changes', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', null, 10, 5]] }]);
    await importWorkbook(depsFor(tmp.store), f, {});
    const before = tableCounts();
    const g = await writeWorkbook(join(tmp.dir, 'b.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha 2', null, 10, 7], ['B', 'Beta', null, 'x'], ['C', 'Gamma', null, 3]] }]);
    const r = await importWorkbook(depsFor(tmp.store), g, { dryRun: true });
    expect(tableCounts()).toEqual(before);
    expect(r).toMatchObject({ jobId: null, dryRun: true, rows: { total: 3, inserted: 1, updated: 1, failed: 1 } });
    expect(r.changes).toEqual([
      {
        row: 2,
        status: 'updated',
        changes: [
          { entity: 'product', key: 'A', action: 'update', fields: { name: { before: 'Alpha', after: 'Alpha 2' } } },
          { entity: 'stock', key: 'A|MAIN', action: 'update', fields: { quantity: { before: 5, after: 7 } } },
        ],
      },
      { row: 3, status: 'failed', problems: [{ column: 'Satış Fiyatı', raw: 'x', reason: '"x" is not a number' }] },
      { row: 4, status: 'inserted', changes: [{ entity: 'product', key: 'C', action: 'insert', fields: { name: { before: null, after: 'Gamma' }, price: { before: null, after: 3 } } }] },
    ]);
  });

  it('writes each chunk in its own transaction and records the resume point', async () => {
    const rows = [HEAD, ...Array.from({ length: 25 }, (_, i) => [`S${i}`, `N${i}`, null, i + 1, i])];
    const f = await writeWorkbook(join(tmp.dir, 'c.xlsx'), [{ name: 'S', rows }]);
    const seen: number[] = [];
    const r = await importWorkbook({ ...depsFor(tmp.store), progress: (p) => seen.push(p.rows) }, f, { chunkSize: 10 });
    expect(r.rows.inserted).toBe(25);
    expect(seen.at(-1)).toBe(25);
    const job = tmp.store.db.prepare('SELECT last_row AS lastRow, status FROM import_jobs WHERE id = ?').get(r.jobId);
    expect(job).toEqual({ lastRow: 26, status: 'completed' });
  });
});
