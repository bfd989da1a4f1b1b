import { usageError } from '../errors.js';
import { redact } from '../config/redact.js';
import type { OrderForShipment, ShipmentRunStatus } from '../store/shipments.js';
import { nowIso } from '../store/time.js';
import type { CreateOutcome, ShipmentRequest, ShipmentStatus, TrackingResult } from './carrier.js';
import { deriveCarrierKey, fitsCarrierKey } from './carrier-key.js';
import type { ShipmentsDeps } from './deps.js';
import { configuredCarriers, carrierConfig, openCarrier, type OpenedCarrier } from './open-carrier.js';
import { failureOf, isCarrierWide, messageOf, outcomeUnknown, type CarrierFailure } from './outcome.js';
import { chunk, runPool } from './pool.js';
import { buildShipmentRequest, isShippableOrderStatus } from './request.js';
import { resolveCarrier, type KnownCarrier } from './resolve-carrier.js';
import { planTrackingUpdate } from './tracking-update.js';

export interface CreateShipmentsOptions {
  /** Create for these orders (each at --carrier, or at the carrier the order names). */
  orderNos?: string[];
  /** Create for every order without a shipment, each at the carrier it names. */
  pending?: boolean;
  /** With orderNos: the carrier to use. With pending: only orders naming this carrier. */
  carrier?: string;
  /** Show what would be sent; no remote call, no store write. */
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called after each batch (for progress lines). */
  onProgress?: (progress: { carrier: string; done: number; total: number }) => void;
}

export type CreateResultKind = 'created' | 'exists' | 'failed' | 'skipped' | 'would_create';

export interface CreateShipmentResult {
  orderNo: string;
  carrier: string | null;
  carrierKey: string | null;
  /** created: a new shipment · exists: the carrier already had this key (looked up, not duplicated) · would_create: dry run */
  result: CreateResultKind;
  status: ShipmentStatus | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  reason: string | null;
  /** Dry run: the request that would be sent. */
  request?: ShipmentRequest;
}

export interface CarrierCreateRun {
  carrier: string;
  type: string;
  runId: number | null;
  status: Exclude<ShipmentRunStatus, 'running'>;
  attempted: number;
  created: number;
  exists: number;
  failed: number;
  error: CarrierFailure | null;
}

export interface ShipmentsCreateReport {
  dryRun: boolean;
  status: 'completed' | 'completed_with_errors' | 'failed' | 'cancelled';
  results: CreateShipmentResult[];
  summary: { total: number; created: number; exists: number; failed: number; skipped: number; wouldCreate: number };
  carriers: CarrierCreateRun[];
  carrierFailures: (CarrierFailure & { carrier: string })[];
  failed: number;
  durationMs: number;
}

interface Planned {
  order: OrderForShipment;
  request: ShipmentRequest;
}

const result = (orderNo: string, fields: Partial<CreateShipmentResult> & Pick<CreateShipmentResult, 'result'>): CreateShipmentResult => ({
  orderNo,
  carrier: null,
  carrierKey: null,
  status: null,
  trackingNumber: null,
  trackingUrl: null,
  reason: null,
  ...fields,
});

/**
 * `integr shipments create`: pick the orders, derive each carrier key from the order number (so a
 * retry is idempotent), send them in the carrier's batch size, and record what the carrier answered.
 * "Already exists" and unclear answers become status lookups, never a second shipment.
 */
