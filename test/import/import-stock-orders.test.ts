import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importWorkbook } from '../../src/import/pipeline.js';
import { importExitCode } from '../../src/cli/import.js';
import { useTempStore } from '../helpers/temp-store.js';
import { rejected } from '../helpers/errors.js';
import { depsFor, writeWorkbook } from './workbooks.js';

const tmp = useTempStore();

beforeEach(async () => {
  const products = await writeWorkbook(join(tmp.dir, 'products.xlsx'), [
    { name: 'P', rows: [['SKU', 'Name', 'Stock'], ['A', 'Alpha', 10], ['B', 'Beta', 0], ['C', 'Gamma', null]] },
  ]);
  await importWorkbook(depsFor(tmp.store), products, {});
});

const movements = (jobId: number | null) =>
  tmp.store.db.prepare('SELECT sku, warehouse, delta, quantity_before AS before, quantity_after AS after, reason, note FROM stock_movements WHERE job_id = ? ORDER BY id').all(jobId);

describe('stock import', () => {
  it('sets quantities per SKU × warehouse, by column or --warehouse, and refuses unknown SKUs', async () => {
    const f = await writeWorkbook(join(tmp.dir, 's.xlsx'), [
      { name: 'Stok', rows: [['Stok Kodu', 'Depo', 'Miktar'], ['A', null, 7], ['A', 'IST', 3], ['B', 'ANK', '1.200'], ['ZZZ', 'IST', 1], ['C', null, -2], ['A', 'IST', 4]] },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), f, { warehouse: 'MAIN' });
    expect(r.type).toBe('stock');
    expect(r.rows).toEqual({ total: 6, inserted: 2, updated: 1, unchanged: 0, skipped: 0, failed: 3 });
    expect(tmp.store.stock.list({ skus: ['A', 'B'] })).toEqual([
      { sku: 'A', total: 10, warehouses: { IST: 3, MAIN: 7 } },
      { sku: 'B', total: 1200, warehouses: { ANK: 1200, MAIN: 0 } },
    ]);
    expect(r.errors.map((e) => e.reason)).toEqual([
      'unknown SKU ZZZ: not a product in the store (import it with --type products first)',
      'quantity cannot be negative (-2)',
      'duplicate SKU A for warehouse IST: already on row 3 of this file (rows are not merged)',
    ]);
    expect(movements(r.jobId)).toEqual([
      { sku: 'A', warehouse: 'MAIN', delta: -3, before: 10, after: 7, reason: 'import', note: null },
      { sku: 'A', warehouse: 'IST', delta: 3, before: null, after: 3, reason: 'import', note: null },
      { sku: 'B', warehouse: 'ANK', delta: 1200, before: null, after: 1200, reason: 'import', note: null },
    ]);
  });
});

