// The `import` and `shipments sync` schedule lines: what start-up accepts and refuses (naming the
// schedule), how each core's report becomes the run's outcome, and `config check` listing schedules.
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateSchedules } from '../../src/daemon/schedules.js';
import { parseRunLine } from '../../src/daemon/commands.js';
import { shipmentsOutcome } from '../../src/daemon/shipments-command.js';
import { importFailure, importOutcome } from '../../src/daemon/import-command.js';
import { describeTargets } from '../../src/daemon/run-event.js';
import { checkConfig } from '../../src/config/check.js';
import { IntegrError } from '../../src/errors.js';
import type { ImportReport } from '../../src/import/pipeline.js';
import type { CarrierSyncReport, ShipmentsSyncReport } from '../../src/shipments/sync.js';
import { configIn } from '../helpers/local-store.js';
import { tempDir } from '../helpers/cli.js';
import { thrown } from '../helpers/errors.js';

const { dir, cleanup } = tempDir('integr-schedule-commands-');
afterAll(cleanup);

const channels = { sandbox: { type: 'sandbox' } };
const carriers = {
  yurtici: { type: 'yurtici', username: 'user', password: 'pass-1' },
  mng: { type: 'mng', customerNumber: '123', password: 'pass-2', clientId: 'id', clientSecret: 'secret-3' },
};
const load = (schedules: unknown[], over: Record<string, unknown> = {}) => configIn(dir, { channels, carriers, schedules, ...over });

async function problem(schedules: unknown[], over: Record<string, unknown> = {}): Promise<IntegrError> {
  const loaded = await load(schedules, over);
  return thrown(() => validateSchedules(loaded));
}

