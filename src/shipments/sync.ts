import { usageError } from '../errors.js';
import { redact } from '../config/redact.js';
import type { OrderShipment, ShipmentRunStatus } from '../store/shipments.js';
import { nowIso } from '../store/time.js';
import type { TrackingResult } from './carrier.js';
import type { ShipmentsDeps } from './deps.js';
import { carrierConfig, configuredCarriers, openCarrier, type OpenedCarrier } from './open-carrier.js';
import { failureOf, isCarrierWide, messageOf, type CarrierFailure } from './outcome.js';
import { chunk, runPool } from './pool.js';
import { resolveCarrier } from './resolve-carrier.js';
import { planTrackingUpdate } from './tracking-update.js';

export interface SyncShipmentsOptions {
  /** Only this carrier (its config name). */
  carrier?: string;
  signal?: AbortSignal;
  /** Called after each batch (for progress lines). */
  onProgress?: (progress: { carrier: string; done: number; total: number }) => void;
}

export interface ShipmentChange {
  orderNo: string;
  carrier: string;
  carrierKey: string;
  trackingNumber: string | null;
  from: string | null;
  to: string | null;
  carrierCode: string | null;
  carrierStatus: string | null;
  newEvents: number;
}

export interface CarrierSyncReport {
  carrier: string;
  type: string;
  /** The shipment_runs row; null when the run never started (another process held the carrier's lock). */
  runId: number | null;
  status: Exclude<ShipmentRunStatus, 'running'> | 'locked';
  /** Orders asked about. */
  checked: number;
  changed: number;
  unchanged: number;
  /** Keys the carrier does not (yet) list. */
  notFound: number;
  errors: number;
  changes: ShipmentChange[];
  failures: { orderNo: string; carrierKey: string; reason: string }[];
  error: CarrierFailure | null;
  durationMs: number;
}

export interface ShipmentsSyncReport {
  status: 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';
  carriers: CarrierSyncReport[];
  /** Orders with a carrier key whose carrier is not configured (or ambiguous): not asked about. */
  skipped: { orderNo: string; carrier: string | null; reason: string }[];
  carrierFailures: (CarrierFailure & { carrier: string })[];
  /** Orders whose check failed. */
  failed: number;
  durationMs: number;
}

const LOCK_TTL_SEC = 120;

/**
 * `integr shipments sync`: ask each carrier about every order with a carrier key that is not
 * delivered/returned/cancelled, in the carrier's batch size, and record status changes and new
 * events. One shipment_runs row per carrier. The daemon calls this in-process.
 */
export async function syncShipments(deps: ShipmentsDeps, options: SyncShipmentsOptions = {}): Promise<ShipmentsSyncReport> {
  const started = Date.now();
  const { loaded, store } = deps;
  const known = configuredCarriers(loaded);
  if (options.carrier) carrierConfig(loaded, options.carrier);
  else if (!known.length) throw usageError('no carriers configured', 'add one under `carriers:` in .integrationsrc (see docs/carriers.md)');

  const wanted = options.carrier ? [options.carrier] : known.map((c) => c.name);
  const byCarrier = new Map<string, OrderShipment[]>(wanted.map((n) => [n, []]));
  const skipped: ShipmentsSyncReport['skipped'] = [];
  for (const order of store.shipments.trackable()) {
    const match = resolveCarrier(order.carrier, known);
    if (!match.ok) {
      if (!options.carrier) skipped.push({ orderNo: order.orderNo, carrier: order.carrier, reason: match.reason });
      continue;
    }
    byCarrier.get(match.name)?.push(order);
  }

  const carriers: CarrierSyncReport[] = [];
  for (const [name, orders] of byCarrier) {
    if (options.signal?.aborted) break;
    carriers.push(await syncCarrier(deps, name, orders, options));
  }
  const cancelled = Boolean(options.signal?.aborted) || carriers.some((c) => c.status === 'cancelled');
  const failed = carriers.reduce((n, c) => n + c.errors, 0);
  const carrierFailures = carriers.filter((c) => c.error).map((c) => ({ carrier: c.carrier, ...(c.error as CarrierFailure) }));
  const status = cancelled
    ? 'cancelled'
    : carriers.every((c) => c.status === 'completed')
      ? 'completed'
      : carriers.every((c) => c.status === 'failed' || c.status === 'locked')
        ? 'failed'
        : 'completed_with_errors';
  return { status, carriers, skipped, carrierFailures, failed, durationMs: Date.now() - started };
}

