import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { writeOleFile, writeWorkbook, writeZipBomb } from './workbooks.js';

const SAMPLES = join(ROOT, 'templates', 'samples');
const { dir, cleanup } = tempDir();
afterAll(cleanup);

const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe('integr import (end to end)', () => {
  it('the README quick start works with no config: the embedded store under ./.integr', async () => {
    const cwd = join(dir, 'fresh');
    mkdirSync(cwd);
    const r = await runCli(['import', join(SAMPLES, 'products.xlsx')], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/products\.xlsx \[Ürünler\] → products: job 1 completed/);
    expect(r.stdout).toMatch(/rows: 20 · inserted 20/);
    expect(existsSync(join(cwd, '.integr', 'integr.db'))).toBe(true);

    const stock = await runCli(['import', join(SAMPLES, 'stock.xlsx'), '--json'], { cwd });
    expect(stock.code).toBe(0);
    const report = json(stock.stdout);
    expect(report).toMatchObject({ jobId: 2, status: 'completed', sheet: 'Stok Sayımı', type: 'stock', rows: { total: 30, failed: 0 } });
    expect(report.file).toBe(join(SAMPLES, 'stock.xlsx'));
    expect(typeof report.durationMs).toBe('number');
    expect(report).not.toHaveProperty('errorsFile');

    const orders = await runCli(['import', join(SAMPLES, 'orders.xlsx'), '--json'], { cwd });
    expect(json(orders.stdout)).toMatchObject({ type: 'orders', status: 'completed', created: { orders: 12, customers: 5, products: 0 } });

    const products = json((await runCli(['products', '--json'], { cwd })).stdout).products as { sku: unknown; barcode: unknown }[];
    expect(products).toHaveLength(20);
    for (const p of products) {
      expect(typeof p.sku).toBe('string');
      expect(typeof p.barcode).toBe('string');
      expect(p.barcode).toMatch(/^869\d{10}$/);
    }

    const jobs = json((await runCli(['jobs', '--json'], { cwd })).stdout).jobs;
    expect(jobs.map((j: any) => [j.jobId, j.status, j.type])).toEqual([[3, 'completed', 'orders'], [2, 'completed', 'stock'], [1, 'completed', 'products']]);
    expect(Object.keys(jobs[0])).toEqual(expect.arrayContaining(['jobId', 'status', 'type', 'file', 'sheet', 'rows', 'startedAt', 'finishedAt']));
    expect(jobs[0].startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  });

  it('row errors: exit 3, the good rows kept, the bad ones in an errors workbook', async () => {
    const db = join(dir, 'errors.db');
    const out = join(dir, 'failed.xlsx');
    const r = await runCli(['--db', db, 'import', join(SAMPLES, 'products-with-errors.xlsx'), '--errors-out', out, '--json']);
    expect(r.code).toBe(3);
    const report = json(r.stdout);
    expect(report).toMatchObject({ status: 'completed_with_errors', rows: { total: 8, inserted: 2, failed: 6 }, errorsFile: out });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets[0].rowCount).toBe(7);
    expect(wb.worksheets[0].getRow(1).getCell(11).value).toBe('Error');

    const again = join(dir, 'again.xlsx');
    const e = await runCli(['--db', db, 'jobs', 'errors', String(report.jobId), '--out', again]);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain(`6 failed rows written to ${again}`);
    const show = json((await runCli(['--db', db, 'jobs', 'show', String(report.jobId), '--json'])).stdout);
    expect(show).toMatchObject({ jobId: report.jobId, status: 'completed_with_errors', fileHash: expect.stringMatching(/^[0-9a-f]{64}$/), headerRow: 1, lastRow: 9 });
    expect(show.errors).toHaveLength(6);
    const list = await runCli(['--db', db, 'jobs', 'errors', String(report.jobId)]);
    expect(list.stdout).toContain('"fiyat sorunuz" is not a number');
  });

  it('an errors workbook never overwrites the workbook being imported or the store; an older errors workbook is replaced', async () => {
    const cwd = join(dir, 'errors-target');
    mkdirSync(cwd);
    const source = join(cwd, 'pwe.xlsx');
    copyFileSync(join(SAMPLES, 'products-with-errors.xlsx'), source);
    const sourceBytes = readFileSync(source);
    const db = join(cwd, 'integr.db');
    const refused = async (args: string[], message: RegExp) => {
      const r = await runCli(['--db', db, ...args], { cwd });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    await refused(['import', source, '--errors-out', source], /is the workbook being imported/);
    await refused(['import', source, '--errors-out', './pwe.xlsx'], /is the workbook being imported/);
    expect(readFileSync(source).equals(sourceBytes)).toBe(true);
    await refused(['import', source, '--errors-out', 'errors.db'], /must be an \.xlsx file/);
    // Nothing was imported by the refused runs.
    expect(json((await runCli(['--db', db, 'jobs', 'list', '--json'], { cwd })).stdout).jobs).toEqual([]);

    const first = await runCli(['--db', db, 'import', source, '--errors-out', 'errors.xlsx', '--json'], { cwd });
    expect(first.code).toBe(3);
    const jobId = String(json(first.stdout).jobId);
    const again = await runCli(['--db', db, 'import', source, '--errors-out', 'errors.xlsx', '--json'], { cwd });
    expect(again.code).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(cwd, 'errors.xlsx'));
    expect(wb.worksheets[0].rowCount).toBe(7);

    await refused(['jobs', 'errors', jobId, '--out', source], /is the workbook being imported/);
    const storeAlias = join(cwd, 'link-to-store.xlsx');
    symlinkSync(db, storeAlias);
    await refused(['jobs', 'errors', jobId, '--out', storeAlias], /is integr's store/);
    expect(readFileSync(source).equals(sourceBytes)).toBe(true);
    expect((await runCli(['--db', db, 'jobs', 'list'], { cwd })).code).toBe(0);
  });

  it('--dry-run prints what would change and writes nothing', async () => {
    const db = join(dir, 'dry.db');
    const r = await runCli(['--db', db, 'import', join(SAMPLES, 'products.xlsx'), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run (nothing written)');
    expect(r.stdout).toContain('row 2: inserted: insert product TSH-001-S (name="Pamuklu Basic Tişört Beyaz S", barcode="8690000000011"');
    const j = await runCli(['--db', db, 'import', join(SAMPLES, 'products.xlsx'), '--dry-run', '--json']);
    expect(json(j.stdout).changes).toHaveLength(20);
    expect(json((await runCli(['--db', db, 'jobs', '--json'])).stdout).jobs).toEqual([]);
    expect(json((await runCli(['--db', db, 'products', '--json'])).stdout).products).toEqual([]);
  });

  it('refuses bad input with one clear line and exit 2, leaving the store untouched', async () => {
    const db = join(dir, 'bad.db');
    const good = join(SAMPLES, 'products.xlsx');
    const file = (name: string, content: string | Buffer) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    };
    const truncated = join(dir, 'truncated.xlsx');
    copyFileSync(good, truncated);
    truncateSync(truncated, Math.floor(statSync(good).size / 2));
    const cases: [string, RegExp][] = [
      [join(dir, 'nope.xlsx'), /nope\.xlsx: file not found/],
      [dir, /is a directory/],
      [file('empty.xlsx', ''), /is empty/],
      [file('export.xlsx', 'Stok Kodu;Ürün Adı;Fiyat\nTSH-1;Tişört;249,90\nTSH-2;Şal;99,90\n'), /not an Excel \.xlsx workbook: it looks like a CSV/i],
      [file('report.xlsx', '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), /looks like a PDF document/],
      [truncated, /truncated\.xlsx: .*(damaged|truncated|corrupt)/i],
      [writeOleFile(join(dir, 'locked.xlsx'), 'EncryptionInfo'), /password-protected/],
      [writeOleFile(join(dir, 'old.xls'), 'Workbook'), /old Excel 97-2003 \.xls .*save it as "Excel Workbook \(\.xlsx\)"/],
      [writeZipBomb(join(dir, 'bomb.xlsx'), 40 * 1024 * 1024), /zip bomb/],
      [await writeWorkbook(join(dir, 'noheader.xlsx'), [{ name: 'Sheet1', rows: [['TSH-1', 'Tişört', 12], ['TSH-2', 'Şal', 3]] }]), /no header row/],
    ];
    const results = await Promise.all(cases.map(([path]) => runCli(['--db', db, 'import', path])));
    cases.forEach(([path, message], i) => {
      const r = results[i];
      expect({ path, code: r.code }).toEqual({ path, code: 2 });
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').filter((l) => !l.trimStart().startsWith('hint:'))).toHaveLength(1);
    });
    const j = await runCli(['--db', db, 'import', join(dir, 'nope.xlsx'), '--json']);
    expect(json(j.stdout)).toEqual({ error: { code: 'FILE', message: expect.stringContaining('file not found') } });
    expect(json((await runCli(['--db', db, 'jobs', '--json'])).stdout).jobs).toEqual([]);
    const wrongSheet = await runCli(['--db', db, 'import', good, '--sheet', 'Stok']);
    expect(wrongSheet.code).toBe(2);
    expect(wrongSheet.stderr).toMatch(/has no sheet "Stok"; its sheets are 1 "Ürünler"/);
    const badFlag = await runCli(['--db', db, 'import', good, '--chunk-size', 'lots']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--chunk-size must be a whole number/);
  });

  it('templates list, show and export', async () => {
    const list = await runCli(['templates', '--json']);
    expect(json(list.stdout).templates.map((t: any) => t.name)).toEqual(['orders', 'products', 'stock-adjust', 'stock']);
    const show = await runCli(['templates', 'show', 'orders']);
    expect(show.stdout).toContain('Kargo Anahtarı');
    expect(show.stdout).toContain('Трек-номер');
    const out = join(dir, 'orders-template.xlsx');
    const ex = await runCli(['templates', 'export', 'orders', '--out', out]);
    expect(ex.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['orders', 'Columns']);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1, 4)).toEqual(['Order No', 'Order Date', 'Status']);
    expect(wb.worksheets[0].getColumn(1).width).toBe(16);
    expect(wb.worksheets[1].getRow(2).getCell(5).value).toMatch(/rows sharing it/);
    expect((await runCli(['templates', 'export', 'orders', '--out', out])).code).toBe(2);
    // A blank template imports (as nothing) without a header error.
    const r = await runCli(['--db', join(dir, 'tpl.db'), 'import', out, '--json']);
    expect(json(r.stdout)).toMatchObject({ type: 'orders', rows: { total: 0 } });
  });
});
