// The sync engine: lock → journal → read → plan → safety → push → confirm unknowns → poll → report.
// It knows no platform by name: everything platform-specific is behind Channel and its capabilities.
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitCode, IntegrError, toIntegrError } from '../errors.js';
import { redact } from '../config/redact.js';
import { nowIso } from '../store/time.js';
import type { HeldLock } from '../store/locks.js';
import type { RunStats } from '../store/runs.js';
import type { LocalStockItem } from '../store/stock.js';
import type { Change, Channel, ItemOutcome } from './channel.js';
import { channelConfig, openChannel, type OpenedChannel } from './open-channel.js';
import { planSync, splitByLocalStock, type Plan, type TargetRules } from './plan.js';
import { checkSafety } from './safety.js';
import { readRemote } from './read-remote.js';
import { pushChanges } from './push.js';
import { outcomeState, plannedItem } from './journal-items.js';
import type { PlanLine, SyncDeps, SyncOptions, SyncReport, SyncStatus } from './types.js';

/** How many times unknown outcomes are re-read and re-planned before they are reported as errors. */
const MAX_CONFIRM_ROUNDS = 3;

export async function syncChannels(deps: SyncDeps, names: string[] | 'all', options: SyncOptions): Promise<SyncReport[]> {
  const list = names === 'all' ? Object.keys(deps.loaded.config.channels) : names;
  if (!list.length) throw new IntegrError('USAGE', 'no channels configured: add one under `channels:` (try `type: sandbox`)');
  for (const n of list) channelConfig(deps.loaded, n); // unknown names are a usage error before anything runs
  const reports: SyncReport[] = [];
  // One channel failing never stops the others.
  for (const name of list) {
    if (options.signal?.aborted) break;
    reports.push(await syncChannel(deps, name, options));
  }
  return reports;
}

/** The run's counters as the journal records them (requests come from the channel), plus capped SKUs. */
type Counters = Omit<RunStats, 'requests'> & { capped: number; noLocalStock: number };