describe('stock-adjust import', () => {
  it('adds signed deltas (each a movement), refuses going below zero, and refuses the same file twice without --force', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'adj.xlsx'), [
      { name: 'Düzeltme', rows: [['Stok Kodu', 'Fark', 'Neden'], ['A', 5, 'Mal kabul'], ['A', -3, 'Hasarlı'], ['B', -1, 'Sayım'], ['C', 2, null], ['A', 0, null]] },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), f, {});
    expect(r.type).toBe('stock-adjust');
    expect(r.rows).toEqual({ total: 5, inserted: 1, updated: 2, unchanged: 1, skipped: 0, failed: 1 });
    expect(r.errors[0].reason).toBe('would take stock of B in MAIN from 0 to -1');
    expect(tmp.store.stock.list({ skus: ['A', 'C'] })).toEqual([
      { sku: 'A', total: 12, warehouses: { MAIN: 12 } },
      { sku: 'C', total: 2, warehouses: { MAIN: 2 } },
    ]);
    expect(movements(r.jobId)).toEqual([
      { sku: 'A', warehouse: 'MAIN', delta: 5, before: 10, after: 15, reason: 'adjust', note: 'Mal kabul' },
      { sku: 'A', warehouse: 'MAIN', delta: -3, before: 15, after: 12, reason: 'adjust', note: 'Hasarlı' },
      { sku: 'C', warehouse: 'MAIN', delta: 2, before: null, after: 2, reason: 'adjust', note: null },
    ]);

    const again = await rejected(importWorkbook(depsFor(tmp.store), f, {}));
    expect(again.exitCode).toBe(4);
    expect(again.message).toMatch(new RegExp(`job ${r.jobId} already applied the stock adjustments in this file`));
    expect(again.hint).toMatch(/--force/);
    const dry = await importWorkbook(depsFor(tmp.store), f, { dryRun: true });
    expect(dry.warnings[0]).toMatch(/would be refused without --force/);
    // The dry run predicts the refusal (the CLI exits 4 on it) and still checks every row.
    expect(dry.wouldBeRefused).toMatch(new RegExp(`job ${r.jobId} already applied the stock adjustments in this file`));
    expect(importExitCode(dry)).toBe(4);
    expect(dry.rows.total).toBe(5);
    expect(importExitCode(await importWorkbook(depsFor(tmp.store), f, { dryRun: true, force: true }))).toBe(3);
    const forced = await importWorkbook(depsFor(tmp.store), f, { force: true });
    expect(forced.sameContentAs).toEqual([r.jobId]);
    expect(tmp.store.stock.list({ skus: ['A'] })[0].total).toBe(14);
  });

  it('reports (but allows) the same content for other kinds', async () => {
    const f = await writeWorkbook(join(tmp.dir, 's.xlsx'), [{ name: 'S', rows: [['SKU', 'Quantity'], ['A', 1]] }]);
    const first = await importWorkbook(depsFor(tmp.store), f, {});
    const second = await importWorkbook(depsFor(tmp.store), f, {});
    expect(second.rows.unchanged).toBe(1);
    expect(second.sameContentAs).toEqual([first.jobId]);
    expect(second.warnings[0]).toMatch(new RegExp(`same content was imported before \\(job ${first.jobId}\\)`));
  });
});