describe('import and shipments schedule lines', () => {
  it('accepts them; the import file need not exist yet; relative paths are relative to the config file', async () => {
    const loaded = await load([
      { name: 'stock-drop', cron: '*/5 * * * *', run: 'import drop/stock.xlsx --type stock --warehouse IST --chunk-size 50' },
      { name: 'products', cron: '0 6 * * *', run: `integr import "drop zone/ürünler.xlsx" --template products --sheet Ürünler --header-row 2 --on-existing skip --limit 1000` },
      { cron: '*/15 * * * *', run: 'shipments sync' },
      { cron: '*/30 * * * *', run: 'shipments sync --carrier mng' },
    ]);
    const s = validateSchedules(loaded);
    expect(s.map((x) => [x.key, x.job.command, x.job.channels, x.job.carriers, x.job.imports])).toEqual([
      ['stock-drop', 'import', [], [], ['drop/stock.xlsx']],
      ['products', 'import', [], [], ['drop zone/ürünler.xlsx']],
      ['shipments sync', 'shipments sync', [], ['yurtici', 'mng'], []],
      ['shipments sync --carrier mng', 'shipments sync', [], ['mng'], []],
    ]);
  });

  it.each([
    ['import', /import: name the workbook to import \(usage: import <file.xlsx>/],
    ['import a.xlsx b.xlsx', /import: one workbook per schedule, got 2/],
    ['import a.xlsx --type prices', /import: --type must be one of products, stock, stock-adjust, orders, got "prices"/],
    ['import a.xlsx --on-existing replace', /import: --on-existing must be update or skip, got "replace"/],
    ['import a.xlsx --chunk-size 0', /import: --chunk-size must be a whole number from 1 to 100000, got "0"/],
    ['import a.xlsx --limit many', /import: --limit must be a whole number/],
    ['import a.xlsx --header-row', /import: option --header-row needs a value/],
    ['import a.xlsx --warehouse " "', /import: --warehouse must not be empty/],
    ['import a.xlsx --template nope', /import: unknown template "nope"; known: .*products/],
    ['import a.xlsx --template products --type stock', /import: template products imports products, not stock/],
    ['import a.xlsx --template ./missing.json', /import: template file not found: .*missing\.json/],
    ['import a.xlsx --fast', /import: unknown option --fast \(usage: import <file.xlsx>/],
    ['import a.xlsx --force --type stock-adjust', /import: --force is not allowed in a schedule/],
    ['import a.xlsx --dry-run', /import: --dry-run writes nothing/],
    ['import a.xlsx --errors-out e.xlsx', /import: --errors-out is not available in a schedule/],
    ['shipments sync --carrier ups', /shipments sync: no carrier named "ups" in the config \(configured: yurtici, mng\)/],
    ['shipments sync --carrier', /shipments sync: option --carrier needs a value/],
    ['shipments sync --all', /shipments sync: unknown option --all/],
    ['shipments sync mng', /shipments sync: unexpected argument "mng"/],
    ['shipments create --pending', /"shipments create" cannot be scheduled; a schedule runs one of: sync, import, shipments sync/],
  ])('rejects "%s" naming the schedule', async (run, message) => {
    const e = await problem([{ cron: '0 * * * *', run: 'sync sandbox' }, { cron: '0 * * * *', run }]);
    expect(e.code).toBe('CONFIG');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^\.integrationsrc\.json: schedules\[1\] \(".*"\): /);
    expect(e.message).toMatch(message);
  });

  it('shipments sync with no carriers configured is refused', async () => {
    const e = await problem([{ name: 'track', cron: '*/15 * * * *', run: 'shipments sync' }], { carriers: {} });
    expect(e.message).toMatch(/schedules\[0\] \("track"\): shipments sync: no carriers are configured/);
  });

  it('a template given as a path is found next to the config file and checked against --type', async () => {
    const template = { name: 'erp-stock', type: 'stock', columns: [
      { key: 'sku', type: 'text', required: true, aliases: ['Kod'] },
      { key: 'quantity', type: 'integer', required: true, aliases: ['Adet'] },
    ] };
    writeFileSync(join(dir, 'erp-stock.json'), JSON.stringify(template));
    const loaded = await load([{ cron: '0 * * * *', run: 'import erp.xlsx --template ./erp-stock.json --type stock' }]);
    expect(validateSchedules(loaded)[0].job.imports).toEqual(['erp.xlsx']);
    const e = await problem([{ cron: '0 * * * *', run: 'import erp.xlsx --template ./erp-stock.json --type products' }]);
    expect(e.message).toMatch(/template erp-stock imports stock, not products/);
  });
});

function carrierReport(carrier: string, over: Partial<CarrierSyncReport> = {}): CarrierSyncReport {
  return { carrier, type: carrier, runId: 7, status: 'completed', checked: 4, changed: 2, unchanged: 2, notFound: 1, errors: 0, changes: [], failures: [], error: null, durationMs: 12, ...over };
}

function shipmentsReport(carriersIn: CarrierSyncReport[], over: Partial<ShipmentsSyncReport> = {}): ShipmentsSyncReport {
  const carrierFailures = carriersIn.filter((c) => c.error).map((c) => ({ carrier: c.carrier, ...c.error! }));
  return { status: 'completed', carriers: carriersIn, skipped: [], carrierFailures, failed: carriersIn.reduce((n, c) => n + c.errors, 0), durationMs: 20, ...over };
}

describe('shipments sync outcome', () => {
  it('one carrier target per carrier, with the checked/changed numbers in words', () => {
    const o = shipmentsOutcome(shipmentsReport([carrierReport('yurtici'), carrierReport('mng', { runId: 8, checked: 0, changed: 0, unchanged: 0, notFound: 0 })]));
    expect(o).toMatchObject({ exitCode: 0, cancelled: false });
    expect(o.targets).toEqual([
      expect.objectContaining({ kind: 'carrier', name: 'yurtici', status: 'completed', runId: 7, changes: 2, pushed: 2, errors: 0, durationMs: 12 }),
      expect.objectContaining({ kind: 'carrier', name: 'mng', status: 'completed', runId: 8, changes: 0 }),
    ]);
    expect(describeTargets(o.targets)).toBe('yurtici completed: 4 checked, 2 changed, 1 not found at the carrier, 0 failed; mng completed: 0 checked, 0 changed, 0 not found at the carrier, 0 failed');
  });

  it('a carrier that refuses the credentials is exit 5; item errors exit 3 with the first reason; locked carriers neither fail nor count', () => {
    const refused = carrierReport('mng', { status: 'failed', errors: 4, checked: 0, error: { code: 'REMOTE_AUTH', message: 'mng: the credentials were refused (HTTP 401)', exitCode: 5 } });
    expect(shipmentsOutcome(shipmentsReport([carrierReport('yurtici'), refused], { status: 'completed_with_errors' }))).toMatchObject({
      exitCode: 5,
      error: { code: 'REMOTE_AUTH', message: 'mng: the credentials were refused (HTTP 401)' },
    });
    const items = carrierReport('yurtici', { status: 'completed_with_errors', errors: 1, failures: [{ orderNo: 'A-1', carrierKey: 'K1', reason: 'yurtici gave no answer for this key' }] });
    expect(shipmentsOutcome(shipmentsReport([items], { status: 'completed_with_errors' }))).toMatchObject({
      exitCode: 3,
      error: { code: 'ITEM_ERRORS', message: 'yurtici: 1 shipment(s) could not be checked: yurtici gave no answer for this key' },
    });
    const locked = carrierReport('mng', { status: 'locked', runId: null, error: { code: 'LOCKED', message: 'mng: another integr process (pid 9 on h) is syncing it', exitCode: 1 } });
    const partly = shipmentsOutcome(shipmentsReport([carrierReport('yurtici'), locked], { status: 'completed_with_errors' }));
    expect(partly).toMatchObject({ exitCode: 0, cancelled: false });
    expect(partly.lockedBy).toBeUndefined();
    expect(partly.targets.map((t) => t.status)).toEqual(['completed', 'locked']);
    expect(shipmentsOutcome(shipmentsReport([locked], { status: 'failed' }))).toMatchObject({ exitCode: 0, lockedBy: expect.stringContaining('pid 9 on h') });
  });

  it('a stopped run is cancelled (exit 130)', () => {
    expect(shipmentsOutcome(shipmentsReport([carrierReport('yurtici', { status: 'cancelled' })], { status: 'cancelled' }))).toMatchObject({ exitCode: 130, cancelled: true });
    expect(shipmentsOutcome(shipmentsReport([carrierReport('yurtici')]), true)).toMatchObject({ exitCode: 130, cancelled: true });
  });
});

function importReport(over: Partial<ImportReport> = {}): ImportReport {
  return {
    jobId: 12,
    status: 'completed',
    dryRun: false,
    file: '/data/stock.xlsx',
    sheet: 'Stok',
    type: 'stock',
    template: 'stock',
    rows: { total: 10, inserted: 6, updated: 3, unchanged: 1, skipped: 0, failed: 0 },
    created: { products: 0, customers: 0, orders: 0 },
    durationMs: 40,
    errors: [],
    warnings: [],
    ...over,
  };
}

describe('import outcome', () => {
  it('rows written are the changes; rejected rows make it exit 3 naming the first; cancelled is 130', () => {
    const ok = importOutcome('drop/stock.xlsx', importReport());
    expect(ok).toMatchObject({ exitCode: 0, cancelled: false, targets: [{ kind: 'import', name: 'drop/stock.xlsx', status: 'completed', runId: 12, changes: 9, pushed: 9, errors: 0, durationMs: 40 }] });
    expect(describeTargets(ok.targets)).toBe('drop/stock.xlsx completed: 10 rows: 6 inserted, 3 updated, 1 unchanged, 0 skipped, 0 failed (job 12)');
    const rejected = importOutcome('drop/stock.xlsx', importReport({ status: 'completed_with_errors', rows: { total: 10, inserted: 6, updated: 2, unchanged: 0, skipped: 0, failed: 2 }, errors: [{ row: 4, column: 'Adet', raw: 'x', reason: 'Adet: "x" is not a whole number' }] }));
    expect(rejected).toMatchObject({ exitCode: 3, targets: [{ status: 'completed_with_errors', errors: 2 }], error: { code: 'ROW_ERRORS' } });
    expect(rejected.error?.message).toBe('drop/stock.xlsx: 2 of 10 rows rejected (first: row 4: Adet: "x" is not a whole number); see `integr jobs errors 12`');
    expect(importOutcome('drop/stock.xlsx', importReport({ status: 'cancelled' }))).toMatchObject({ exitCode: 130, cancelled: true });
  });

  it('an import that could not run is a failed target with the core error and its exit code', () => {
    const missing = importFailure('drop/stock.xlsx', new IntegrError('FILE', '/data/drop/stock.xlsx: file not found'), false, 3);
    expect(missing).toMatchObject({ exitCode: 2, cancelled: false, targets: [{ kind: 'import', status: 'failed', runId: null, error: { code: 'FILE' } }], error: { message: '/data/drop/stock.xlsx: file not found' } });
    const refused = importFailure('adjust.xlsx', new IntegrError('SAFETY', 'job 3 already applied the stock adjustments in this file'), false, 3);
    expect(refused.exitCode).toBe(4);
    const stopped = importFailure('a.xlsx', new IntegrError('INTERRUPTED', 'interrupted before the import started; nothing was written'), true, 1);
    expect(stopped).toMatchObject({ exitCode: 130, cancelled: true, targets: [{ status: 'cancelled' }] });
  });
});

describe('config check', () => {
  it('lists every schedule with its next run; a bad schedule is the config error the daemon would give', async () => {
    const loaded = await load([
      { name: 'hourly', cron: '0 * * * *', run: 'sync sandbox', timezone: 'Europe/Istanbul' },
      { cron: '*/15 * * * *', run: 'shipments sync --carrier yurtici', catchUp: false },
    ]);
    const before = Date.now();
    const r = checkConfig(loaded);
    expect(r).toMatchObject({ valid: true, file: join(dir, '.integrationsrc.json') });
    expect(r.schedules).toEqual([
      { name: 'hourly', run: 'sync sandbox', cron: '0 * * * *', timezone: 'Europe/Istanbul', catchUp: true, nextRunAt: expect.any(String) },
      { name: 'shipments sync --carrier yurtici', run: 'shipments sync --carrier yurtici', cron: '*/15 * * * *', timezone: null, catchUp: false, nextRunAt: expect.any(String) },
    ]);
    const next = new Date(r.schedules[0].nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(before - 1000);
    expect(next.getUTCMinutes()).toBe(0);
    expect(new Date(r.schedules[1].nextRunAt!).getUTCMinutes() % 15).toBe(0);
    expect(JSON.stringify(r)).not.toContain('secret-3');

    const bad = await load([{ cron: '0 * * * *', run: 'import a.xlsx --type prices' }]);
    expect(() => checkConfig(bad)).toThrow(/schedules\[0\] \("import a.xlsx --type prices"\): import: --type must be one of/);
    expect(parseRunLine('import a.xlsx', bad).imports).toEqual(['a.xlsx']);
  });
});