export async function syncChannel(deps: SyncDeps, name: string, options: SyncOptions): Promise<SyncReport> {
  const startedAt = nowIso();
  const t0 = Date.now();
  const cfg = channelConfig(deps.loaded, name);
  const counters: Counters = { totalProducts: 0, found: 0, notFound: 0, untracked: 0, changes: 0, updated: 0, unchanged: 0, errors: 0, pending: 0, capped: 0, noLocalStock: 0 };
  let plan: Plan | undefined;
  let runId: number | null = null;
  let lock: HeldLock | undefined;
  let opened: OpenedChannel | undefined;
  const failures: { sku: string; reason: string }[] = [];

  const report = (status: SyncStatus, exitCode: number, error?: IntegrError): SyncReport => {
    const r: SyncReport = {
      runId,
      channel: name,
      type: cfg.type,
      mode: options.mode,
      dryRun: options.mode !== 'push',
      status,
      totalProducts: counters.totalProducts,
      foundInChannel: counters.found,
      notFound: counters.notFound,
      untracked: counters.untracked,
      changes: counters.changes,
      updated: counters.updated,
      unchanged: counters.unchanged,
      errors: counters.errors,
      pending: counters.pending,
      capped: counters.capped,
      noLocalStock: counters.noLocalStock,
      requests: opened?.channel.requestCount?.() ?? 0,
      durationMs: Date.now() - t0,
      startedAt,
      finishedAt: nowIso(),
      exitCode,
    };
    if (plan) r.plan = plan.changes.map((c): PlanLine => ({ sku: c.sku, remote: c.remote, target: c.target, delta: c.delta, ...(c.capped ? { capped: true } : {}), ...(c.price ? { price: c.price } : {}) }));
    if (failures.length) r.failures = failures;
    if (error) r.error = { code: error.code, message: redact(error.message) };
    if (runId !== null) {
      deps.store.runs.finish(runId, status, { ...counters, requests: r.requests }, r.error?.message);
    }
    return r;
  };

  try {
    const acquired = await acquireLock(deps, name, options);
    if (!acquired.ok) return report('failed', ExitCode.UNEXPECTED, acquired.error);
    lock = acquired.lock;

    // We hold the lock, so any run of this channel still marked running died with its process.
    const interrupted = deps.store.runs.markInterrupted(name);
    if (interrupted) deps.log.warn(`${name}: ${interrupted} earlier run(s) had been interrupted; this run re-reads the remote before pushing`);
    runId = deps.store.runs.create({
      channel: name,
      channelType: cfg.type,
      mode: options.mode,
      options: { skus: options.skus ?? null, force: Boolean(options.force), maxChanges: options.maxChanges ?? null, trigger: options.trigger ?? 'cli' },
    });

    opened = await openChannel(deps.loaded, name, deps.store, deps.log);
    const channel = opened.channel;
    const caps = channel.capabilities;
    const all = deps.store.stock.localItems(options.skus);
    if (options.skus?.length) {
      const known = new Set(all.map((l) => l.sku));
      const unknown = options.skus.filter((s) => !known.has(s));
      if (unknown.length) deps.log.warn(`${name}: not in the local store, skipped: ${firstFew(unknown)}`);
    }
    counters.totalProducts = all.length;
    const { stocked: locals, noStock } = splitByLocalStock(all);
    counters.noLocalStock = noStock.length;
    if (noStock.length) {
      deps.log.warn(`${name}: ${noStock.length} product(s) have no stock recorded locally and are left alone on the channel: ${firstFew(noStock)} (import their stock to sync them)`);
    }
    const rules: TargetRules = { warehouses: cfg.warehouses, buffer: cfg.buffer, maxQuantity: caps.maxQuantity };
    // Warehouse codes no stock row names. All of them unknown (a typo: main for MAIN) makes every target 0.
    const codes = deps.store.stock.warehouseCodes();
    const unknownWarehouses = codes.length ? (cfg.warehouses ?? []).filter((w) => !codes.includes(w)) : [];
    if (unknownWarehouses.length && unknownWarehouses.length === cfg.warehouses!.length) {
      if (!options.force) {
        return report('refused', ExitCode.SAFETY, new IntegrError('SAFETY', `${name}: no stock is recorded in the channel's warehouses (${cfg.warehouses!.join(', ')}); the store has ${codes.join(', ')} (codes are case-sensitive), so every target would be 0`, { hint: `fix channels.${name}.warehouses, or pass --force to push the zeros` }));
      }
    } else if (unknownWarehouses.length) {
      deps.log.warn(`${name}: no stock is recorded in warehouse(s) ${unknownWarehouses.join(', ')} of channels.${name}.warehouses; the store has ${codes.join(', ')}`);
    }
    const concurrency = cfg.concurrency;
    const progress = (phase: 'read' | 'write' | 'poll', done: number, total: number) => options.onProgress?.({ channel: name, phase, done, total });

    const remote = await readRemote(channel, locals, { concurrency, signal: options.signal, onBatch: (d) => progress('read', d, locals.length) });
    lock.heartbeat();
    plan = planSync({ locals, remote, rules, prices: caps.prices });
    counters.found = remote.size;
    counters.notFound = plan.notFound.length;
    counters.untracked = plan.untracked.length;
    counters.changes = plan.changes.length;
    counters.unchanged = plan.unchanged.length;
    counters.capped = plan.capped.length;
    if (plan.capped.length) deps.log.warn(`${name}: ${plan.capped.length} SKU(s) capped at the platform maximum ${caps.maxQuantity}: ${plan.capped.slice(0, 5).join(', ')}${plan.capped.length > 5 ? ', ...' : ''}`);

    deps.store.runs.addItems(runId, [
      ...plan.changes.map(plannedItem),
      ...plan.notFound.map((sku) => ({ sku, remote: null, target: null, delta: null, state: 'not_found' as const })),
    ]);

    if (options.mode === 'check') return report(plan.changes.length ? 'drift' : 'completed', plan.changes.length ? ExitCode.SAFETY : ExitCode.OK);

    if (!options.force) {
      const verdict = checkSafety(plan, { maxChanges: options.maxChanges ?? deps.loaded.config.safety.maxChanges, maxZeroRatio: deps.loaded.config.safety.maxZeroRatio });
      if (verdict) {
        deps.store.runs.setStates(runId, plan.changes.map((c) => ({ sku: c.sku, state: 'skipped', error: verdict.rule })));
        return report('refused', ExitCode.SAFETY, new IntegrError('SAFETY', `${name}: ${verdict.message}`));
      }
    }
    if (options.mode === 'dry-run') return report('completed', ExitCode.OK);

    const writeBatchSize = Math.max(1, Math.min(caps.writeBatchSize, cfg.writeBatchSize ?? caps.writeBatchSize));
    const localBySku = new Map<string, LocalStockItem>(locals.map((l) => [l.sku, l]));
    const final = new Map<string, ItemOutcome>();
    let toPush: Change[] = plan.changes;
    let fatal: IntegrError | undefined;
    for (let round = 0; round <= MAX_CONFIRM_ROUNDS && toPush.length; round++) {
      const pushed = await pushChanges(channel, toPush, { runs: deps.store.runs, runId }, {
        concurrency,
        writeBatchSize,
        signal: options.signal,
        heartbeat: () => lock?.heartbeat(),
        onBatch: (d) => progress('write', d, toPush.length),
      });
      for (const o of pushed.outcomes) final.set(o.sku, o);
      if (pushed.fatal) {
        fatal = pushed.fatal;
        break;
      }
      if (options.signal?.aborted) break;
      const unknown = pushed.outcomes.filter((o) => o.status === 'unknown').map((o) => o.sku);
      if (!unknown.length || round === MAX_CONFIRM_ROUNDS) break;
      // Never re-send a write whose outcome is unknown: re-read those SKUs and plan again from what the remote now says.
      deps.log.warn(`${name}: outcome unknown for ${unknown.length} item(s); re-reading them before deciding`);
      const unknownLocals = unknown.map((s) => localBySku.get(s)!);
      const again = await readRemote(channel, unknownLocals, { concurrency, signal: options.signal });
      const replan = planSync({ locals: unknownLocals, remote: again, rules, prices: caps.prices });
      const confirmed = [...replan.unchanged];
      for (const sku of confirmed) final.set(sku, { sku, status: 'applied' });
      deps.store.runs.setStates(runId, confirmed.map((sku) => ({ sku, state: 'applied', error: null })));
      for (const sku of [...replan.notFound, ...replan.untracked]) final.set(sku, { sku, status: 'failed', reason: 'no longer found remotely after an unknown write outcome' });
      deps.store.runs.addItems(runId, replan.changes.map(plannedItem));
      toPush = replan.changes;
    }

    if (caps.asyncWrites && channel.poll && !fatal) await pollPending(channel, final, { runs: deps.store.runs, runId }, options, cfg, lock, progress, deps.log);

    for (const o of final.values()) {
      if (o.status === 'applied') counters.updated++;
      else if (o.status === 'pending') counters.pending++;
      else {
        counters.errors++;
        failures.push({ sku: o.sku, reason: o.reason });
      }
    }
    const notSent = plan.changes.filter((c) => !final.has(c.sku)).length;
    if (fatal) {
      counters.errors += notSent;
      return report('failed', fatal.exitCode, fatal);
    }
    if (options.signal?.aborted) return report('cancelled', ExitCode.INTERRUPTED, new IntegrError('INTERRUPTED', `${name}: interrupted; ${notSent} change(s) not sent (the next run re-reads and pushes them)`));
    if (counters.pending) deps.log.warn(`${name}: ${counters.pending} item(s) still pending at the platform; the next run re-reads them`);
    const ok = counters.errors === 0 && counters.pending === 0;
    return report(ok ? 'completed' : 'completed_with_errors', ok ? ExitCode.OK : ExitCode.ITEM_ERRORS);
  } catch (err) {
    const e = toIntegrError(err);
    if (options.signal?.aborted || (err as Error)?.name === 'AbortError') {
      return report('cancelled', ExitCode.INTERRUPTED, new IntegrError('INTERRUPTED', `${name}: interrupted before any write completed`));
    }
    if (e.code === 'USAGE' || e.code === 'CONFIG') throw e;
    // Errors from the channel's HTTP client already start with the channel's name.
    const message = e.message.startsWith(`${name}: `) ? e.message : `${name}: ${e.message}`;
    return report('failed', e.exitCode, new IntegrError(e.code, message, { hint: e.hint }));
  } finally {
    await opened?.channel.close().catch(() => undefined);
    lock?.release();
  }
}