describe('orders import', () => {
  const HEAD = ['Sipariş No', 'Sipariş Tarihi', 'Müşteri Adı', 'Telefon', 'İl', 'Stok Kodu', 'Ürün Adı', 'Adet', 'Birim Fiyat', 'Kargo Firması', 'Kargo Anahtarı', 'Takip No'];

  it('groups lines into orders, creates customers and unknown products, stores the cargo columns', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'o.xlsx'), [
      {
        name: 'Siparişler',
        rows: [
          HEAD,
          ['TY-1', new Date(Date.UTC(2024, 2, 5, 14, 30)), 'Ayşe Yılmaz', '05321234567', 'İstanbul', 'A', 'Alpha', 2, '249,90', 'yurtici', 'K000000001', 7020000000001],
          ['TY-2', '06.03.2024', 'Mehmet Öztürk', '05427654321', 'Ankara', 'NEW-1', 'Yeni Ürün', 1, 100, 'aras', null, null],
          ['TY-1', null, null, null, null, 'B', 'Beta', 1, 10, null, null, null],
          ['TY-3', 45357, 'Ayşe Yılmaz', '05321234567', 'İstanbul', 'A', null, 1, 249.9, null, null, null],
          ['TY-1', null, null, null, null, 'A', null, 1, 5, null, null, null],
          ['TY-4', 'yarın', 'X', null, null, 'A', null, 0, null, null, null, null],
        ],
      },
    ]);
    const r = await importWorkbook(depsFor(tmp.store), f, {});
    expect(r.type).toBe('orders');
    expect(r.rows).toEqual({ total: 6, inserted: 4, updated: 0, unchanged: 0, skipped: 0, failed: 2 });
    expect(r.created).toEqual({ orders: 3, customers: 2, products: 1 });
    expect(r.errors.map((e) => [e.row, e.reason])).toEqual([
      [6, 'order TY-1 has SKU A twice: already on row 2 of this file (add a Line column to import both lines)'],
      [7, '"yarın" is not a date (use 2024-03-05, 05.03.2024 or 05/03/2024, or a date cell)'],
    ]);
    const orders = tmp.store.db.prepare('SELECT o.order_no, o.order_date, o.ship_name, o.ship_phone, o.ship_city, o.carrier, o.carrier_key, o.tracking_number, c.code AS customer FROM orders o LEFT JOIN customers c ON c.id = o.customer_id ORDER BY o.order_no').all();
    expect(orders).toEqual([
      { order_no: 'TY-1', order_date: '2024-03-05T14:30:00', ship_name: 'Ayşe Yılmaz', ship_phone: '05321234567', ship_city: 'İstanbul', carrier: 'yurtici', carrier_key: 'K000000001', tracking_number: '7020000000001', customer: '05321234567' },
      { order_no: 'TY-2', order_date: '2024-03-06', ship_name: 'Mehmet Öztürk', ship_phone: '05427654321', ship_city: 'Ankara', carrier: 'aras', carrier_key: null, tracking_number: null, customer: '05427654321' },
      { order_no: 'TY-3', order_date: '2024-03-06', ship_name: 'Ayşe Yılmaz', ship_phone: '05321234567', ship_city: 'İstanbul', carrier: null, carrier_key: null, tracking_number: null, customer: '05321234567' },
    ]);
    const lines = tmp.store.db.prepare('SELECT o.order_no, l.line_no, l.sku, l.name, l.quantity, l.unit_price FROM order_lines l JOIN orders o ON o.id = l.order_id ORDER BY o.order_no, l.line_no').all();
    expect(lines).toEqual([
      { order_no: 'TY-1', line_no: 1, sku: 'A', name: 'Alpha', quantity: 2, unit_price: 249.9 },
      { order_no: 'TY-1', line_no: 2, sku: 'B', name: 'Beta', quantity: 1, unit_price: 10 },
      { order_no: 'TY-2', line_no: 1, sku: 'NEW-1', name: 'Yeni Ürün', quantity: 1, unit_price: 100 },
      { order_no: 'TY-3', line_no: 1, sku: 'A', name: null, quantity: 1, unit_price: 249.9 },
    ]);
    expect(tmp.store.products.get('NEW-1')?.name).toBe('Yeni Ürün');

    // The same file again: nothing new, nothing changed.
    const again = await importWorkbook(depsFor(tmp.store), f, {});
    expect(again.rows).toEqual({ total: 6, inserted: 0, updated: 0, unchanged: 4, skipped: 0, failed: 2 });
    expect(again.created).toEqual({ orders: 0, customers: 0, products: 0 });
  });

  it('updates changed orders, matches lines by the Line column, and skips existing orders on request', async () => {
    const head = ['Order No', 'Line', 'SKU', 'Qty', 'Tracking Number'];
    const f = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'O', rows: [head, ['S-1', 1, 'A', 1, null], ['S-1', 2, 'A', 2, null]] }]);
    expect((await importWorkbook(depsFor(tmp.store), f, {})).rows.inserted).toBe(2);
    const g = await writeWorkbook(join(tmp.dir, 'b.xlsx'), [{ name: 'O', rows: [head, ['S-1', 2, 'A', 5, 'TRK-9'], ['S-2', 1, 'B', 1, null]] }]);
    const skipped = await importWorkbook(depsFor(tmp.store), g, { onExisting: 'skip', dryRun: true });
    expect(skipped.rows).toMatchObject({ skipped: 1, inserted: 1 });
    const r = await importWorkbook(depsFor(tmp.store), g, {});
    expect(r.rows).toMatchObject({ updated: 1, inserted: 1 });
    const lines = tmp.store.db.prepare("SELECT l.line_no, l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = 'S-1' ORDER BY l.line_no").all();
    expect(lines).toEqual([{ line_no: 1, quantity: 1 }, { line_no: 2, quantity: 5 }]);
    expect(tmp.store.db.prepare("SELECT tracking_number FROM orders WHERE order_no = 'S-1'").get()).toEqual({ tracking_number: 'TRK-9' });
  });

  it('reads numbers in date columns as serials of the workbook date system (1904 too)', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'mac.xlsx'), [{ name: 'O', rows: [['Order No', 'Order Date', 'SKU', 'Qty'], ['M-1', 43894, 'A', 1], ['M-2', '2024-03-05', 'A', 1]] }], { date1904: true });
    await importWorkbook(depsFor(tmp.store), f, {});
    expect(tmp.store.db.prepare("SELECT order_no, order_date FROM orders WHERE order_no LIKE 'M-%' ORDER BY order_no").all()).toEqual([
      { order_no: 'M-1', order_date: '2024-03-05' },
      { order_no: 'M-2', order_date: '2024-03-05' },
    ]);
  });
});
