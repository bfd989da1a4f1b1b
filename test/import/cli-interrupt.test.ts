// Interrupting a real import process: SIGKILL mid-file then `jobs resume`, and Ctrl-C (SIGINT).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startCli } from './run-cli.js';
import { productRow, writeLargeProducts } from './workbooks.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe('interrupted imports', () => {
  const rows = 30_000;
  let big: string;
  beforeAll(async () => {
    big = await writeLargeProducts(join(dir, 'big.xlsx'), rows);
  });

  /** Wait until the job has committed at least `min` rows (reading the store, as a second process may). */
  async function committed(db: string, min: number): Promise<number> {
    for (let i = 0; i < 2400; i++) {
      if (existsSync(db)) {
        try {
          const conn = new Database(db, { readonly: true, fileMustExist: true, timeout: 1000 });
          try {
            const row = conn.prepare('SELECT rows_total AS total FROM import_jobs WHERE id = 1').get() as { total: number } | undefined;
            if (row && row.total >= min) return row.total;
          } finally {
            conn.close();
          }
        } catch {
          // not created yet, or being migrated: try again
        }
      }
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('the import never committed rows');
  }

  const state = async (db: string) => {
    const strip = (p: any) => ({ sku: p.sku, name: p.name, barcode: p.barcode, price: p.price });
    const products = json((await runCli(['--db', db, 'products', '--json'], { timeoutMs: 120_000 })).stdout).products.map(strip);
    const stock = json((await runCli(['--db', db, 'stock', '--json'], { timeoutMs: 120_000 })).stdout).stock;
    return { products, stock };
  };

  /** What a clean import of the generated file leaves: every row once, as written. */
  const cleanState = () => {
    const products = [];
    const stock = [];
    for (let i = 1; i <= rows; i++) {
      const [sku, name, barcode, price, quantity] = productRow(i) as [string, string, number, number, number];
      products.push({ sku, name, barcode: String(barcode), price });
      stock.push({ sku, total: quantity, warehouses: { MAIN: quantity } });
    }
    return { products, stock };
  };

  it('SIGKILL mid-file, then `jobs resume`, ends with exactly the rows of a clean import', { timeout: 180_000 }, async () => {
    const db = join(dir, 'killed.db');
    const run = startCli(['--db', db, 'import', big, '--chunk-size', '500']);
    const seen = await committed(db, 2000);
    run.child.kill('SIGKILL');
    const killed = await run.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(seen).toBeLessThan(rows);

    const list = json((await runCli(['--db', db, 'jobs', '--json'])).stdout).jobs;
    expect(list[0]).toMatchObject({ jobId: 1, status: 'interrupted' });
    expect(list[0].rows.total % 500).toBe(0);
    expect(list[0].rows.total).toBeLessThan(rows);

    const resumed = await runCli(['--db', db, 'jobs', 'resume', '1', '--json'], { timeoutMs: 240_000 });
    expect(resumed.stderr).toMatch(/resuming job 1 after row \d+/);
    expect(resumed.code).toBe(0);
    expect(json(resumed.stdout)).toMatchObject({ jobId: 1, status: 'completed', resumed: true, rows: { total: rows, inserted: rows, failed: 0 } });
    expect(await state(db)).toEqual(cleanState());
    const moves = json((await runCli(['--db', db, 'jobs', 'show', '1', '--json'])).stdout);
    expect(moves.lastRow).toBe(rows + 1);
  });

  it('Ctrl-C (SIGINT) keeps committed chunks, marks the job cancelled, exits 130; resume completes it', { timeout: 180_000 }, async () => {
    const db = join(dir, 'sigint.db');
    const run = startCli(['--db', db, 'import', big, '--chunk-size', '500', '--json']);
    await committed(db, 2000);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    const report = json(r.stdout);
    expect(report).toMatchObject({ jobId: 1, status: 'cancelled' });
    expect(report.rows.total % 500).toBe(0);
    expect(report.rows.total).toBeLessThan(rows);
    expect(r.stderr).toMatch(/SIGINT: stopping after the current chunk/);
    const show = json((await runCli(['--db', db, 'jobs', 'show', '1', '--json'])).stdout);
    expect(show).toMatchObject({ status: 'cancelled', resumable: true, rows: report.rows });
    const resumed = await runCli(['--db', db, 'jobs', 'resume', '1', '--json'], { timeoutMs: 240_000 });
    expect(resumed.code).toBe(0);
    expect(json(resumed.stdout).rows).toMatchObject({ total: rows, inserted: rows });
  });
});