/** "A, B, C" for up to max items, then "and N more". */
function firstFew(items: string[], max = 10): string {
  return items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}

async function acquireLock(deps: SyncDeps, name: string, options: SyncOptions): Promise<{ ok: true; lock: HeldLock } | { ok: false; error: IntegrError }> {
  const deadline = Date.now() + (options.lockWaitMs ?? 0);
  for (;;) {
    const r = deps.store.locks.acquire(`sync:${name}`, { ttlSec: deps.loaded.config.daemon.lockTtl, purpose: `sync ${name} (${options.trigger ?? 'cli'})` });
    if (r.ok) return r;
    if (Date.now() >= deadline || options.signal?.aborted) {
      const h = r.holder;
      return {
        ok: false,
        error: new IntegrError('LOCKED', `${name}: another sync of this channel is running (pid ${h.pid} on ${h.host}, ${h.purpose ?? 'sync'}, since ${h.acquiredAt}; lock expires ${h.expiresAt})`, {
          hint: 'wait for it to finish; a lock left by a dead process is taken over once it expires',
        }),
      };
    }
    await sleep(500);
  }
}

/** Poll asynchronous batches with backoff until every item is applied/failed or the timeout passes. */
async function pollPending(
  channel: Channel,
  final: Map<string, ItemOutcome>,
  journal: { runs: SyncDeps['store']['runs']; runId: number },
  options: SyncOptions,
  cfg: { [k: string]: unknown },
  lock: HeldLock,
  progress: (phase: 'poll', done: number, total: number) => void,
  log: SyncDeps['log'],
): Promise<void> {
  const timeoutSec = options.pollTimeoutSec ?? (typeof cfg.pollTimeoutSec === 'number' ? cfg.pollTimeoutSec : 120);
  let delay = typeof cfg.pollIntervalMs === 'number' ? cfg.pollIntervalMs : 1000;
  const deadline = Date.now() + timeoutSec * 1000;
  const pendingByBatch = () => {
    const m = new Map<string, string[]>();
    for (const o of final.values()) if (o.status === 'pending') m.set(o.batchId, [...(m.get(o.batchId) ?? []), o.sku]);
    return m;
  };
  const total = [...final.values()].filter((o) => o.status === 'pending').length;
  while (Date.now() < deadline && !options.signal?.aborted) {
    const batches = pendingByBatch();
    if (!batches.size) return;
    await sleep(delay, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal?.aborted) return;
    for (const [batchId, skus] of batches) {
      let outcomes: ItemOutcome[];
      try {
        outcomes = await channel.poll!(batchId, skus, options.signal);
      } catch (err) {
        // A failed poll changes nothing remotely: keep the items pending and try again until the deadline.
        if (options.signal?.aborted) return;
        outcomes = [];
        log.warn(`poll of batch ${batchId} failed: ${redact(toIntegrError(err).message)}`);
      }
      const changed = outcomes.filter((o) => o.status !== 'pending');
      for (const o of changed) final.set(o.sku, o);
      journal.runs.setStates(journal.runId, changed.map(outcomeState));
    }
    lock.heartbeat();
    progress('poll', total - [...final.values()].filter((o) => o.status === 'pending').length, total);
    delay = Math.min(delay * 2, 10_000);
  }
}