export async function createShipments(deps: ShipmentsDeps, options: CreateShipmentsOptions): Promise<ShipmentsCreateReport> {
  const started = Date.now();
  const { loaded, store, log } = deps;
  const orderNos = [...new Set((options.orderNos ?? []).map((o) => o.trim()).filter(Boolean))];
  if (options.pending && orderNos.length) throw usageError('name order numbers or use --pending, not both');
  if (!options.pending && !orderNos.length) throw usageError('name the orders to ship, or use --pending for every order without a shipment');
  const known = configuredCarriers(loaded);
  if (!known.length) throw usageError('no carriers configured', 'add one under `carriers:` in .integrationsrc (see docs/carriers.md)');
  if (options.carrier) carrierConfig(loaded, options.carrier);

  const results: CreateShipmentResult[] = [];
  const candidates = selectCandidates(deps, options, orderNos, known, results);

  const opened = new Map<string, OpenedCarrier>();
  const openFailures = new Map<string, CarrierFailure>();
  try {
    for (const name of new Set(candidates.map((c) => c.carrier))) {
      try {
        opened.set(name, await openCarrier(loaded, name, store, log));
      } catch (err) {
        openFailures.set(name, failureOf(err));
      }
    }

    const planned = new Map<string, Planned[]>();
    const keysInRun = new Map<string, string>();
    for (const { order, carrier } of candidates) {
      const open = opened.get(carrier);
      if (!open) {
        results.push(result(order.orderNo, { carrier, result: 'failed', reason: openFailures.get(carrier)?.message ?? 'carrier could not be opened' }));
        continue;
      }
      const rules = open.carrier.capabilities.carrierKey;
      const key = order.carrierKey ?? deriveCarrierKey(order.orderNo, rules);
      if (!fitsCarrierKey(key, rules)) {
        results.push(result(order.orderNo, { carrier, carrierKey: key, result: 'failed', reason: `carrier key "${key}" (from the order) is not valid for ${carrier}: at most ${rules.maxLength} characters of ${rules.allowed.source}` }));
        continue;
      }
      const clash = keysInRun.get(`${carrier}\u0000${key}`) ?? keyHolder(deps, known, carrier, key, order.orderId);
      if (clash) {
        results.push(result(order.orderNo, { carrier, carrierKey: key, result: 'failed', reason: `carrier key "${key}" is already used by order ${clash} at ${carrier}` }));
        continue;
      }
      const built = buildShipmentRequest(order, key);
      if (!built.ok) {
        results.push(result(order.orderNo, { carrier, carrierKey: key, result: 'failed', reason: built.reason }));
        continue;
      }
      keysInRun.set(`${carrier}\u0000${key}`, order.orderNo);
      const list = planned.get(carrier) ?? [];
      list.push({ order, request: built.request });
      planned.set(carrier, list);
    }

    const carriers: CarrierCreateRun[] = [];
    let cancelled = false;
    if (options.dryRun) {
      for (const [carrier, list] of planned) {
        for (const p of list) results.push(result(p.order.orderNo, { carrier, carrierKey: p.request.carrierKey, result: 'would_create', request: p.request }));
      }
    } else {
      for (const [carrier, list] of planned) {
        if (options.signal?.aborted) {
          cancelled = true;
          for (const p of list) results.push(result(p.order.orderNo, { carrier, carrierKey: p.request.carrierKey, result: 'skipped', reason: 'interrupted before it was sent' }));
          continue;
        }
        const open = opened.get(carrier) as OpenedCarrier;
        const run = await createAtCarrier(deps, open, list, options);
        results.push(...run.results);
        carriers.push(run.summary);
        if (run.summary.status === 'cancelled') cancelled = true;
      }
    }
    for (const [carrier, f] of openFailures) {
      carriers.push({ carrier, type: loaded.config.carriers[carrier].type, runId: null, status: 'failed', attempted: 0, created: 0, exists: 0, failed: candidates.filter((c) => c.carrier === carrier).length, error: f });
    }

    const count = (k: CreateResultKind) => results.filter((r) => r.result === k).length;
    const failed = count('failed');
    const carrierFailures = carriers.filter((c) => c.error).map((c) => ({ carrier: c.carrier, ...(c.error as CarrierFailure) }));
    const ok = count('created') + count('exists') + count('would_create');
    const status = cancelled ? 'cancelled' : failed === 0 ? 'completed' : ok === 0 && results.length === failed ? 'failed' : 'completed_with_errors';
    log.verbose(`shipments create: ${results.length} order(s), ${count('created')} created, ${count('exists')} already there, ${failed} failed`);
    return {
      dryRun: Boolean(options.dryRun),
      status,
      results: sortLike(results, candidates.map((c) => c.order.orderNo), orderNos),
      summary: { total: results.length, created: count('created'), exists: count('exists'), failed, skipped: count('skipped'), wouldCreate: count('would_create') },
      carriers,
      carrierFailures,
      failed,
      durationMs: Date.now() - started,
    };
  } finally {
    for (const o of opened.values()) await o.carrier.close().catch(() => undefined);
  }
}

