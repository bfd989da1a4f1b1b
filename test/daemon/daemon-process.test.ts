// `integr daemon` as a real child process with a per-second schedule against the sandbox channel and a
// loopback webhook receiver. Everything waits for observable events (log lines, webhook calls, store
// rows) with generous timeouts: nothing here depends on how fast the machine is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { seedLocal } from '../helpers/local-store.js';
import { startReceiver } from './support.js';
import { killDaemonProcesses, metricValue, startDaemonProcess, until, untilStore, waitForEvent } from './process.js';

function journalIsConsistent(dbPath: string): void {
  const s = Store.open(dbPath);
  try {
    const runningSync = s.db.prepare(`SELECT COUNT(*) AS n FROM sync_runs WHERE status = 'running'`).get() as { n: number };
    const sending = s.db.prepare(`SELECT COUNT(*) AS n FROM sync_items WHERE state = 'sending'`).get() as { n: number };
    const runningSchedules = s.db.prepare(`SELECT COUNT(*) AS n FROM schedule_runs WHERE status = 'running'`).get() as { n: number };
    expect({ runningSync: runningSync.n, sending: sending.n, runningSchedules: runningSchedules.n }).toEqual({ runningSync: 0, sending: 0, runningSchedules: 0 });
  } finally {
    s.close();
  }
}

afterAll(killDaemonProcesses);

