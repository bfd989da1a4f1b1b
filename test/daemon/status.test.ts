// `integr status` from a real store: last run, success rate over the last 20, failures in a row,
// next scheduled time; and the schedule_runs repository it reads.
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { collectStatus } from '../../src/status/status.js';
import { summarizeRuns } from '../../src/status/history.js';
import { renderStatus } from '../../src/output/status-report.js';
import { keepLock } from '../../src/daemon/lock.js';
import { Chalk } from 'chalk';
import { configIn } from '../helpers/local-store.js';
import { useTempStore } from '../helpers/temp-store.js';

describe('status', () => {
  const tmp = useTempStore('integr-status-');

  const stats = { totalProducts: 10, found: 10, notFound: 0, untracked: 0, changes: 2, updated: 2, unchanged: 8, errors: 0, pending: 0, requests: 2 };
  function syncRun(channel: string, status: string, over: Partial<typeof stats> = {}) {
    const id = tmp.store.runs.create({ channel, channelType: 'sandbox', mode: 'push', options: { trigger: 'daemon' } });
    tmp.store.runs.finish(id, status, { ...stats, ...over });
    return id;
  }

  it('summarises history: completed succeeds, cancelled does not count, failures in a row reach past the window', () => {
    const s = (...statuses: string[]) => summarizeRuns(statuses.map((status) => ({ status })), 3);
    expect(s()).toEqual({ counted: 0, successes: 0, successRate: null, consecutiveFailures: 0 });
    expect(s('failed', 'cancelled', 'completed', 'completed')).toEqual({ counted: 3, successes: 2, successRate: 2 / 3, consecutiveFailures: 1 });
    expect(s('refused', 'drift', 'completed_with_errors', 'interrupted', 'completed')).toMatchObject({ counted: 3, successRate: 0, consecutiveFailures: 4 });
  });

  it('per channel: last run, success rate of the last 20, failures in a row, next run from the schedules', async () => {
    const loaded = await configIn(tmp.dir, {
      channels: { wix: { type: 'sandbox', path: './wix.json' }, idle: { type: 'sandbox', path: './idle.json' } },
      schedules: [
        { name: 'hourly-wix', cron: '0 * * * *', run: 'sync wix' },
        { name: 'broken', cron: '0 * * * *', run: 'shipments sync' },
      ],
    });
    for (let i = 0; i < 25; i++) syncRun('wix', i < 5 ? 'failed' : 'completed');
    for (let i = 0; i < 3; i++) syncRun('wix', 'completed');
    syncRun('wix', 'failed');
    const last = syncRun('wix', 'completed_with_errors', { changes: 7, errors: 1 });
    const sr = tmp.store.schedules.start('hourly-wix', { trigger: 'schedule' });
    tmp.store.schedules.finish(sr, { status: 'failure', exitCode: 3, summary: {} });
    tmp.store.schedules.skipped('hourly-wix', { reason: 'overlap' });

    const now = new Date();
    const report = collectStatus(loaded, tmp.store, now);
    const wix = report.channels.find((c) => c.name === 'wix')!;
    expect(wix.lastRun).toMatchObject({ runId: last, status: 'completed_with_errors', mode: 'push', changes: 7, errors: 1 });
    // The newest 20 finished runs: 2 failures and 18 completions.
    expect(wix.runsCounted).toBe(20);
    expect(wix.successRate).toBeCloseTo(18 / 20);
    expect(wix.consecutiveFailures).toBe(2);
    expect(wix.schedules).toEqual(['hourly-wix']);
    const next = new Date(wix.nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(now.getTime() - 1000);
    expect(next.getUTCMinutes()).toBe(0);
    expect(wix.runningNow).toBeNull();

    const idle = report.channels.find((c) => c.name === 'idle')!;
    expect(idle).toMatchObject({ lastRun: null, successRate: null, consecutiveFailures: 0, nextRunAt: null, schedules: [] });

    expect(report.schedules[0]).toMatchObject({ name: 'hourly-wix', run: 'sync wix', lastRun: { status: 'failure', exitCode: 3 }, consecutiveFailures: 1, lastSuccessAt: null });
    expect(report.schedules[1]).toMatchObject({ name: 'broken', nextRunAt: null, error: expect.stringMatching(/shipments sync: no carriers are configured/) });
    expect(report.carriers).toEqual([]);
    expect(report.daemons).toEqual([]);

    const text = renderStatus(report, new Chalk({ level: 0 }));
    expect(text).toMatch(/^channel\s+type\s+last run\s+result\s+changes\s+errors\s+success \(last 20\)\s+failures in a row\s+next run/);
    expect(text).toMatch(/wix\s+sandbox\s+\S+ \((\d+ s ago|just now)\)\s+completed_with_errors\s+7\s+1\s+90% of 20\s+2\s+\S+ \((in \d+ (min|s)|just now)\)/);
    expect(text).toMatch(/idle\s+sandbox\s+never/);
    expect(text).toContain('broken: ');
    expect(text).toContain('daemon: none running');
  });

  function trackRun(carrier: string, status: 'completed' | 'completed_with_errors' | 'failed' | 'cancelled', counts = { checked: 5, changed: 1, errors: 0 }) {
    const id = tmp.store.shipments.startRun(carrier, 'track');
    tmp.store.shipments.finishRun(id, { status, ...counts });
    return id;
  }

  it('per carrier: last tracking run, success rate of the last 20, failures in a row, next run from `shipments sync` schedules', async () => {
    const loaded = await configIn(tmp.dir, {
      carriers: {
        yurtici: { type: 'yurtici', username: 'u', password: 'p' },
        mng: { type: 'mng', customerNumber: '1', password: 'p', clientId: 'i', clientSecret: 's' },
        aras: { type: 'aras', username: 'u', password: 'p', queryUsername: 'q', queryPassword: 'qp', customerCode: '1' },
      },
      schedules: [
        { name: 'track-all', cron: '*/15 * * * *', run: 'shipments sync' },
        { name: 'track-mng', cron: '0 * * * *', run: 'shipments sync --carrier mng' },
      ],
    });
    for (let i = 0; i < 22; i++) trackRun('yurtici', i < 4 ? 'failed' : 'completed');
    trackRun('yurtici', 'cancelled');
    trackRun('yurtici', 'failed', { checked: 0, changed: 0, errors: 3 });
    const last = trackRun('yurtici', 'completed_with_errors', { checked: 9, changed: 4, errors: 2 });
    // A create run is not a tracking run: it neither shows nor counts.
    const create = tmp.store.shipments.startRun('yurtici', 'create');
    tmp.store.shipments.finishRun(create, { status: 'failed', checked: 0, changed: 0, errors: 1 });
    trackRun('mng', 'completed', { checked: 2, changed: 2, errors: 0 });

    const now = new Date();
    const report = collectStatus(loaded, tmp.store, now);
    expect(report.carriers.map((c) => c.name)).toEqual(['yurtici', 'mng', 'aras']);
    const yurtici = report.carriers[0];
    expect(yurtici).toMatchObject({ type: 'yurtici', runsCounted: 20, consecutiveFailures: 2, schedules: ['track-all'], runningNow: null });
    expect(yurtici.lastRun).toMatchObject({ runId: last, status: 'completed_with_errors', checked: 9, changes: 4, errors: 2 });
    expect(yurtici.lastRun!.durationMs).toBeGreaterThanOrEqual(0);
    // The newest 20 finished tracking runs: the 2 failures above and 18 completions (the cancelled one is left out).
    expect(yurtici.successRate).toBeCloseTo(18 / 20);
    expect(new Date(yurtici.nextRunAt!).getUTCMinutes() % 15).toBe(0);

    const mng = report.carriers[1];
    expect(mng).toMatchObject({ successRate: 1, runsCounted: 1, consecutiveFailures: 0, schedules: ['track-all', 'track-mng'], lastRun: { status: 'completed', checked: 2, changes: 2 } });
    // The sooner of the two schedules.
    const nexts = report.schedules.map((s) => s.nextRunAt!).sort();
    expect(mng.nextRunAt).toBe(nexts[0]);
    expect(report.carriers[2]).toMatchObject({ name: 'aras', lastRun: null, successRate: null, consecutiveFailures: 0, schedules: ['track-all'] });

    const held = tmp.store.locks.acquire('shipments-sync:mng', { ttlSec: 60, purpose: 'shipments sync' });
    try {
      expect(collectStatus(loaded, tmp.store).carriers[1].runningNow).toMatchObject({ pid: process.pid, purpose: 'shipments sync' });
    } finally {
      if (held.ok) held.lock.release();
    }

    const text = renderStatus(report, new Chalk({ level: 0 }));
    expect(text).toMatch(/^carrier\s+type\s+last run\s+result\s+checked\s+changed\s+errors\s+success \(last 20\)\s+failures in a row\s+next run/);
    expect(text).toMatch(/yurtici\s+yurtici\s+\S+ \((\d+ s ago|just now)\)\s+completed_with_errors\s+9\s+4\s+2\s+90% of 20\s+2\s+\S+ \((in \d+ (min|s)|just now)\)/);
    expect(text).toMatch(/aras\s+aras\s+never/);
  });

  it('shows a running daemon and who is syncing a channel right now', async () => {
    const loaded = await configIn(tmp.dir, { channels: { wix: { type: 'sandbox' } }, schedules: [{ cron: '*/5 * * * *', run: 'sync wix' }] });
    const presence = keepLock(tmp.store.locks, `daemon:${hostname()}:${process.pid}`, { ttlSec: 60, purpose: 'integr daemon' });
    const sync = tmp.store.locks.acquire('sync:wix', { ttlSec: 60, purpose: 'sync wix (daemon)' });
    try {
      const report = collectStatus(loaded, tmp.store);
      expect(report.daemons).toEqual([expect.objectContaining({ pid: process.pid, host: hostname() })]);
      expect(report.channels[0].runningNow).toMatchObject({ pid: process.pid, purpose: 'sync wix (daemon)' });
      expect(renderStatus(report, new Chalk({ level: 0 }))).toMatch(/running now \(pid \d+ on /);
    } finally {
      if (presence.ok) presence.lock.release();
      if (sync.ok) sync.lock.release();
    }
  });

  it('schedule_runs: last success, abandoned runs, pruning', () => {
    const a = tmp.store.schedules.start('s', { trigger: 'schedule' });
    tmp.store.schedules.finish(a, { status: 'success', exitCode: 0, summary: { n: 1 } });
    const b = tmp.store.schedules.start('s', {});
    expect(tmp.store.schedules.lastSuccess('s')).toMatchObject({ id: a, status: 'success', summary: { n: 1 } });
    expect(tmp.store.schedules.closeAbandoned('s', 'gone')).toBe(1);
    expect(tmp.store.schedules.get(b)).toMatchObject({ status: 'failure', summary: { error: { code: 'INTERRUPTED', message: 'gone' } } });
    for (let i = 0; i < 10; i++) tmp.store.schedules.skipped('s', { i });
    expect(tmp.store.schedules.recentFinished('s', 10).map((r) => r.id)).toEqual([b, a]);
    expect(tmp.store.schedules.prune('s', 5)).toBe(7);
    expect(tmp.store.schedules.recent('s', 100)).toHaveLength(5);
    expect(tmp.store.schedules.prune('s', 5)).toBe(0);
  });
});
