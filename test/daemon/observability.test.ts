// What an operator watches: the Prometheus page, the health verdict and its HTTP endpoint, the log
// format, and the webhook notifier against a real loopback receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import { DaemonMetrics, type ScheduleGaugeState } from '../../src/daemon/metrics.js';
import { Registry } from '../../src/daemon/prometheus.js';
import { healthReport, startHealthServer } from '../../src/daemon/health.js';
import type { ScheduleState } from '../../src/daemon/scheduler.js';
import type { Schedule } from '../../src/daemon/schedules.js';
import { Notifier, notificationBody, notificationFor } from '../../src/daemon/notify.js';
import type { RunEvent } from '../../src/daemon/run-event.js';
import { createDaemonLog } from '../../src/daemon/log.js';
import { registerSecret, forgetSecretsForTests } from '../../src/config/redact.js';
import { memoryLog, startReceiver } from './support.js';

/** Parse the text format into name{labels} → value, checking every line is well formed. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`malformed metrics line: ${line}`);
    out.set(m[1], Number(m[2]));
  }
  return out;
}

describe('prometheus text format', () => {
  it('counters, gauges and cumulative histograms with escaped labels', () => {
    const r = new Registry();
    const c = r.counter('x_total', 'Things.\nMore.', ['name']);
    c.inc({ name: 'a "quoted" \\ name\n' }, 2);
    r.gauge('g', 'A gauge.').set({}, 1.5);
    const h = r.histogram('d_seconds', 'Durations.', ['k'], [1, 10]);
    h.observe({ k: 'v' }, 0.5);
    h.observe({ k: 'v' }, 5);
    h.observe({ k: 'v' }, 50);
    const text = r.render();
    expect(text).toContain('# HELP x_total Things.\\nMore.\n# TYPE x_total counter\n');
    expect(text).toContain('x_total{name="a \\"quoted\\" \\\\ name\\n"} 2');
    const m = parseMetrics(text);
    expect(m.get('g')).toBe(1.5);
    expect(m.get('d_seconds_bucket{k="v",le="1"}')).toBe(1);
    expect(m.get('d_seconds_bucket{k="v",le="10"}')).toBe(2);
    expect(m.get('d_seconds_bucket{k="v",le="+Inf"}')).toBe(3);
    expect(m.get('d_seconds_sum{k="v"}')).toBe(55.5);
    expect(m.get('d_seconds_count{k="v"}')).toBe(3);
  });

  it('daemon metrics: runs by channel and result, items pushed, errors, last success, duration', () => {
    const state: ScheduleGaugeState[] = [{ key: 'hourly', running: true, nextRunAt: new Date('2030-01-01T11:00:00Z'), consecutiveFailures: 2 }];
    const metrics = new DaemonMetrics(() => state, new Date('2030-01-01T00:00:00Z'));
    metrics.declare(['hourly'], [{ kind: 'channel', name: 'wix' }]);
    let m = parseMetrics(metrics.render());
    expect(m.get('integr_sync_items_pushed_total{channel="wix"}')).toBe(0);
    expect(m.get('integr_schedule_runs_total{schedule="hourly",result="failure"}')).toBe(0);
    const at = new Date('2030-01-01T10:00:00Z');
    metrics.recordRun('hourly', 'success', 2500, [{ kind: 'channel', name: 'wix', status: 'completed', runId: 1, changes: 4, pushed: 3, errors: 1, durationMs: 2400 }], at);
    metrics.recordRun('hourly', 'failure', 100, [{ kind: 'channel', name: 'wix', status: 'failed', runId: 2, changes: 0, pushed: 0, errors: 0, durationMs: 90 }], new Date('2030-01-01T10:30:00Z'));
    metrics.recordSkip('hourly', 'overlap');
    metrics.recordNotification(false);
    m = parseMetrics(metrics.render());
    expect(m.get('integr_sync_runs_total{channel="wix",result="completed"}')).toBe(1);
    expect(m.get('integr_sync_runs_total{channel="wix",result="failed"}')).toBe(1);
    expect(m.get('integr_sync_items_pushed_total{channel="wix"}')).toBe(3);
    expect(m.get('integr_sync_errors_total{channel="wix"}')).toBe(1);
    expect(m.get('integr_sync_last_success_timestamp_seconds{channel="wix"}')).toBe(at.getTime() / 1000);
    expect(m.get('integr_sync_run_duration_seconds_count{channel="wix"}')).toBe(2);
    expect(m.get('integr_schedule_runs_total{schedule="hourly",result="skipped"}')).toBe(1);
    expect(m.get('integr_schedule_skips_total{schedule="hourly",reason="overlap"}')).toBe(1);
    expect(m.get('integr_schedule_last_success_timestamp_seconds{schedule="hourly"}')).toBe(at.getTime() / 1000);
    expect(m.get('integr_schedule_running{schedule="hourly"}')).toBe(1);
    expect(m.get('integr_schedule_consecutive_failures{schedule="hourly"}')).toBe(2);
    expect(m.get('integr_schedule_next_run_timestamp_seconds{schedule="hourly"}')).toBe(Date.parse('2030-01-01T11:00:00Z') / 1000);
    expect(m.get('integr_notifications_total{result="failed"}')).toBe(1);
    expect(m.get('integr_daemon_start_time_seconds')).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000);
  });
});

function state(over: Partial<ScheduleState> = {}): ScheduleState {
  return {
    schedule: { key: 'hourly', run: 'sync wix', cron: '0 * * * *' } as Schedule,
    key: 'hourly',
    running: false,
    runningSince: null,
    nextRunAt: new Date(Date.now() + 60_000),
    expectedNextAt: new Date(Date.now() + 60_000),
    consecutiveFailures: 0,
    lastStatus: null,
    lastFinishedAt: null,
    ...over,
  };
}

describe('health', () => {
  const started = new Date(Date.now() - 5000);
  it('ok before any run and while any schedule last succeeded', () => {
    expect(healthReport([state()], false, new Date(), started)).toMatchObject({ status: 'ok', httpStatus: 200 });
    const mixed = [state({ lastStatus: 'failure', consecutiveFailures: 3 }), state({ key: 'b', lastStatus: 'success' })];
    expect(healthReport(mixed, false, new Date(), started).httpStatus).toBe(200);
  });

  it('503 when every schedule that ran is failing, when a tick is long overdue, and while stopping', () => {
    const failing = healthReport([state({ lastStatus: 'failure', consecutiveFailures: 1 }), state({ key: 'b' })], false, new Date(), started);
    expect(failing).toMatchObject({ status: 'failing', httpStatus: 503 });
    expect(failing.body.schedules).toEqual([expect.objectContaining({ name: 'hourly', consecutiveFailures: 1, lastStatus: 'failure' }), expect.objectContaining({ name: 'b', lastStatus: null })]);
    const stalled = healthReport([state({ expectedNextAt: new Date(Date.now() - 10 * 60_000) })], false, new Date(), started);
    expect(stalled).toMatchObject({ status: 'stalled', httpStatus: 503 });
    expect(healthReport([state()], true, new Date(), started)).toMatchObject({ status: 'stopping', httpStatus: 503 });
  });

  describe('endpoint', () => {
    let server: Awaited<ReturnType<typeof startHealthServer>>;
    let verdict = healthReport([state()], false, new Date(), started);
    beforeAll(async () => {
      server = await startHealthServer(0, { health: () => verdict, metrics: () => 'integr_up 1\n' }, memoryLog());
    });
    afterAll(() => server.close());

    it('serves /healthz (200 or 503, JSON) and /metrics (Prometheus text) on 127.0.0.1', async () => {
      const base = `http://127.0.0.1:${server.port}`;
      let res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toMatchObject({ status: 'ok', schedules: [{ name: 'hourly', run: 'sync wix' }] });
      verdict = healthReport([state({ lastStatus: 'failure', consecutiveFailures: 1 })], false, new Date(), started);
      res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'failing' });
      res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).toBe('integr_up 1\n');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
    });

    it('a port in use is a config error naming the port', async () => {
      await expect(startHealthServer(server.port, { health: () => verdict, metrics: () => '' }, memoryLog())).rejects.toMatchObject({
        code: 'CONFIG',
        message: `health port ${server.port} on 127.0.0.1 is already in use`,
      });
    });
  });
});

function runEvent(over: Partial<RunEvent> = {}): RunEvent {
  return {
    schedule: 'hourly',
    run: 'sync wix',
    trigger: 'schedule',
    status: 'failure',
    exitCode: 5,
    startedAt: '2030-01-01T10:00:00.000Z',
    finishedAt: '2030-01-01T10:00:02.000Z',
    durationMs: 2000,
    targets: [{ kind: 'channel', name: 'wix', status: 'failed', runId: 7, changes: 0, pushed: 0, errors: 0, durationMs: 1900 }],
    error: { code: 'REMOTE_AUTH', message: 'wix: the API key was refused (HTTP 401)' },
    consecutiveFailures: 2,
    previous: 'failure',
    ...over,
  };
}

describe('notifications', () => {
  it('which runs call for one', () => {
    const on = ['failure', 'recovery'] as const;
    expect(notificationFor(runEvent(), on)).toBe('failure');
    expect(notificationFor(runEvent({ status: 'success', previous: 'failure' }), on)).toBe('recovery');
    expect(notificationFor(runEvent({ status: 'success', previous: 'success' }), on)).toBeNull();
    expect(notificationFor(runEvent({ status: 'success', previous: null }), on)).toBeNull();
    expect(notificationFor(runEvent({ status: 'cancelled' }), on)).toBeNull();
    expect(notificationFor(runEvent({ status: 'success', previous: 'success' }), ['success'])).toBe('success');
    expect(notificationFor(runEvent({ status: 'success', previous: 'failure' }), ['success'])).toBe('success');
    expect(notificationFor(runEvent(), ['recovery'])).toBeNull();
  });

  it('the body says what ran, how it ended and the numbers', () => {
    const body = notificationBody(runEvent(), 'failure', 'web-1');
    expect(body).toMatchObject({ source: 'integr', event: 'failure', host: 'web-1', schedule: 'hourly', run: 'sync wix', status: 'failure', exitCode: 5, consecutiveFailures: 2, targets: [{ name: 'wix', status: 'failed' }] });
    expect(body.text).toBe('integr on web-1: hourly failed (exit 5) in 2.0 s — 2 failures in a row — wix failed: 0 changes, 0 pushed, 0 errors — wix: the API key was refused (HTTP 401)');
    expect(notificationBody(runEvent({ status: 'success', exitCode: 0, error: undefined, consecutiveFailures: 0 }), 'recovery', 'web-1').text).toMatch(/^integr on web-1: hourly recovered in 2\.0 s/);
  });

  describe('against a receiver', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver();
    });
    afterAll(() => receiver.close());

    it('POSTs the JSON summary; secrets in messages are masked', async () => {
      registerSecret('sk_live_abcdef123456');
      try {
        const log = memoryLog();
        const results: boolean[] = [];
        const n = new Notifier({ url: receiver.url, on: ['failure', 'recovery'] }, log, { onResult: (ok) => results.push(ok) });
        await n.afterRun(runEvent({ error: { code: 'REMOTE_AUTH', message: 'wix: key sk_live_abcdef123456 refused' } }));
        await n.afterRun(runEvent({ status: 'success', exitCode: 0, previous: 'success' }));
        expect(receiver.received).toHaveLength(1);
        const got = receiver.received[0];
        expect(got.headers['content-type']).toBe('application/json');
        expect(got.body).toMatchObject({ event: 'failure', schedule: 'hourly', error: { code: 'REMOTE_AUTH' } });
        expect(JSON.stringify(got.body)).not.toContain('sk_live_abcdef123456');
        expect(results).toEqual([true]);
        const sent = log.lines.find((l) => l.event === 'notify.sent')!;
        // The webhook's path and query (often a token) never reach the log.
        expect(sent.message).toBe(`hourly: failure notification sent to ${new URL(receiver.url).origin}`);
      } finally {
        forgetSecretsForTests();
      }
    });

    it('a webhook that fails or cannot be reached is logged and never throws', async () => {
      const log = memoryLog();
      const results: boolean[] = [];
      receiver.state.status = 500;
      await new Notifier({ url: receiver.url, on: ['failure'] }, log, { onResult: (ok) => results.push(ok) }).afterRun(runEvent());
      receiver.state.status = 200;
      const closed = await new Promise<number>((res) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => res(port));
        });
      });
      await new Notifier({ url: `http://127.0.0.1:${closed}/hook`, on: ['failure'] }, log, { onResult: (ok) => results.push(ok) }).afterRun(runEvent());
      expect(results).toEqual([false, false]);
      const failed = log.lines.filter((l) => l.event === 'notify.failed');
      expect(failed.map((l) => l.level)).toEqual(['warn', 'warn']);
      expect(failed[0].message).toMatch(/failed: the webhook answered HTTP 500/);
      expect(failed[1].message).toMatch(/failed: ECONNREFUSED/);
      expect(failed[0].message).not.toContain('token');
    });

    it('a webhook that does not answer gives up after the timeout', async () => {
      const log = memoryLog();
      receiver.state.hold = () => true;
      try {
        await new Notifier({ url: receiver.url, on: ['failure'] }, log, { timeoutMs: 200 }).afterRun(runEvent());
      } finally {
        receiver.state.hold = null;
        receiver.releaseAll();
      }
      expect(log.lines.find((l) => l.event === 'notify.failed')!.message).toMatch(/timed out/);
    });
  });
});

describe('daemon log', () => {
  it('JSON lines when not a terminal, plain lines on one; always redacted', () => {
    registerSecret('pa55word-xyz');
    try {
      const pipe = new PassThrough();
      let text = '';
      pipe.on('data', (d) => (text += d));
      const log = createDaemonLog(pipe, { now: () => new Date('2030-01-01T00:00:00Z') });
      log.log('info', 'run.end', 'hourly: success', { schedule: 'hourly', note: 'pa55word-xyz' });
      log.log('debug', 'adapter', 'hidden without --verbose');
      const line = JSON.parse(text.trim());
      expect(line).toEqual({ time: '2030-01-01T00:00:00.000Z', level: 'info', event: 'run.end', msg: 'hourly: success', schedule: 'hourly', note: '****' });
      const tty = Object.assign(new PassThrough(), { isTTY: true });
      let human = '';
      tty.on('data', (d) => (human += d));
      createDaemonLog(tty, { now: () => new Date('2030-01-01T00:00:00Z') }).log('warn', 'run.skipped', 'hourly: tick skipped');
      expect(human).toBe('2030-01-01T00:00:00.000Z warn  hourly: tick skipped\n');
    } finally {
      forgetSecretsForTests();
    }
  });
});
