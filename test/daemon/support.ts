// Shared pieces of the daemon tests: a ticker fired by hand, a log that keeps its lines, sync cores
// the test controls, and a webhook receiver that can hold its answers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ticker } from '../../src/daemon/cron.js';
import type { DaemonLog, LogLevel } from '../../src/daemon/log.js';
import type { JobCores } from '../../src/daemon/job.js';
import type { ImportOptions } from '../../src/import/options.js';
import type { ImportReport } from '../../src/import/pipeline.js';
import type { ShipmentsSyncReport, SyncShipmentsOptions } from '../../src/shipments/sync.js';
import type { SyncOptions, SyncReport } from '../../src/sync/types.js';

export class ManualTicker implements Ticker {
  private onTick: ((d: Date) => void) | null = null;
  stopped = false;
  /** What tickedBetween answers (the catch-up decision), set per test. */
  ticked = false;
  next: Date | null = new Date(Date.now() + 60_000);
  start(onTick: (d: Date) => void): void {
    this.onTick = onTick;
  }
  stop(): void {
    this.stopped = true;
    this.onTick = null;
  }
  nextRun(): Date | null {
    return this.next;
  }
  tickedBetween(): boolean {
    return this.ticked;
  }
  fire(at = new Date()): void {
    this.onTick?.(at);
  }
}

export interface LogLine {
  level: LogLevel;
  event: string;
  message: string;
  fields: Record<string, unknown>;
}

export function memoryLog(): DaemonLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = {
    lines,
    log(level: LogLevel, event: string, message: string, fields: Record<string, unknown> = {}) {
      lines.push({ level, event, message, fields });
    },
    adapter: () => ({ verbose: (m: string) => log.log('debug', 'adapter', m), warn: (m: string) => log.log('warn', 'adapter', m) }),
  };
  return log;
}

export function report(channel: string, over: Partial<SyncReport> = {}): SyncReport {
  const now = new Date().toISOString();
  return {
    runId: 1,
    channel,
    type: 'sandbox',
    mode: 'push',
    dryRun: false,
    status: 'completed',
    totalProducts: 10,
    foundInChannel: 10,
    notFound: 0,
    untracked: 0,
    changes: 3,
    updated: 3,
    unchanged: 7,
    errors: 0,
    pending: 0,
    capped: 0,
    noLocalStock: 0,
    requests: 2,
    durationMs: 5,
    startedAt: now,
    finishedAt: now,
    exitCode: 0,
    ...over,
  };
}

export interface PendingSync {
  names: string[] | 'all';
  options: SyncOptions;
  resolve(reports: SyncReport[]): void;
  reject(err: unknown): void;
}

export interface PendingCall<A, R> {
  args: A;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/** Cores whose calls wait until the test settles them (sync calls in `calls`, the others in their own lists). */
export function heldCores(): JobCores & {
  calls: PendingSync[];
  shipmentCalls: PendingCall<SyncShipmentsOptions, ShipmentsSyncReport>[];
  importCalls: PendingCall<{ file: string; options: ImportOptions; signal?: AbortSignal }, ImportReport>[];
} {
  const calls: PendingSync[] = [];
  const shipmentCalls: PendingCall<SyncShipmentsOptions, ShipmentsSyncReport>[] = [];
  const importCalls: PendingCall<{ file: string; options: ImportOptions; signal?: AbortSignal }, ImportReport>[] = [];
  return {
    calls,
    shipmentCalls,
    importCalls,
    syncChannels: (_deps, names, options) =>
      new Promise<SyncReport[]>((resolve, reject) => {
        calls.push({ names, options, resolve, reject });
      }),
    syncShipments: (_deps, options) => new Promise((resolve, reject) => void shipmentCalls.push({ args: options, resolve, reject })),
    importWorkbook: (_deps, file, options, signal) => new Promise((resolve, reject) => void importCalls.push({ args: { file, options, signal }, resolve, reject })),
  };
}

/** Let pending promise callbacks (and the store writes after them) run. */
export const settle = () => new Promise((r) => setImmediate(r));

export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Received {
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/** A loopback webhook receiver: records every POST; a POST that `hold` picks is answered only when released. */
export async function startReceiver(status = 200) {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const state: { hold: ((body: Record<string, unknown>) => boolean) | null; status: number } = { hold: null, status };
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (d) => (data += d));
    req.on('end', () => {
      const body = JSON.parse(data) as Record<string, unknown>;
      received.push({ body, headers: req.headers });
      if (state.hold?.(body)) held.push(res);
      else res.writeHead(state.status).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/integr?token=hook-token-123`,
    received,
    state,
    releaseAll() {
      for (const res of held.splice(0)) if (!res.writableEnded) res.writeHead(state.status).end('ok');
    },
    close: () =>
      new Promise<void>((r) => {
        for (const res of held.splice(0)) res.destroy();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
