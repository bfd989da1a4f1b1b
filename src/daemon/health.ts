import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IntegrError } from '../errors.js';
import type { DaemonLog } from './log.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.js';
import type { ScheduleState } from './scheduler.js';

export type HealthStatus = 'ok' | 'failing' | 'stalled' | 'stopping';

// A tick this long past its time that never came means the schedule's timer is dead.
const STALL_GRACE_MS = 2 * 60_000;

export interface HealthReport {
  status: HealthStatus;
  httpStatus: 200 | 503;
  body: Record<string, unknown>;
}

/**
 * 200 while every schedule's timer is alive and not all of them ended their last run in failure;
 * 503 otherwise (or while stopping), with the per-schedule facts that decided it.
 */
export function healthReport(states: ScheduleState[], stopping: boolean, now: Date, startedAt: Date): HealthReport {
  const stalled = states.filter((s) => !stopping && s.expectedNextAt !== null && now.getTime() - s.expectedNextAt.getTime() > STALL_GRACE_MS);
  const finished = states.filter((s) => s.lastStatus === 'success' || s.lastStatus === 'failure');
  const allFailing = finished.length > 0 && finished.every((s) => s.consecutiveFailures > 0);
  const status: HealthStatus = stopping ? 'stopping' : stalled.length ? 'stalled' : allFailing ? 'failing' : 'ok';
  return {
    status,
    httpStatus: status === 'ok' ? 200 : 503,
    body: {
      status,
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      uptimeSec: Math.round((now.getTime() - startedAt.getTime()) / 1000),
      schedules: states.map((s) => ({
        name: s.key,
        run: s.schedule.run,
        cron: s.schedule.cron,
        timezone: s.schedule.timezone ?? null,
        running: s.running,
        runningSince: s.runningSince,
        lastStatus: s.lastStatus,
        lastFinishedAt: s.lastFinishedAt,
        consecutiveFailures: s.consecutiveFailures,
        nextRunAt: s.nextRunAt?.toISOString() ?? null,
        stalled: stalled.includes(s),
      })),
    },
  };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** GET /healthz and GET /metrics on 127.0.0.1 only: an operator's probe, never a public endpoint. */
export function startHealthServer(
  port: number,
  handlers: { health: () => HealthReport; metrics: () => string },
  log: DaemonLog,
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method not allowed' }));
      return;
    }
    try {
      if (path === '/healthz') {
        const h = handlers.health();
        res.writeHead(h.httpStatus, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : JSON.stringify(h.body));
      } else if (path === '/metrics') {
        const text = handlers.metrics();
        res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found', paths: ['/healthz', '/metrics'] }));
      }
    } catch (err) {
      log.log('error', 'health.error', `health endpoint failed: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    }
  });
  // Probes are short; never let an idle keep-alive connection hold shutdown up.
  server.keepAliveTimeout = 2000;
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : err.code === 'EACCES' ? 'needs privileges' : `failed: ${err.message}`;
      reject(new IntegrError('CONFIG', `health port ${port} on 127.0.0.1 ${why}`, { hint: 'pick another with --health-port or daemon.healthPort' }));
    });
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        port: actual,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            server.closeAllConnections();
          }),
      });
    });
  });
}
