import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importWorkbook, resumeImport } from '../../src/import/pipeline.js';
import { exportJobErrors, listJobs, showJob } from '../../src/import/jobs.js';
import { rollbackJob } from '../../src/import/rollback.js';
import { Store } from '../../src/store/store.js';
import { useTempStore } from '../helpers/temp-store.js';
import { thrown } from '../helpers/errors.js';
import { depsFor, writeWorkbook } from './workbooks.js';

const tmp = useTempStore();

/** Everything an import can touch, as plain data, to compare stores. */
function snapshot(s: Store) {
  const q = (sql: string) => s.db.prepare(sql).all();
  return {
    products: q('SELECT sku, name, barcode, price, list_price, attributes FROM products ORDER BY sku'),
    stock: q('SELECT sku, warehouse, quantity FROM stock ORDER BY sku, warehouse'),
    orders: q('SELECT order_no, order_date, status, total, carrier, tracking_number FROM orders ORDER BY order_no'),
    lines: q('SELECT o.order_no, l.line_no, l.sku, l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id ORDER BY 1, 2'),
    customers: q('SELECT code, name FROM customers ORDER BY code'),
  };
}

const HEAD = ['SKU', 'Name', 'Price', 'Stock'];

describe('rollback', () => {
  it('restores the values a job replaced and removes what it created', async () => {
    const a = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', 10, 5], ['B', 'Beta', 20, 6]] }]);
    await importWorkbook(depsFor(tmp.store), a, {});
    const before = snapshot(tmp.store);
    const b = await writeWorkbook(join(tmp.dir, 'b.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha 2', 11, 9], ['C', 'Gamma', 30, 1]] }]);
    const job = await importWorkbook(depsFor(tmp.store), b, {});
    const orders = await writeWorkbook(join(tmp.dir, 'o.xlsx'), [{ name: 'O', rows: [['Order No', 'Customer', 'SKU', 'Qty'], ['S-1', 'Ayşe', 'NEW', 1], ['S-1', 'Ayşe', 'B', 2]] }]);
    const orderJob = await importWorkbook(depsFor(tmp.store), orders, {});

    const r1 = rollbackJob(tmp.store, orderJob.jobId!);
    expect(r1.undone).toEqual({ product: 1, stock: 0, order: 1, order_line: 2, customer: 1 });
    const r2 = rollbackJob(tmp.store, job.jobId!);
    expect(r2.undone).toMatchObject({ product: 2, stock: 2 });
    expect(snapshot(tmp.store)).toEqual(before);
    const moves = tmp.store.db.prepare("SELECT sku, delta, quantity_after AS after FROM stock_movements WHERE reason = 'rollback' ORDER BY id").all();
    expect(moves).toEqual([
      { sku: 'A', delta: -4, after: 5 },
      { sku: 'C', delta: -1, after: 0 },
    ]);
    expect(showJob(tmp.store, job.jobId!).rolledBackAt).not.toBeNull();
    expect(thrown(() => rollbackJob(tmp.store, job.jobId!)).message).toMatch(/already rolled back/);
  });

  it('refuses when a later job changed the same rows, unless forced', async () => {
    const a = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', 10, 5]] }]);
    const first = await importWorkbook(depsFor(tmp.store), a, {});
    const adj = await writeWorkbook(join(tmp.dir, 'adj.xlsx'), [{ name: 'S', rows: [['SKU', 'Delta'], ['A', 3]] }]);
    const second = await importWorkbook(depsFor(tmp.store), adj, {});
    const e = thrown(() => rollbackJob(tmp.store, first.jobId!));
    expect(e.exitCode).toBe(4);
    expect(e.message).toContain(`later work changed the same rows (job ${second.jobId}: 1 row)`);
    expect(tmp.store.stock.list()[0].total).toBe(8);

    rollbackJob(tmp.store, second.jobId!);
    expect(tmp.store.stock.list()[0].total).toBe(5);
    rollbackJob(tmp.store, first.jobId!);
    expect(tmp.store.products.count()).toBe(0);
  });

  it('--force restores over later changes', async () => {
    const a = await writeWorkbook(join(tmp.dir, 'a.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', 10, 5]] }]);
    await importWorkbook(depsFor(tmp.store), a, {});
    const b = await writeWorkbook(join(tmp.dir, 'b.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha 2', 10, 6]] }]);
    const second = await importWorkbook(depsFor(tmp.store), b, {});
    const c = await writeWorkbook(join(tmp.dir, 'c.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha 3', 10, 7]] }]);
    await importWorkbook(depsFor(tmp.store), c, {});
    expect(() => rollbackJob(tmp.store, second.jobId!)).toThrow(/later work changed the same rows/);
    const r = rollbackJob(tmp.store, second.jobId!, { force: true });
    expect(r.forced).toBe(true);
    expect(tmp.store.products.get('A')?.name).toBe('Alpha');
    expect(tmp.store.stock.list()[0].total).toBe(5);
  });
});