describe('integr daemon (child process, sandbox channel)', () => {
  const { dir, cleanup } = tempDir('integr-daemon-proc-');
  const dbPath = join(dir, '.integr', 'integr.db');
  const remotePath = join(dir, 'remote.json');
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  const writeConfig = (extra: string) =>
    writeFileSync(
      join(dir, '.integrationsrc.yaml'),
      `channels:\n  sandbox: { type: sandbox, path: ./remote.json }\nsafety: { maxZeroRatio: 1 }\ndaemon: { shutdownTimeout: 30, lockTtl: 10 }\n${extra}`,
    );
  const tickSchedule = `schedules:\n  - { name: tick, cron: "* * * * * *", run: "sync sandbox" }\n`;

  beforeAll(async () => {
    receiver = await startReceiver();
    const store = Store.open(dbPath);
    seedLocal(store, Array.from({ length: 300 }, (_, i) => ({ sku: `D-${i}`, stock: { MAIN: (i % 40) + 1 } })));
    store.close();
  });
  afterAll(async () => {
    await receiver.close();
    cleanup();
  });

  it('runs the schedule, notifies failure and recovery, skips overlapping ticks, serves /healthz and /metrics, stops on SIGTERM with exit 0', async () => {
    writeConfig(`notify: { url: "${receiver.url}", on: [failure, recovery, success] }\n${tickSchedule}`);
    // A remote that cannot be read makes the first runs fail (exit 5).
    writeFileSync(remotePath, '{"items": ');
    const d = startDaemonProcess(dir, ['--health-port', '0']);
    const started = await waitForEvent([d], 'daemon.start', (e) => e.event === 'daemon.start');
    const base = `http://127.0.0.1:${started.healthPort as number}`;

    await waitForEvent([d], 'a failed run', (e) => e.event === 'run.end' && e.status === 'failure');
    await receiverGot('failure');
    const failure = receiver.received.find((r) => r.body.event === 'failure')!.body;
    expect(failure).toMatchObject({ source: 'integr', schedule: 'tick', run: 'sync sandbox', status: 'failure', exitCode: 5, error: { code: 'REMOTE_ERROR' } });
    expect(JSON.stringify(failure)).not.toContain('hook-token-123');
    const unhealthy = await fetch(`${base}/healthz`);
    expect(unhealthy.status).toBe(503);
    expect(await unhealthy.json()).toMatchObject({ status: 'failing', schedules: [{ name: 'tick', lastStatus: 'failure' }] });

    // Hold the webhook's answer: the recovering run stays in progress until the receiver answers.
    receiver.state.hold = (body) => body.event === 'recovery';
    rmSync(remotePath);
    await receiverGot('recovery');
    const skipped = await waitForEvent([d], 'an overlapping tick to be skipped', (e) => e.event === 'run.skipped' && e.reason === 'overlap');
    expect(skipped).toMatchObject({ level: 'warn', schedule: 'tick' });

    const healthy = await fetch(`${base}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ status: 'ok', schedules: [{ name: 'tick', running: true, lastStatus: 'success', consecutiveFailures: 0 }] });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metricValue(metrics, 'integr_schedule_runs_total{schedule="tick",result="failure"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'integr_schedule_runs_total{schedule="tick",result="success"}')).toBe(1);
    expect(metricValue(metrics, 'integr_schedule_skips_total{schedule="tick",reason="overlap"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'integr_sync_runs_total{channel="sandbox",result="completed"}')).toBe(1);
    expect(metricValue(metrics, 'integr_sync_runs_total{channel="sandbox",result="failed"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'integr_sync_items_pushed_total{channel="sandbox"}')).toBeGreaterThan(0);
    expect(metricValue(metrics, 'integr_schedule_running{schedule="tick"}')).toBe(1);
    expect(metricValue(metrics, 'integr_sync_last_success_timestamp_seconds{channel="sandbox"}')).toBeGreaterThan(0);

    d.child.kill('SIGTERM');
    const stopping = await waitForEvent([d], 'daemon.stopping', (e) => e.event === 'daemon.stopping');
    expect(stopping.waitingFor).toEqual(['tick']);
    receiver.state.hold = null;
    receiver.releaseAll();
    expect(await d.exited).toEqual({ code: 0, signal: null });
    expect(d.events.at(-1)).toMatchObject({ event: 'daemon.stopped', exitCode: 0 });
    journalIsConsistent(dbPath);
    // Whatever was pushed is what the journal says: a read-only check finds the remote in sync.
    expect((await runCli(['sync', 'sandbox', '--check'], { cwd: dir })).code).toBe(0);

    const status = await runCli(['status', '--json'], { cwd: dir });
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout);
    expect(doc.channels).toEqual([expect.objectContaining({ name: 'sandbox', type: 'sandbox', consecutiveFailures: 0, schedules: ['tick'] })]);
    expect(doc.channels[0].lastRun).toMatchObject({ status: 'completed', mode: 'check' });
    expect(doc.channels[0].successRate).toBeGreaterThan(0);
    expect(doc.channels[0].successRate).toBeLessThan(1);
    expect(typeof doc.channels[0].nextRunAt).toBe('string');
    expect(doc.schedules[0]).toMatchObject({ name: 'tick', lastRun: { status: 'success', exitCode: 0 }, consecutiveFailures: 0 });
    expect(doc.daemons).toEqual([]);
    const human = await runCli(['status'], { cwd: dir });
    // The check ran a moment ago: "(just now)" under a second, "(N s ago)" after.
    expect(human.stdout).toMatch(/sandbox\s+sandbox\s+\S+ \((just now|\d+ s ago)\)\s+completed \[check\]/);
    expect(human.stdout).toMatch(/tick\s+\* \* \* \* \* \*\s+\S+ \((just now|\d+ s ago)\)\s+success/);
  });

  it('a second signal leaves at once with exit 130; the run in progress is recorded as cancelled', async () => {
    writeConfig(`notify: { url: "${receiver.url}", on: [success] }\n${tickSchedule}`);
    receiver.state.hold = () => true;
    const before = receiver.received.length;
    const d = startDaemonProcess(dir);
    const start = await waitForEvent([d], 'a run to start', (e) => e.event === 'run.start');
    await until(() => receiver.received.length > before, 'the success notification');
    d.child.kill('SIGTERM');
    await waitForEvent([d], 'daemon.stopping', (e) => e.event === 'daemon.stopping');
    d.child.kill('SIGTERM');
    expect(await d.exited).toEqual({ code: 130, signal: null });
    receiver.state.hold = null;
    receiver.releaseAll();
    const s = Store.open(dbPath);
    try {
      expect(s.schedules.get(start.scheduleRunId as number)).toMatchObject({ status: 'cancelled', exitCode: 130, summary: { error: { code: 'INTERRUPTED' } } });
    } finally {
      s.close();
    }
    journalIsConsistent(dbPath);
  });

  it('two daemons never sync the channel at once; a manual sync holding the channel makes the daemon skip and say who holds it', async () => {
    writeConfig(tickSchedule);
    const a = startDaemonProcess(dir);
    const b = startDaemonProcess(dir);
    await waitForEvent([a], 'daemon A', (e) => e.event === 'daemon.start');
    await waitForEvent([b], 'daemon B', (e) => e.event === 'daemon.start');
    // Both tick every second: whichever is second finds the schedule taken.
    await waitForEvent([a, b], 'a locked skip', (e) => e.event === 'run.skipped' && e.reason === 'locked');

    // This test process plays a manual `integr sync sandbox` holding the channel's lock.
    const store = Store.open(dbPath);
    let held = store.locks.acquire('sync:sandbox', { ttlSec: 60, purpose: 'sync sandbox (cli)' });
    // A daemon may be syncing right now: take the lock the moment it lets go, as `sync --wait` would.
    await until(() => held.ok || (held = store.locks.acquire('sync:sandbox', { ttlSec: 60, purpose: 'sync sandbox (cli)' })).ok, 'the channel lock');
    const skip = await waitForEvent([a, b], 'a skip naming the manual sync', (e) => e.event === 'run.skipped' && String(e.detail).includes(`pid ${process.pid}`));
    expect(skip.detail).toMatch(/sandbox: another sync of this channel is running \(pid \d+ on .*sync sandbox \(cli\)/);
    if (held.ok) held.lock.release();
    store.close();
    const successes = () => [...a.events, ...b.events].filter((e) => e.event === 'run.end' && e.status === 'success').length;
    const before = successes();
    await until(() => successes() > before, 'a run after the manual sync let go');
    await untilStore(dbPath, 'a few daemon runs', (s) => ((s.db.prepare(`SELECT COUNT(*) AS n FROM schedule_runs WHERE schedule = 'tick' AND status = 'success'`).get() as { n: number }).n >= 4 ? true : undefined));

    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(await b.exited).toEqual({ code: 0, signal: null });
    journalIsConsistent(dbPath);

    const s = Store.open(dbPath);
    try {
      const runs = s.db.prepare(`SELECT id, started_at AS startedAt, finished_at AS finishedAt, options FROM sync_runs WHERE channel = 'sandbox' ORDER BY started_at, id`).all() as { id: number; startedAt: string; finishedAt: string; options: string }[];
      expect(runs.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < runs.length; i++) expect(runs[i].startedAt >= runs[i - 1].finishedAt, `run ${runs[i].id} started before run ${runs[i - 1].id} finished`).toBe(true);
      const daemonRuns = runs.filter((r) => JSON.parse(r.options).trigger === 'daemon');
      expect(daemonRuns.length).toBeGreaterThanOrEqual(4);
    } finally {
      s.close();
    }
  });

  it('a bad schedule is a config error at start-up (exit 2) naming it; nothing runs', async () => {
    writeConfig(`schedules:\n  - { cron: "0 * * * *", run: "sync sandbox" }\n  - { cron: "*/15 * * * *", run: "sync wix", timezone: Europe/Istanbul }\n`);
    const r = await runCli(['daemon'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/integr: \.integrationsrc\.yaml: schedules\[1\] \("sync wix"\): sync: no channel named "wix" in the config \(configured: sandbox\)/);
    writeConfig('');
    const none = await runCli(['daemon', '--json'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toEqual({ error: { code: 'CONFIG', message: expect.stringMatching(/no schedules in the config/) } });
  });

  async function receiverGot(event: string) {
    await until(() => receiver.received.some((r) => r.body.event === event), `a ${event} notification`);
  }
});