/** Which orders to ship and where; orders that cannot be shipped get their result here. */
function selectCandidates(
  deps: ShipmentsDeps,
  options: CreateShipmentsOptions,
  orderNos: string[],
  known: KnownCarrier[],
  results: CreateShipmentResult[],
): { order: OrderForShipment; carrier: string }[] {
  const out: { order: OrderForShipment; carrier: string }[] = [];
  const shipments = deps.store.shipments;
  if (options.pending) {
    for (const order of shipments.pending()) {
      const match = resolveCarrier(order.carrier, known);
      if (options.carrier) {
        // --carrier narrows --pending to the orders that name that carrier.
        if (!match.ok || match.name !== options.carrier) continue;
      } else if (!match.ok) {
        results.push(result(order.orderNo, { carrier: order.carrier, result: 'skipped', reason: `${match.reason}; use \`shipments create ${order.orderNo} --carrier <name>\`` }));
        continue;
      }
      if (!isShippableOrderStatus(order.orderStatus)) {
        results.push(result(order.orderNo, { carrier: match.ok ? match.name : null, result: 'skipped', reason: `order status is "${order.orderStatus}"` }));
        continue;
      }
      out.push({ order, carrier: (match as { name: string }).name });
    }
    return out;
  }
  const found = shipments.forShipment(orderNos);
  for (const no of orderNos) {
    const order = found.get(no);
    if (!order) {
      results.push(result(no, { result: 'failed', reason: `no order ${no} in the store` }));
      continue;
    }
    const own = resolveCarrier(order.carrier, known);
    if (order.shipmentCreatedAt || (order.trackingNumber && order.carrierKey === null)) {
      results.push(
        result(no, {
          carrier: order.carrier,
          carrierKey: order.carrierKey,
          result: 'skipped',
          status: (order.status as ShipmentStatus | null) ?? null,
          trackingNumber: order.trackingNumber,
          trackingUrl: order.trackingUrl,
          reason: `already has a shipment${order.carrier ? ` at ${order.carrier}` : ''}${order.carrierKey ? ` (key ${order.carrierKey})` : ''}${order.trackingNumber ? `, tracking ${order.trackingNumber}` : ''}`,
        }),
      );
      continue;
    }
    const carrier = options.carrier ?? (own.ok ? own.name : null);
    if (!carrier) {
      results.push(result(no, { carrier: order.carrier, result: 'failed', reason: `${(own as { reason: string }).reason}; pass --carrier <name>` }));
      continue;
    }
    if (order.carrierKey && own.ok && own.name !== carrier) {
      // The imported key belongs to another carrier's shipment; shipping it again elsewhere would double it.
      results.push(result(no, { carrier: order.carrier, carrierKey: order.carrierKey, result: 'skipped', reason: `the order's carrier key ${order.carrierKey} belongs to ${own.name}` }));
      continue;
    }
    if (!isShippableOrderStatus(order.orderStatus)) {
      results.push(result(no, { carrier, result: 'failed', reason: `order status is "${order.orderStatus}"; not shipped` }));
      continue;
    }
    out.push({ order, carrier });
  }
  return out;
}

/** Send one carrier's shipments and record the answers; one shipment_runs row (kind 'create'). */
async function createAtCarrier(
  deps: ShipmentsDeps,
  open: OpenedCarrier,
  list: Planned[],
  options: CreateShipmentsOptions,
): Promise<{ results: CreateShipmentResult[]; summary: CarrierCreateRun }> {
  const { store, log } = deps;
  const signal = options.signal;
  const carrier = open.carrier;
  const runId = store.shipments.startRun(open.name, 'create');
  const results: CreateShipmentResult[] = [];
  let carrierError: CarrierFailure | null = null;

  const batches = chunk(list, carrier.capabilities.createBatchSize);
  const { notStarted } = await runPool(
    batches,
    carrier.capabilities.concurrency,
    async (batch) => {
      if (carrierError) return 'stop';
      let outcomes: CreateOutcome[];
      try {
        outcomes = await carrier.create(batch.map((p) => p.request), signal);
      } catch (err) {
        if (outcomeUnknown(err)) {
          outcomes = batch.map((p) => ({ carrierKey: p.request.carrierKey, status: 'unknown', reason: messageOf(err) }));
        } else {
          if (isCarrierWide(err)) carrierError = failureOf(err);
          outcomes = batch.map((p) => ({ carrierKey: p.request.carrierKey, status: 'failed', reason: messageOf(err) }));
        }
      }
      const answered = new Map(outcomes.map((o) => [o.carrierKey, o]));
      const lookups: { planned: Planned; outcome: CreateOutcome }[] = [];
      for (const p of batch) {
        const o = answered.get(p.request.carrierKey) ?? { carrierKey: p.request.carrierKey, status: 'failed' as const, reason: `${open.name} gave no answer for this shipment` };
        if (o.status === 'created') {
          store.shipments.recordCreated(p.order.orderId, { carrier: open.name, carrierKey: o.carrierKey, trackingNumber: o.trackingNumber, trackingUrl: o.trackingUrl, at: nowIso() });
          results.push(result(p.order.orderNo, { carrier: open.name, carrierKey: o.carrierKey, result: 'created', status: 'created', trackingNumber: o.trackingNumber, trackingUrl: o.trackingUrl }));
        } else if (o.status === 'failed') {
          results.push(result(p.order.orderNo, { carrier: open.name, carrierKey: o.carrierKey, result: 'failed', reason: redact(o.reason) }));
        } else lookups.push({ planned: p, outcome: o });
      }
      if (lookups.length) results.push(...(await lookUp(deps, open, lookups, signal)));
      log.verbose(`${open.name}: sent ${batch.length} shipment(s)`);
      options.onProgress?.({ carrier: open.name, done: results.length, total: list.length });
      return carrierError ? 'stop' : undefined;
    },
    signal,
  );
  for (const batch of notStarted) {
    for (const p of batch) {
      results.push(
        result(p.order.orderNo, {
          carrier: open.name,
          carrierKey: p.request.carrierKey,
          result: carrierError ? 'failed' : 'skipped',
          reason: carrierError ? `not sent: ${(carrierError as CarrierFailure).message}` : 'interrupted before it was sent',
        }),
      );
    }
  }
  const created = results.filter((r) => r.result === 'created').length;
  const exists = results.filter((r) => r.result === 'exists').length;
  const failed = results.filter((r) => r.result === 'failed').length;
  const status: CarrierCreateRun['status'] =
    signal?.aborted ? 'cancelled' : failed === 0 ? 'completed' : created + exists === 0 ? 'failed' : 'completed_with_errors';
  const firstError = (carrierError as CarrierFailure | null)?.message ?? results.find((r) => r.result === 'failed')?.reason ?? null;
  store.shipments.finishRun(runId, { status, checked: list.length, changed: created + exists, errors: failed, error: firstError });
  return { results, summary: { carrier: open.name, type: open.type, runId, status, attempted: list.length, created, exists, failed, error: carrierError } };
}

