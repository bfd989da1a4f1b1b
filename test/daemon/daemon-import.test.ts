// A scheduled `import` in-process with the real import core, a real store and real .xlsx files:
// a file that is not there yet is a failed run, a dropped file is imported once, an unchanged file is
// not imported again, and a stop lands between chunks (committed chunks stay, the run is cancelled).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ImportJobsRepo } from '../../src/store/import-jobs.js';
import { importWorkbook } from '../../src/import/pipeline.js';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.js';
import { defaultCores } from '../../src/daemon/cores.js';
import type { JobCores } from '../../src/daemon/job.js';
import { configIn, seedLocal } from '../helpers/local-store.js';
import { useTempStore } from '../helpers/temp-store.js';
import { writeWorkbook, type Cell } from '../import/workbooks.js';
import { ManualTicker, memoryLog, until } from './support.js';

describe('daemon: scheduled import', () => {
  // Registered first: its afterEach closes the store after the daemon using it has closed.
  const tmp = useTempStore('integr-daemon-import-');
  let daemon: RunningDaemon | undefined;

  afterEach(async () => {
    await daemon?.close();
    daemon = undefined;
  });

  /** Write the workbook elsewhere, then move it into place, as a drop folder should be fed. */
  async function drop(path: string, rows: Cell[][]): Promise<void> {
    mkdirSync(join(path, '..'), { recursive: true });
    const incoming = join(tmp.dir, `incoming-${Date.now()}.xlsx`);
    await writeWorkbook(incoming, [{ name: 'Stok', rows }]);
    renameSync(incoming, path);
  }

  const stockOf = (sku: string, warehouse: string) => tmp.store.stock.list({ skus: [sku] })[0]?.warehouses[warehouse];
  const jobs = () => new ImportJobsRepo(tmp.store.db).list({ limit: 100 });

  it('imports a dropped file once, again only when its content changes; a missing file is a failed run', async () => {
    seedLocal(tmp.store, [{ sku: 'A-1' }, { sku: 'B-2' }, { sku: 'C-3' }]);
    const loaded = await configIn(tmp.dir, { schedules: [{ name: 'stock-drop', cron: '*/5 * * * *', run: 'import drop/stock.xlsx --type stock --warehouse IST', catchUp: false }] });
    const ticker = new ManualTicker();
    const log = memoryLog();
    daemon = await startDaemon({ loaded, store: tmp.store, cores: defaultCores, log, tickerFor: () => ticker });
    const ends = () => log.lines.filter((l) => l.event === 'run.end');
    const runOnce = async () => {
      const before = ends().length;
      ticker.fire();
      await until(() => ends().length > before, 'the run to end', 20_000);
      return ends().at(-1)!;
    };

    const missing = await runOnce();
    expect(missing.fields).toMatchObject({ status: 'failure', exitCode: 2, error: { code: 'FILE' }, targets: [{ kind: 'import', name: 'drop/stock.xlsx', status: 'failed', runId: null }] });
    expect(missing.message).toContain(`drop/stock.xlsx failed: nothing imported — ${join(tmp.dir, 'drop', 'stock.xlsx')}: file not found (the schedule imports it once it is there)`);
    expect(jobs()).toHaveLength(0);

    const path = join(tmp.dir, 'drop', 'stock.xlsx');
    await drop(path, [['Stok Kodu', 'Adet'], ['A-1', 5], ['B-2', 7]]);
    const first = await runOnce();
    expect(jobs()).toHaveLength(1);
    const jobId = jobs()[0].id;
    expect(first.fields).toMatchObject({ status: 'success', exitCode: 0, targets: [{ kind: 'import', status: 'completed', runId: jobId, changes: 2, pushed: 2, errors: 0 }] });
    expect(first.message).toMatch(/drop\/stock\.xlsx completed: 2 rows: /);
    expect([stockOf('A-1', 'IST'), stockOf('B-2', 'IST')]).toEqual([5, 7]);

    const same = await runOnce();
    expect(same.fields).toMatchObject({ status: 'success', exitCode: 0, targets: [{ status: 'unchanged', runId: jobId, changes: 0 }] });
    expect(same.message).toContain(`same content as job ${jobId}`);
    expect(jobs()).toHaveLength(1);

    await drop(path, [['Stok Kodu', 'Adet'], ['A-1', 6], ['B-2', 7], ['C-3', 'çok']]);
    const changed = await runOnce();
    expect(jobs()).toHaveLength(2);
    expect(changed.fields).toMatchObject({ status: 'failure', exitCode: 3, error: { code: 'ROW_ERRORS' }, targets: [{ status: 'completed_with_errors', runId: jobs()[0].id, changes: 1, errors: 1 }] });
    expect(stockOf('A-1', 'IST')).toBe(6);
    // Rows rejected stay a failure until the file changes; no new job is made for the same content.
    const stillBad = await runOnce();
    expect(stillBad.fields).toMatchObject({ status: 'failure', exitCode: 3, targets: [{ status: 'unchanged' }], error: { code: 'ROW_ERRORS' } });
    expect(jobs()).toHaveLength(2);

    const metrics = daemon.metrics.render();
    const series = (result: string) => `integr_import_runs_total{source="drop/stock.xlsx",result="${result}"}`;
    expect(metrics).toContain(`${series('failed')} 1`);
    expect(metrics).toContain(`${series('completed')} 1`);
    expect(metrics).toContain(`${series('unchanged')} 2`);
    expect(metrics).toContain(`${series('completed_with_errors')} 1`);
    expect(metrics).toContain('integr_import_items_pushed_total{source="drop/stock.xlsx"} 3');
    expect(metrics).toContain('integr_import_errors_total{source="drop/stock.xlsx"} 1');
    expect(metrics).toMatch(/integr_import_last_success_timestamp_seconds\{source="drop\/stock\.xlsx"\} \d+/);
    expect(metrics).toContain('integr_schedule_runs_total{schedule="stock-drop",result="failure"} 3');
  });

  it('a stop lands between chunks: committed chunks stay, the run and the job are cancelled; the next run imports the file', async () => {
    const skus = Array.from({ length: 60 }, (_, i) => `S-${String(i).padStart(3, '0')}`);
    seedLocal(tmp.store, skus.map((sku) => ({ sku })));
    await drop(join(tmp.dir, 'big.xlsx'), [['SKU', 'Quantity'], ...skus.map((sku, i): Cell[] => [sku, i + 1])]);
    const loaded = await configIn(tmp.dir, { schedules: [{ name: 'big', cron: '0 * * * *', run: 'import big.xlsx --type stock --chunk-size 10', catchUp: false }] });
    let running: RunningDaemon | undefined;
    const cores: JobCores = {
      ...defaultCores,
      // The real core, reporting after every chunk: the first committed chunk stops the daemon, as SIGTERM would.
      importWorkbook: (deps, file, options, signal) =>
        importWorkbook({ ...deps, progress: (p) => void (p.rows >= 10 && running?.stop(10_000)) }, file, options, signal, { progressEveryMs: 0 }),
    };
    const ticker = new ManualTicker();
    const log = memoryLog();
    daemon = running = await startDaemon({ loaded, store: tmp.store, cores, log, tickerFor: () => ticker });
    ticker.fire();
    await until(() => log.lines.some((l) => l.event === 'run.end'), 'the run to end', 20_000);
    expect(await daemon.stop(10_000)).toBe(true);
    const end = log.lines.find((l) => l.event === 'run.end')!;
    expect(end.fields).toMatchObject({ status: 'cancelled', exitCode: 130, targets: [{ kind: 'import', status: 'cancelled', changes: 10 }] });
    expect(tmp.store.schedules.recent('big', 1)[0]).toMatchObject({ status: 'cancelled', exitCode: 130 });
    expect(jobs()[0]).toMatchObject({ status: 'cancelled', rows: { total: 10, failed: 0 } });
    expect(tmp.store.stock.list().filter((s) => s.total > 0)).toHaveLength(10);
    await daemon.close();

    const ticker2 = new ManualTicker();
    const log2 = memoryLog();
    daemon = await startDaemon({ loaded, store: tmp.store, cores: defaultCores, log: log2, tickerFor: () => ticker2 });
    ticker2.fire();
    await until(() => log2.lines.some((l) => l.event === 'run.end'), 'the second run', 20_000);
    expect(log2.lines.find((l) => l.event === 'run.end')!.fields).toMatchObject({ status: 'success', targets: [{ status: 'completed' }] });
    skus.forEach((sku, i) => expect(stockOf(sku, 'MAIN')).toBe(i + 1));
  });
});
