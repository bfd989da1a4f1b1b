import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CarrierFault, CarrierOp } from '../../conformance/carrier-fake.js';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FakeHandler = (req: FakeRequest, res: ServerResponse) => Promise<void> | void;

/** A node:http server on 127.0.0.1 (port 0) that reads whole bodies and closes every socket on close(). */
export async function startFakeHttp(handler: FakeHandler): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://fake');
      const req: FakeRequest = { method: raw.method ?? 'GET', path: decodeURIComponent(url.pathname), headers: raw.headers, body: Buffer.concat(chunks).toString('utf8') };
      Promise.resolve(handler(req, res)).catch((err: Error) => {
        if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`fake server bug: ${err.stack ?? err.message}`);
      });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Injected faults per operation, consumed one per request. */
export class FaultQueue {
  private readonly queued: Record<CarrierOp, CarrierFault[]> = { create: [], track: [], auth: [] };
  private readonly counts: Record<CarrierOp, number> = { create: 0, track: 0, auth: 0 };

  inject(fault: CarrierFault, on: CarrierOp, times = 1): void {
    for (let i = 0; i < times; i++) this.queued[on].push(fault);
  }

  /** Count a request of this kind and hand out its fault, if one is queued. */
  next(op: CarrierOp): CarrierFault | undefined {
    this.counts[op]++;
    return this.queued[op].shift();
  }

  clear(): void {
    for (const op of Object.keys(this.queued) as CarrierOp[]) this.queued[op] = [];
  }

  count(op: CarrierOp): number {
    return this.counts[op];
  }
}

export function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The transport-level faults every fake handles the same way; returns true when the request was answered. */
export async function transportFault(fault: CarrierFault | undefined, res: ServerResponse): Promise<boolean> {
  if (!fault) return false;
  if (fault.kind === '429') {
    send(res, 429, 'text/plain', 'Too Many Requests', fault.retryAfterSec === undefined ? {} : { 'retry-after': String(fault.retryAfterSec) });
    return true;
  }
  if (fault.kind === '500') {
    send(res, 500, 'text/html', '<html><body><h1>500 Internal Server Error</h1></body></html>');
    return true;
  }
  if (fault.kind === 'slow') await sleep(fault.delayMs);
  return false;
}

/** Turkish local time (UTC+3, no DST since 2016) parts for carriers that report local dates. */
export function turkeyNow(): Date {
  return new Date(Date.now() + 3 * 3600_000);
}

/**
 * The control members every carrier fake exposes in the same way (the conformance suite drives them):
 * stepping shipments along, inspecting them, faults and request counts, and closing the server.
 */
export function carrierFakeControls<S>(o: {
  shipments: Map<string, S>;
  advance: (s: S) => void;
  faults: FaultQueue;
  maxKeys: () => number;
  server: { close(): Promise<void> };
}) {
  return {
    advance(key?: string) {
      for (const s of key ? [o.shipments.get(key)] : [...o.shipments.values()]) if (s) o.advance(s);
    },
    shipment: (key: string) => o.shipments.get(key),
    keys: () => [...o.shipments.keys()],
    inject: (f: CarrierFault, on: CarrierOp, times?: number) => o.faults.inject(f, on, times),
    clearFaults: () => o.faults.clear(),
    requestCount: (op: CarrierOp) => o.faults.count(op),
    maxKeysPerTrack: o.maxKeys,
    close: () => o.server.close(),
  };
}