describe('cancel and resume', () => {
  it('a cancelled job keeps its committed chunks and resumes to exactly the rows of a clean import', async () => {
    const rows = [['SKU', 'Name', 'Price', 'Stock'], ...Array.from({ length: 230 }, (_, i) => [`S${String(i).padStart(4, '0')}`, `Ürün ${i}`, i % 7 === 0 ? 'bozuk' : i + 0.5, i % 9])];
    // Duplicates on both sides of where the run is cut: the resumed run must still see the first ones.
    rows.splice(50, 0, ['S0010', 'dup', 1, 1]);
    rows.push(['S0003', 'dup after the cut', 1, 1], ['S0007', 'dup of a failed row', 2, 2]);
    const f = await writeWorkbook(join(tmp.dir, 'big.xlsx'), [{ name: 'S', rows }]);

    const clean = Store.open(join(tmp.dir, 'clean.db'));
    const cleanReport = await importWorkbook(depsFor(clean), f, { chunkSize: 20 });

    const controller = new AbortController();
    const deps = { ...depsFor(tmp.store), progress: (p: { rows: number }) => p.rows >= 60 && controller.abort(new Error('stop')) };
    const cancelled = await importWorkbook(deps, f, { chunkSize: 20 }, controller.signal, { progressEveryMs: 0 });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.rows.total % 20).toBe(0);
    expect(cancelled.rows.total).toBeLessThan(cleanReport.rows.total);
    const detail = showJob(tmp.store, cancelled.jobId!);
    expect(detail).toMatchObject({ status: 'cancelled', resumable: true });

    const resumed = await resumeImport(depsFor(tmp.store), cancelled.jobId!, {});
    expect(resumed).toMatchObject({ jobId: cancelled.jobId, status: 'completed_with_errors', resumed: true });
    expect(resumed.rows).toEqual(cleanReport.rows);
    expect(snapshot(tmp.store)).toEqual(snapshot(clean));
    const errs = (s: Store) => s.db.prepare('SELECT row_number, column, reason FROM import_errors ORDER BY id').all();
    expect(errs(tmp.store)).toEqual(errs(clean));
    await expect(resumeImport(depsFor(tmp.store), cancelled.jobId!, {})).rejects.toThrow(/already completed with errors/);
    clean.close();
  });

  it('two resumes at once: one runs the job, the other is refused', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'two.xlsx'), [{ name: 'S', rows: [HEAD, ...Array.from({ length: 30 }, (_, i) => [`T${i}`, `N${i}`, 1, 1])] }]);
    const controller = new AbortController();
    const deps = { ...depsFor(tmp.store), progress: (p: { rows: number }) => p.rows >= 10 && controller.abort(new Error('stop')) };
    const cut = await importWorkbook(deps, f, { chunkSize: 5 }, controller.signal, { progressEveryMs: 0 });
    const results = await Promise.allSettled([resumeImport(depsFor(tmp.store), cut.jobId!, {}), resumeImport(depsFor(tmp.store), cut.jobId!, {})]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String(refused[0].reason.message)).toMatch(/taken over by another process|still running/);
    expect(tmp.store.products.count()).toBe(30);
  });

  it('refuses to resume when the file changed', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'x.xlsx'), [{ name: 'S', rows: [HEAD, ['A', 'Alpha', 1, 1], ['B', 'Beta', 1, 1]] }]);
    const controller = new AbortController();
    const early = new AbortController();
    early.abort(new Error('stop at once'));
    await expect(importWorkbook(depsFor(tmp.store), f, {}, early.signal)).rejects.toThrow(/interrupted before the import started; nothing was written/);
    expect(listJobs(tmp.store)).toEqual([]);
    const deps = { ...depsFor(tmp.store), progress: () => controller.abort(new Error('stop')) };
    const r = await importWorkbook(deps, f, { chunkSize: 1 }, controller.signal, { progressEveryMs: 0 });
    expect(r.status).toBe('cancelled');
    await writeWorkbook(f, [{ name: 'S', rows: [HEAD, ['A', 'Other', 1, 1]] }]);
    await expect(resumeImport(depsFor(tmp.store), r.jobId!, {})).rejects.toThrow(/has changed since the job read it/);
  });
});

