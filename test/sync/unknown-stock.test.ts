// Products whose stock integr has never been told (created from order lines, or imported from a
// catalog without a stock column) must not be pushed as 0: a real shop has stock for them.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, ROOT } from '../helpers/cli.js';
import { writeWorkbook } from '../import/workbooks.js';

describe('sync leaves products with no local stock alone (CLI, sandbox channel)', () => {
  const { dir, cleanup } = tempDir('integr-unknown-stock-');
  afterAll(cleanup);

  it('an orders import creates products; the next sync reports them and does not zero them on the channel', async () => {
    const remotePath = join(dir, 'remote.json');
    writeFileSync(join(dir, '.integrationsrc.yaml'), 'channels:\n  sandbox: { type: sandbox, path: ./remote.json }\n');
    expect((await runCli(['import', join(ROOT, 'templates/samples/products.xlsx')], { cwd: dir })).code).toBe(0);
    expect((await runCli(['sync', 'sandbox', '--force'], { cwd: dir })).code).toBe(0);
    // The shop also sells three products integr has not seen; an order for each arrives first.
    const remote = JSON.parse(readFileSync(remotePath, 'utf8'));
    Object.assign(remote.items, { 'NEW-1': 40, 'NEW-2': 25, 'NEW-3': 12 });
    writeFileSync(remotePath, JSON.stringify(remote));
    const orders = await writeWorkbook(join(dir, 'orders.xlsx'), [
      { name: 'Orders', rows: [['Order No', 'SKU', 'Quantity', 'Product Name'], ['W1', 'NEW-1', 1, 'n1'], ['W2', 'NEW-2', 1, 'n2'], ['W3', 'NEW-3', 1, 'n3']] },
    ]);
    const imported = await runCli(['import', orders, '--json'], { cwd: dir });
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout).created).toMatchObject({ orders: 3, products: 3 });

    const r = await runCli(['sync', 'sandbox', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).channels[0]).toMatchObject({ status: 'completed', totalProducts: 23, noLocalStock: 3, changes: 0, updated: 0 });
    expect(r.stderr).toMatch(/3 product\(s\) have no stock recorded locally and are left alone on the channel: NEW-1, NEW-2, NEW-3/);
    const after = JSON.parse(readFileSync(remotePath, 'utf8')).items;
    expect([after['NEW-1'], after['NEW-2'], after['NEW-3']]).toEqual([40, 25, 12]);

    // Once their stock is imported they sync like every other product, a 0 included.
    const stock = await writeWorkbook(join(dir, 'stock.xlsx'), [{ name: 'Stok', rows: [['Stok Kodu', 'Miktar'], ['NEW-1', 38], ['NEW-2', 0]] }]);
    expect((await runCli(['import', stock, '--type', 'stock'], { cwd: dir })).code).toBe(0);
    const next = await runCli(['sync', 'sandbox', '--json'], { cwd: dir });
    expect(JSON.parse(next.stdout).channels[0]).toMatchObject({ noLocalStock: 1, changes: 2, updated: 2 });
    const last = JSON.parse(readFileSync(remotePath, 'utf8')).items;
    expect([last['NEW-1'], last['NEW-2'], last['NEW-3']]).toEqual([38, 0, 12]);
  });

  it('a channel whose warehouses hold no stock at all (a typo: main for MAIN) is refused before any write, not zeroed', async () => {
    const cwd = join(dir, 'typo');
    mkdirSync(cwd);
    writeFileSync(join(cwd, '.integrationsrc.yaml'), 'channels:\n  sandbox: { type: sandbox, path: ./remote.json, warehouses: [main] }\n');
    expect((await runCli(['import', join(ROOT, 'templates/samples/products.xlsx')], { cwd })).code).toBe(0);
    const r = await runCli(['sync', 'sandbox', '--json'], { cwd });
    expect(r.code).toBe(4);
    const ch = JSON.parse(r.stdout).channels[0];
    expect(ch).toMatchObject({ status: 'refused', updated: 0 });
    expect(ch.error.message).toMatch(/no stock is recorded in the channel's warehouses \(main\); the store has MAIN \(codes are case-sensitive\), so every target would be 0/);
    expect(existsSync(join(cwd, 'remote.json'))).toBe(false);
    // One known warehouse among them is enough to sync; the unknown one is named.
    writeFileSync(join(cwd, '.integrationsrc.yaml'), 'channels:\n  sandbox: { type: sandbox, path: ./remote.json, warehouses: [MAIN, IST] }\n');
    const ok = await runCli(['sync', 'sandbox', '--dry-run'], { cwd });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/no stock is recorded in warehouse\(s\) IST of channels\.sandbox\.warehouses; the store has MAIN/);
    const stock = await runCli(['stock', '--warehouse', 'main'], { cwd });
    expect(stock.code).toBe(0);
    expect(stock.stderr).toMatch(/no stock is recorded in warehouse main; the store has MAIN \(codes are case-sensitive\)/);
  });
});
