// The scheduler against a real store, with ticks fired by hand and sync cores the test settles:
// overlap skipping, the schedule lock (live, stale and dead holders), catch-up, stop and abandon.
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { Scheduler } from '../../src/daemon/scheduler.js';
import { validateSchedules, type Schedule } from '../../src/daemon/schedules.js';
import { DaemonMetrics } from '../../src/daemon/metrics.js';
import type { RunEvent } from '../../src/daemon/run-event.js';
import { IntegrError } from '../../src/errors.js';
import { configIn } from '../helpers/local-store.js';
import { useTempStore } from '../helpers/temp-store.js';
import { heldCores, ManualTicker, memoryLog, report, settle, until } from './support.js';

describe('scheduler', () => {
  const tmp = useTempStore('integr-scheduler-');

  /** A scheduler over real config and store; by default 'hourly' already succeeded once (so no catch-up). */
  async function setup(schedules: Record<string, unknown>[] = [{ name: 'hourly', cron: '0 * * * *', run: 'sync shop' }], options: { seedSuccess?: boolean } = {}) {
    if (options.seedSuccess !== false) tmp.store.schedules.finish(tmp.store.schedules.start('hourly', {}), { status: 'success', exitCode: 0, summary: {} });
    const loaded = await configIn(tmp.dir, { channels: { shop: { type: 'sandbox', path: './remote.json' }, other: { type: 'sandbox', path: './other.json' } }, schedules });
    const cores = heldCores();
    const log = memoryLog();
    const tickers = new Map<string, ManualTicker>();
    const events: RunEvent[] = [];
    let scheduler: Scheduler | undefined;
    const metrics = new DaemonMetrics(() => scheduler?.states() ?? []);
    scheduler = new Scheduler(validateSchedules(loaded), {
      cores,
      loaded,
      store: tmp.store,
      log,
      metrics,
      afterRun: async (e) => void events.push(e),
      tickerFor: (s: Schedule) => {
        const t = new ManualTicker();
        tickers.set(s.key, t);
        return t;
      },
      lockTtlSec: 30,
    });
    return { loaded, cores, log, tickers, events, scheduler, metrics };
  }

  it('a tick runs the job through the core with the daemon trigger and records it', async () => {
    const { cores, log, tickers, scheduler, events } = await setup();
    scheduler.start();
    tickers.get('hourly')!.fire(new Date('2030-01-01T10:00:00Z'));
    await until(() => cores.calls.length === 1, 'the core call');
    expect(cores.calls[0].names).toEqual(['shop']);
    expect(cores.calls[0].options).toMatchObject({ mode: 'push', trigger: 'daemon', lockWaitMs: 0 });
    expect(cores.calls[0].options.signal?.aborted).toBe(false);
    // While it runs, the schedule lock is held by this process.
    expect(tmp.store.locks.get('schedule:hourly')).toMatchObject({ pid: process.pid, purpose: 'daemon schedule "hourly"' });
    cores.calls[0].resolve([report('shop')]);
    await until(() => events.length === 1, 'the run event');
    const row = tmp.store.schedules.recent('hourly', 1)[0];
    expect(row).toMatchObject({ status: 'success', exitCode: 0 });
    expect(row.summary).toMatchObject({ trigger: 'schedule', run: 'sync shop', pid: process.pid, targets: [{ kind: 'channel', name: 'shop', status: 'completed', pushed: 3 }] });
    expect(tmp.store.locks.get('schedule:hourly')).toBeUndefined();
    expect(log.lines.map((l) => l.event)).toEqual(expect.arrayContaining(['run.start', 'run.end']));
    const end = log.lines.find((l) => l.event === 'run.end')!;
    expect(end.message).toMatch(/hourly: success in .* shop completed: 3 changes, 3 pushed, 0 errors/);
    expect(end.fields).toMatchObject({ schedule: 'hourly', status: 'success', exitCode: 0, targets: [{ name: 'shop', changes: 3 }] });
  });

  it('a tick that comes while the schedule is still running is skipped and logged', async () => {
    const { cores, log, tickers, scheduler, metrics } = await setup();
    scheduler.start();
    const t = tickers.get('hourly')!;
    t.fire();
    await until(() => cores.calls.length === 1, 'the first run');
    t.fire();
    t.fire();
    await settle();
    expect(cores.calls).toHaveLength(1);
    const skips = tmp.store.schedules.recent('hourly', 10).filter((r) => r.status === 'skipped');
    expect(skips).toHaveLength(2);
    expect(skips[0].summary).toMatchObject({ reason: 'overlap' });
    expect(log.lines.filter((l) => l.event === 'run.skipped' && l.level === 'warn')).toHaveLength(2);
    expect(metrics.render()).toContain('integr_schedule_skips_total{schedule="hourly",reason="overlap"} 2');
    cores.calls[0].resolve([report('shop')]);
    await until(() => !scheduler.states()[0].running, 'the run to finish');
    expect(tmp.store.schedules.recentFinished('hourly', 1)[0].summary).toMatchObject({ trigger: 'schedule' });
    t.fire();
    await until(() => cores.calls.length === 2, 'the next tick to run again');
    cores.calls[1].resolve([report('shop')]);
  });

  it('another live process holding the schedule lock makes the tick a skip naming the holder', async () => {
    const { cores, log, tickers, scheduler } = await setup();
    const future = new Date(Date.now() + 60_000).toISOString();
    tmp.store.db
      .prepare('INSERT INTO locks (name, owner_pid, owner_host, purpose, acquired_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('schedule:hourly', 4242, 'other-host', 'daemon schedule "hourly"', new Date().toISOString(), new Date().toISOString(), future);
    scheduler.start();
    tickers.get('hourly')!.fire();
    await settle();
    expect(cores.calls).toHaveLength(0);
    const skip = tmp.store.schedules.recent('hourly', 1)[0];
    expect(skip).toMatchObject({ status: 'skipped' });
    expect(skip.summary).toMatchObject({ reason: 'locked' });
    expect(log.lines.find((l) => l.event === 'run.skipped')!.message).toMatch(/another process runs it: pid 4242 on host other-host/);
  });

  it('takes over a lock whose holder died on this host, or whose lease expired elsewhere', async () => {
    const { cores, tickers, scheduler } = await setup();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const now = new Date().toISOString();
    const insert = tmp.store.db.prepare('INSERT OR REPLACE INTO locks (name, owner_pid, owner_host, purpose, acquired_at, heartbeat_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run('schedule:hourly', dead, hostname(), 'a daemon that died', now, now, new Date(Date.now() + 600_000).toISOString());
    // A run left 'running' by that daemon is closed as a failure once the lock is ours.
    const abandoned = tmp.store.schedules.start('hourly', { pid: dead });
    scheduler.start();
    const t = tickers.get('hourly')!;
    t.fire();
    await until(() => cores.calls.length === 1, 'the run after a dead holder');
    expect(tmp.store.schedules.get(abandoned)).toMatchObject({ status: 'failure' });
    expect(tmp.store.schedules.get(abandoned)!.summary).toMatchObject({ error: { code: 'INTERRUPTED' } });
    cores.calls[0].resolve([report('shop')]);
    await until(() => tmp.store.locks.get('schedule:hourly') === undefined, 'the lock release');

    insert.run('schedule:hourly', 4242, 'other-host', 'a daemon elsewhere', now, now, new Date(Date.now() - 1000).toISOString());
    t.fire();
    await until(() => cores.calls.length === 2, 'the run after an expired lease');
    cores.calls[1].resolve([report('shop')]);
  });

  it('catch-up: runs once at start when a tick was missed since the last success, never when none was', async () => {
    const missed = await setup(undefined, { seedSuccess: false });
    const last = tmp.store.schedules.start('hourly', {}, new Date(Date.now() - 3 * 3_600_000).toISOString());
    tmp.store.schedules.finish(last, { status: 'success', exitCode: 0, summary: {} });
    missed.tickers.clear();
    const t = new ManualTicker();
    t.ticked = true;
    const s = new Scheduler(validateSchedules(missed.loaded), { ...schedulerDeps(missed), tickerFor: () => t });
    s.start();
    await until(() => missed.cores.calls.length === 1, 'the catch-up run');
    // Three hours missed is still one run.
    await settle();
    expect(missed.cores.calls).toHaveLength(1);
    expect(tmp.store.schedules.recent('hourly', 1)[0].summary).toMatchObject({ trigger: 'catch-up' });
    missed.cores.calls[0].resolve([report('shop')]);
    await until(() => tmp.store.schedules.recent('hourly', 1)[0].status === 'success', 'the catch-up run to finish');

    const t2 = new ManualTicker();
    t2.ticked = false;
    const fresh = new Scheduler(validateSchedules(missed.loaded), { ...schedulerDeps(missed), tickerFor: () => t2 });
    fresh.start();
    await settle();
    expect(missed.cores.calls).toHaveLength(1);
  });

  it('catch-up: a schedule that never succeeded runs at start; catchUp: false waits for its tick', async () => {
    const a = await setup([{ name: 'eager', cron: '0 * * * *', run: 'sync shop' }, { name: 'patient', cron: '0 * * * *', run: 'sync other', catchUp: false }], { seedSuccess: false });
    a.scheduler.start();
    await until(() => a.cores.calls.length === 1, 'the catch-up of the never-run schedule');
    await settle();
    expect(a.cores.calls).toHaveLength(1);
    expect(a.cores.calls[0].names).toEqual(['shop']);
    expect(a.log.lines.find((l) => l.event === 'run.catch-up')!.message).toMatch(/eager: no successful run on record/);
    a.cores.calls[0].resolve([report('shop')]);
  });

  it('stop aborts the running job (it finishes its batch and reports cancelled); drain waits for it', async () => {
    const { cores, tickers, scheduler, events } = await setup();
    scheduler.start();
    tickers.get('hourly')!.fire();
    await until(() => cores.calls.length === 1, 'the run');
    scheduler.stop();
    expect(tickers.get('hourly')!.stopped).toBe(true);
    expect(cores.calls[0].options.signal?.aborted).toBe(true);
    // New ticks are ignored once stopping.
    tickers.get('hourly')!.fire();
    let drained: boolean | undefined;
    void scheduler.drain(10_000).then((d) => (drained = d));
    await settle();
    expect(drained).toBeUndefined();
    cores.calls[0].resolve([report('shop', { status: 'cancelled', exitCode: 130, updated: 1, error: { code: 'INTERRUPTED', message: 'shop: interrupted; 2 change(s) not sent' } })]);
    await until(() => drained !== undefined, 'drain');
    expect(drained).toBe(true);
    expect(cores.calls).toHaveLength(1);
    expect(tmp.store.schedules.recent('hourly', 1)[0]).toMatchObject({ status: 'cancelled', exitCode: 130 });
    expect(events[0]).toMatchObject({ status: 'cancelled' });
  });

  it('drain gives up after its timeout; abandon records the run as cancelled and frees the lock', async () => {
    const { cores, tickers, scheduler } = await setup();
    scheduler.start();
    tickers.get('hourly')!.fire();
    await until(() => cores.calls.length === 1, 'the run');
    scheduler.stop();
    expect(await scheduler.drain(50)).toBe(false);
    expect(scheduler.abandonRunning('a second signal')).toBe(1);
    const row = tmp.store.schedules.recent('hourly', 1)[0];
    expect(row).toMatchObject({ status: 'cancelled', exitCode: 130 });
    expect(row.summary).toMatchObject({ error: { code: 'INTERRUPTED', message: 'a second signal' } });
    expect(tmp.store.locks.get('schedule:hourly')).toBeUndefined();
    // The job settling late does not overwrite the row.
    cores.calls[0].resolve([report('shop')]);
    await settle();
    await settle();
    expect(tmp.store.schedules.recent('hourly', 1)[0]).toMatchObject({ status: 'cancelled' });
  });

  it('failures count up, a success after them is a recovery; a throwing core is a failure with its code', async () => {
    const { cores, tickers, scheduler, events } = await setup();
    scheduler.start();
    const t = tickers.get('hourly')!;
    const runOnce = async (settleWith: (i: number) => void) => {
      const n = cores.calls.length;
      t.fire();
      await until(() => cores.calls.length === n + 1, 'a run');
      settleWith(n);
      await until(() => events.length === n + 1, 'its event');
    };
    await runOnce((i) => cores.calls[i].resolve([report('shop', { status: 'failed', exitCode: 5, error: { code: 'REMOTE_UNREACHABLE', message: 'shop: connect ECONNREFUSED' } })]));
    await runOnce((i) => cores.calls[i].reject(new IntegrError('STORE', 'the store is busy')));
    await runOnce((i) => cores.calls[i].resolve([report('shop')]));
    expect(events.map((e) => [e.status, e.exitCode, e.consecutiveFailures, e.previous])).toEqual([
      ['failure', 5, 1, 'success'],
      ['failure', 2, 2, 'failure'],
      ['success', 0, 0, 'failure'],
    ]);
    expect(events[1].error).toEqual({ code: 'STORE', message: 'the store is busy' });
    expect(scheduler.states()[0]).toMatchObject({ consecutiveFailures: 0, lastStatus: 'success' });
  });

  it('a run whose every channel is locked by a manual sync is a skip, not a failure', async () => {
    const { cores, tickers, scheduler, events } = await setup();
    scheduler.start();
    tickers.get('hourly')!.fire();
    await until(() => cores.calls.length === 1, 'the run');
    cores.calls[0].resolve([report('shop', { runId: null, status: 'failed', exitCode: 1, error: { code: 'LOCKED', message: 'shop: another sync of this channel is running (pid 77 on web-1, sync shop (cli))' } })]);
    await until(() => tmp.store.schedules.recent('hourly', 1)[0].status !== 'running', 'the run to be recorded');
    const row = tmp.store.schedules.recent('hourly', 1)[0];
    expect(row).toMatchObject({ status: 'skipped' });
    expect(row.summary).toMatchObject({ reason: 'locked', detail: expect.stringContaining('pid 77 on web-1') });
    expect(events).toHaveLength(0);
    expect(scheduler.states()[0].consecutiveFailures).toBe(0);
  });

  function schedulerDeps(s: Awaited<ReturnType<typeof setup>>) {
    return { cores: s.cores, loaded: s.loaded, store: tmp.store, log: s.log, lockTtlSec: 30 };
  }
});
