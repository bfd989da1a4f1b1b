// `integr daemon` as a child process running the two other schedulable commands every second: an
// `import` of a workbook dropped into a folder (missing at first) and `shipments sync` against the
// Yurtiçi fake. The runs must be recorded, shown by `integr status --json` (carriers) and on /metrics.
// Everything waits for observable events with generous timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { createShipments } from '../../src/shipments/create.js';
import { Store } from '../../src/store/store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { seedLocal } from '../helpers/local-store.js';
import { orderFor } from '../conformance/carrier.js';
import { startYurticiFake, type YurticiFake } from '../fakes/yurtici/server.js';
import { writeWorkbook } from '../import/workbooks.js';
import { killDaemonProcesses, metricValue, startDaemonProcess, untilStore, waitForEvent } from './process.js';

afterAll(killDaemonProcesses);

type Target = { kind: string; name: string; status: string; changes: number; runId: number | null };
const targetsOf = (e: Record<string, unknown>) => (e.targets ?? []) as Target[];

describe('integr daemon (child process): scheduled import and shipments sync', () => {
  const { dir, cleanup } = tempDir('integr-daemon-jobs-');
  const dbPath = join(dir, 'integr.db');
  const configPath = join(dir, '.integrationsrc.yaml');
  let fake: YurticiFake;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startYurticiFake();
    env = { YURTICI_PASSWORD: fake.password };
    writeFileSync(
      configPath,
      `store: { path: ./integr.db }
carriers:
  yurtici: { type: yurtici, username: "${fake.username}", password: "\${YURTICI_PASSWORD}", baseUrl: "${fake.url}" }
daemon: { shutdownTimeout: 30, lockTtl: 10 }
schedules:
  - { name: stock-drop, cron: "* * * * * *", run: "import drop/stock.xlsx --type stock --warehouse IST" }
  - { name: track, cron: "* * * * * *", run: "shipments sync" }
`,
    );
    // Two orders shipped at the fake (through the shipments core), so tracking has something to ask about.
    const loaded = await loadConfig({ configPath, env: { ...process.env, ...env } });
    const store = Store.open(dbPath);
    try {
      seedLocal(store, [{ sku: 'TSHIRT-1' }, { sku: 'MUG-2' }]);
      store.shipments.addOrder(orderFor('ORD-9001', 'yurtici', 0));
      store.shipments.addOrder(orderFor('ORD-9002', 'Yurtiçi Kargo', 1));
      const created = await createShipments({ loaded, store, log: { verbose: () => undefined, warn: () => undefined } }, { pending: true });
      expect(created.summary.created).toBe(2);
    } finally {
      store.close();
    }
  });
  afterAll(async () => {
    await fake?.close();
    cleanup();
  });

  it('imports the workbook once it is dropped, tracks the shipments, and shows both in status and /metrics', async () => {
    const d = startDaemonProcess(dir, ['--health-port', '0'], env);
    const started = await waitForEvent([d], 'daemon.start', (e) => e.event === 'daemon.start');
    const base = `http://127.0.0.1:${started.healthPort as number}`;
    const ended = (schedule: string, match: (e: Record<string, unknown>) => boolean) => (e: Record<string, unknown>) => e.event === 'run.end' && e.schedule === schedule && match(e);

    // The drop folder is empty: each import run fails, saying so.
    const missing = await waitForEvent([d], 'an import run without its file', ended('stock-drop', (e) => e.status === 'failure'));
    expect(missing).toMatchObject({ exitCode: 2, error: { code: 'FILE' } });
    expect(String((missing.error as { message: string }).message)).toMatch(/drop\/stock\.xlsx: file not found \(the schedule imports it once it is there\)/);

    const tracked = await waitForEvent([d], 'a tracking run', ended('track', (e) => e.status === 'success'));
    expect(targetsOf(tracked)).toEqual([expect.objectContaining({ kind: 'carrier', name: 'yurtici', status: 'completed' })]);
    expect(String(tracked.msg)).toMatch(/yurtici completed: 2 checked, \d+ changed/);

    // The carrier moves both parcels on; a later run records it.
    fake.advance();
    await untilStore(dbPath, 'the shipments to be in transit', (s) => (['ORD-9001', 'ORD-9002'].every((o) => s.shipments.get(o)?.status === 'in_transit') ? true : undefined));

    // Written elsewhere and moved in, so the daemon never reads half a file.
    mkdirSync(join(dir, 'drop'));
    await writeWorkbook(join(dir, 'stock.tmp.xlsx'), [{ name: 'Stok', rows: [['Stok Kodu', 'Adet'], ['TSHIRT-1', 12], ['MUG-2', 4]] }]);
    renameSync(join(dir, 'stock.tmp.xlsx'), join(dir, 'drop', 'stock.xlsx'));
    const imported = await waitForEvent([d], 'the import of the dropped file', ended('stock-drop', (e) => e.status === 'success' && targetsOf(e)[0]?.status === 'completed'));
    expect(targetsOf(imported)[0]).toMatchObject({ kind: 'import', name: 'drop/stock.xlsx', changes: 2 });
    const jobId = targetsOf(imported)[0].runId;
    await waitForEvent([d], 'a run finding the file unchanged', ended('stock-drop', (e) => targetsOf(e)[0]?.status === 'unchanged'));

    const healthz = await fetch(`${base}/healthz`);
    expect(healthz.status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metricValue(metrics, 'integr_shipments_runs_total{carrier="yurtici",result="completed"}')).toBeGreaterThanOrEqual(2);
    expect(metricValue(metrics, 'integr_shipments_items_pushed_total{carrier="yurtici"}')).toBeGreaterThanOrEqual(2);
    expect(metricValue(metrics, 'integr_shipments_last_success_timestamp_seconds{carrier="yurtici"}')).toBeGreaterThan(0);
    expect(metricValue(metrics, 'integr_import_runs_total{source="drop/stock.xlsx",result="completed"}')).toBe(1);
    expect(metricValue(metrics, 'integr_import_runs_total{source="drop/stock.xlsx",result="failed"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'integr_import_runs_total{source="drop/stock.xlsx",result="unchanged"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'integr_import_items_pushed_total{source="drop/stock.xlsx"}')).toBe(2);
    expect(metricValue(metrics, 'integr_schedule_runs_total{schedule="track",result="success"}')).toBeGreaterThanOrEqual(2);

    d.child.kill('SIGTERM');
    expect(await d.exited).toEqual({ code: 0, signal: null });
    expect(d.stderr()).not.toContain(fake.password);

    const s = Store.open(dbPath);
    try {
      expect(s.stock.list({ skus: ['TSHIRT-1', 'MUG-2'] }).map((r) => [r.sku, r.warehouses.IST])).toEqual([
        ['MUG-2', 4],
        ['TSHIRT-1', 12],
      ]);
      expect(s.shipments.runs({ carrier: 'yurtici', kind: 'track', limit: 100 }).filter((r) => r.status === 'running')).toEqual([]);
      const scheduleRows = s.db.prepare(`SELECT COUNT(*) AS n FROM schedule_runs WHERE status = 'running'`).get() as { n: number };
      expect(scheduleRows.n).toBe(0);
    } finally {
      s.close();
    }

    const status = await runCli(['status', '--json'], { cwd: dir, env });
    expect(status.code, status.stderr).toBe(0);
    const doc = JSON.parse(status.stdout);
    expect(doc.carriers).toEqual([expect.objectContaining({ name: 'yurtici', type: 'yurtici', successRate: 1, consecutiveFailures: 0, schedules: ['track'], runningNow: null })]);
    expect(doc.carriers[0].lastRun).toMatchObject({ status: expect.stringMatching(/^(completed|cancelled)$/), checked: expect.any(Number) });
    expect(doc.carriers[0].runsCounted).toBeGreaterThanOrEqual(2);
    expect(typeof doc.carriers[0].nextRunAt).toBe('string');
    expect(doc.schedules.map((x: { name: string }) => x.name)).toEqual(['stock-drop', 'track']);
    expect(doc.schedules[0].lastSuccessAt).toEqual(expect.any(String));

    const check = await runCli(['config', 'check', '--json'], { cwd: dir, env });
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).schedules).toEqual([
      expect.objectContaining({ name: 'stock-drop', run: 'import drop/stock.xlsx --type stock --warehouse IST', nextRunAt: expect.any(String) }),
      expect.objectContaining({ name: 'track', run: 'shipments sync', nextRunAt: expect.any(String) }),
    ]);
    const jobs = await runCli(['jobs', 'show', String(jobId), '--json'], { cwd: dir, env });
    expect(jobs.code, jobs.stderr).toBe(0);
    expect(JSON.parse(jobs.stdout)).toMatchObject({ status: 'completed' });
  });
});