/**
 * The carrier said "already exists", or the answer was lost: ask for the shipment's status.
 * "exists" is recorded even when the lookup finds nothing yet (the carrier confirmed the key);
 * a lost answer counts as created only when the lookup finds the shipment.
 */
async function lookUp(
  deps: ShipmentsDeps,
  open: OpenedCarrier,
  items: { planned: Planned; outcome: CreateOutcome }[],
  signal: AbortSignal | undefined,
): Promise<CreateShipmentResult[]> {
  const { store } = deps;
  const out: CreateShipmentResult[] = [];
  for (const batch of chunk(items, open.carrier.capabilities.trackBatchSize)) {
    let tracked = new Map<string, TrackingResult>();
    let lookupError: string | null = null;
    try {
      tracked = new Map((await open.carrier.track(batch.map((i) => i.outcome.carrierKey), signal)).map((t) => [t.carrierKey, t]));
    } catch (err) {
      lookupError = messageOf(err);
    }
    for (const { planned, outcome } of batch) {
      const key = outcome.carrierKey;
      const t = tracked.get(key);
      const found = t?.found === true && !t.error;
      if (outcome.status === 'unknown' && !found) {
        const why = lookupError ? `the status lookup failed too (${lookupError})` : `${open.name} does not list it`;
        out.push(result(planned.order.orderNo, { carrier: open.name, carrierKey: key, result: 'failed', reason: `${redact((outcome as { reason: string }).reason)}; ${why}: re-run to retry (same key, no duplicate)` }));
        continue;
      }
      const at = nowIso();
      store.shipments.recordCreated(planned.order.orderId, { carrier: open.name, carrierKey: key, trackingNumber: found ? t.trackingNumber : null, trackingUrl: found ? t.trackingUrl : null, at });
      let status: ShipmentStatus = 'created';
      const row = store.shipments.get(planned.order.orderNo);
      if (found && row) {
        const plan = planTrackingUpdate(row, t, at);
        store.shipments.applyCheck(row.orderId, open.name, at, plan.state, plan.events);
        status = (plan.state.status as ShipmentStatus) ?? 'created';
      }
      const after = store.shipments.get(planned.order.orderNo);
      out.push(
        result(planned.order.orderNo, {
          carrier: open.name,
          carrierKey: key,
          result: outcome.status === 'exists' ? 'exists' : 'created',
          status,
          trackingNumber: after?.trackingNumber ?? null,
          trackingUrl: after?.trackingUrl ?? null,
          reason: outcome.status === 'exists' ? `${open.name} already had this key; recorded its status instead of creating another` : 'the answer was lost; a status lookup found the shipment',
        }),
      );
    }
  }
  return out;
}

/** Results in the order the user named them (explicit) or the store listed them (pending). */
function sortLike(results: CreateShipmentResult[], candidateOrder: string[], named: string[]): CreateShipmentResult[] {
  const order = new Map<string, number>();
  [...named, ...candidateOrder].forEach((no, i) => {
    if (!order.has(no)) order.set(no, i);
  });
  return [...results].sort((a, b) => (order.get(a.orderNo) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.orderNo) ?? Number.MAX_SAFE_INTEGER));
}

/** Another order that already holds this key at this carrier (a second shipment under it would merge the two). */
function keyHolder(deps: ShipmentsDeps, known: KnownCarrier[], carrier: string, key: string, orderId: number): string | undefined {
  return deps.store.shipments.byCarrierKey(key).find((o) => {
    if (o.orderId === orderId) return false;
    const m = resolveCarrier(o.carrier, known);
    return m.ok && m.name === carrier;
  })?.orderNo;
}