async function syncCarrier(deps: ShipmentsDeps, name: string, orders: OrderShipment[], options: SyncShipmentsOptions): Promise<CarrierSyncReport> {
  const started = Date.now();
  const signal = options.signal;
  const { loaded, store, log } = deps;
  const report: CarrierSyncReport = {
    carrier: name,
    type: loaded.config.carriers[name].type,
    runId: null,
    status: 'completed',
    checked: 0,
    changed: 0,
    unchanged: 0,
    notFound: 0,
    errors: 0,
    changes: [],
    failures: [],
    error: null,
    durationMs: 0,
  };
  const lock = store.locks.acquire(`shipments-sync:${name}`, { ttlSec: LOCK_TTL_SEC, purpose: 'shipments sync' });
  if (!lock.ok) {
    report.status = 'locked';
    report.error = { code: 'LOCKED', message: `${name}: another integr process (pid ${lock.holder.pid} on ${lock.holder.host}) is syncing it since ${lock.holder.acquiredAt}`, exitCode: 1 };
    report.durationMs = Date.now() - started;
    return report;
  }
  report.runId = store.shipments.startRun(name, 'track');
  let open: OpenedCarrier | undefined;
  try {
    if (orders.length) open = await openCarrier(loaded, name, store, log);
    // Orders sharing a key (an imported duplicate) are one shipment: ask once, record on each.
    const ordersByKey = new Map<string, OrderShipment[]>();
    for (const o of orders) ordersByKey.set(o.carrierKey as string, [...(ordersByKey.get(o.carrierKey as string) ?? []), o]);
    const batches = open ? chunk([...ordersByKey.keys()], open.carrier.capabilities.trackBatchSize) : [];
    const carrier = open?.carrier;
    const { notStarted } = await runPool(
      batches,
      carrier?.capabilities.concurrency ?? 1,
      async (keys) => {
        if (!carrier) return 'stop';
        let results: Map<string, TrackingResult>;
        try {
          results = new Map((await carrier.track(keys, signal)).map((r) => [r.carrierKey, r]));
        } catch (err) {
          // Interrupted mid-request: those orders were simply not checked this time.
          if (signal?.aborted) return 'stop';
          if (isCarrierWide(err)) report.error = failureOf(err);
          for (const k of keys) for (const o of ordersByKey.get(k) ?? []) fail(report, o, messageOf(err));
          return report.error ? 'stop' : undefined;
        }
        const checkedAt = nowIso();
        for (const key of keys) {
          for (const order of ordersByKey.get(key) ?? []) {
            const r = results.get(key);
            if (!r || r.error) {
              fail(report, order, r?.error ? redact(r.error) : `${name} gave no answer for this key`);
              continue;
            }
            report.checked++;
            if (!r.found) report.notFound++;
            // Re-read: an earlier order of the same key in this batch may not change this one's row, but a parallel run might have.
            const prev = store.shipments.get(order.orderNo) ?? order;
            const plan = planTrackingUpdate(prev, r, checkedAt);
            const added = store.shipments.applyCheck(order.orderId, name, checkedAt, plan.state, plan.events);
            if (plan.changed || added > 0) {
              report.changed++;
              report.changes.push({
                orderNo: order.orderNo,
                carrier: name,
                carrierKey: key,
                trackingNumber: plan.state.trackingNumber,
                from: plan.from,
                to: plan.to,
                carrierCode: plan.state.carrierStatusCode,
                carrierStatus: plan.state.carrierStatus,
                newEvents: added,
              });
            } else report.unchanged++;
          }
        }
        lock.lock.heartbeat();
        log.verbose(`${name}: checked ${keys.length} shipment(s)`);
        options.onProgress?.({ carrier: name, done: report.checked + report.errors, total: orders.length });
        return undefined;
      },
      signal,
    );
    for (const keys of notStarted) {
      for (const k of keys) for (const o of ordersByKey.get(k) ?? []) if (report.error) fail(report, o, `not checked: ${report.error.message}`);
    }
    report.status = signal?.aborted ? 'cancelled' : report.error || (report.errors > 0 && report.checked === 0) ? 'failed' : report.errors > 0 ? 'completed_with_errors' : 'completed';
  } catch (err) {
    report.error = failureOf(err);
    report.status = 'failed';
    for (const o of orders) if (!report.failures.some((f) => f.orderNo === o.orderNo)) fail(report, o, report.error.message);
  } finally {
    await open?.carrier.close().catch(() => undefined);
    store.shipments.finishRun(report.runId, {
      status: report.status === 'locked' ? 'failed' : report.status,
      checked: report.checked,
      changed: report.changed,
      errors: report.errors,
      error: report.error?.message ?? report.failures[0]?.reason ?? null,
    });
    lock.lock.release();
  }
  report.durationMs = Date.now() - started;
  return report;
}

function fail(report: CarrierSyncReport, order: OrderShipment, reason: string): void {
  report.errors++;
  report.failures.push({ orderNo: order.orderNo, carrierKey: order.carrierKey as string, reason });
}