describe('errors workbook', () => {
  it('gives back the failed rows in their original columns plus an Error column, ready to fix and import', async () => {
    const f = await writeWorkbook(join(tmp.dir, 'e.xlsx'), [
      { name: 'Ürünler', rows: [['Stok Kodu', 'Not', 'Ürün Adı', 'Barkod', 'Fiyat'], ['A', 'ok', 'Alpha', 8690000000011, 'abc'], ['B', 'x', 'Beta', 8690000000028, 2], ['C', null, 'Gamma', '0012', '1,2,3']] },
    ]);
    const errorsOut = join(tmp.dir, 'out', 'errors.xlsx');
    const r = await importWorkbook(depsFor(tmp.store), f, { errorsOut });
    expect(r.errorsFile).toBe(errorsOut);
    const again = await exportJobErrors(tmp.store, r.jobId!, join(tmp.dir, 'again.xlsx'));
    expect(again.rows).toBe(2);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(errorsOut);
    const ws = wb.worksheets[0];
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Stok Kodu', 'Not', 'Ürün Adı', 'Barkod', 'Fiyat', 'Error']);
    expect(values(2)).toEqual(['A', 'ok', 'Alpha', '8690000000011', 'abc', 'row 2: Fiyat: "abc" is not a number']);
    expect(values(3)).toEqual(["C", undefined, "Gamma", "0012", "1,2,3", "row 4: Fiyat: \"1,2,3\" is not a number (digits are not grouped in threes)"]);
    expect(ws.rowCount).toBe(3);

    // Fix the rows in the errors workbook and import it: the Error column is ignored.
    ws.getRow(2).getCell(5).value = 10;
    ws.getRow(3).getCell(5).value = '1,5';
    const fixed = join(tmp.dir, 'fixed.xlsx');
    await wb.xlsx.writeFile(fixed);
    const r2 = await importWorkbook(depsFor(tmp.store), fixed, {});
    expect(r2.rows).toMatchObject({ inserted: 2, failed: 0 });
    expect(tmp.store.products.list().map((p) => [p.sku, p.barcode, p.price])).toEqual([
      ['A', '8690000000011', 10],
      ['B', '8690000000028', 2],
      ['C', '0012', 1.5],
    ]);
    expect(listJobs(tmp.store).map((j) => j.status)).toEqual(['completed', 'completed_with_errors']);
  });
});

describe('resuming an orders import', () => {
  it('keeps orders whose lines straddle the cut whole, and skipped orders skipped', async () => {
    const head = ['Order No', 'Customer', 'SKU', 'Qty', 'Tracking Number'];
    const existing = await writeWorkbook(join(tmp.dir, 'existing.xlsx'), [{ name: 'O', rows: [head, ['O-2', 'Ayşe', 'A', 1, null]] }]);
    const rows: unknown[][] = [head];
    for (let i = 0; i < 40; i++) rows.push([`O-${i % 7}`, `Müşteri ${i % 7}`, `P-${i}`, 1 + (i % 3), i % 7 === 3 ? `TRK-${i}` : null]);
    rows.push(['O-1', 'Müşteri 1', 'P-1', 9, null]);
    const file = await writeWorkbook(join(tmp.dir, 'orders.xlsx'), [{ name: 'O', rows: rows as never }]);

    const clean = Store.open(join(tmp.dir, 'clean.db'));
    await importWorkbook(depsFor(clean), existing, {});
    const cleanReport = await importWorkbook(depsFor(clean), file, { chunkSize: 5, onExisting: 'skip' });

    await importWorkbook(depsFor(tmp.store), existing, {});
    const controller = new AbortController();
    const deps = { ...depsFor(tmp.store), progress: (p: { rows: number }) => p.rows >= 15 && controller.abort(new Error('stop')) };
    const cut = await importWorkbook(deps, file, { chunkSize: 5, onExisting: 'skip' }, controller.signal, { progressEveryMs: 0 });
    expect(cut.status).toBe('cancelled');
    const resumed = await resumeImport(depsFor(tmp.store), cut.jobId!, {});
    expect(resumed.rows).toEqual(cleanReport.rows);
    expect(resumed.rows).toMatchObject({ skipped: 6, failed: 1 });
    expect(resumed.created).toEqual(cleanReport.created);
    expect(snapshot(tmp.store)).toEqual(snapshot(clean));
    clean.close();
  });
});
