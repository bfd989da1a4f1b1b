import { IntegrError, usageError } from '../errors.js';
import { CatalogWrites, type ProductState } from '../store/catalog-writes.js';
import { ImportJobsRepo, type ImportChangeRecord } from '../store/import-jobs.js';
import { OrderWrites, type CustomerState, type OrderLineState, type OrderState } from '../store/order-writes.js';
import type { Store } from '../store/store.js';
import { nowIso } from '../store/time.js';
import { isInterrupted } from './job-liveness.js';
import type { Entity } from './writers/context.js';

export interface RollbackReport {
  jobId: number;
  /** Changes undone, per entity. */
  undone: Record<Entity, number>;
  /** Rows the job created that stay because something else now refers to them. */
  kept: string[];
  forced: boolean;
  rolledBackAt: string;
}

function strip<T extends { id?: number }>(row: T | undefined): Omit<T, 'id'> | undefined {
  if (!row) return undefined;
  const { id: _id, ...rest } = row;
  return rest;
}

/** Same content as recorded? Compared field by field, so column order never matters. */
function sameAs(current: object | undefined, recorded: string | null): boolean {
  if (recorded === null) return current === undefined;
  if (current === undefined) return false;
  const want = JSON.parse(recorded) as Record<string, unknown>;
  const have = current as Record<string, unknown>;
  return Object.keys(want).every((k) => (have[k] ?? null) === (want[k] ?? null));
}

/**
 * Undo what a job did to products, stock, orders and customers, newest change first, restoring
 * each row's recorded "before" — in one transaction. Refused (unless forced) when a later job
 * changed the same rows or a row is no longer what the job left.
 */
export function rollbackJob(store: Store, jobId: number, options: { force?: boolean } = {}): RollbackReport {
  const jobs = new ImportJobsRepo(store.db);
  const catalog = new CatalogWrites(store.db);
  const orders = new OrderWrites(store.db);
  const job = jobs.get(jobId);
  if (!job) throw new IntegrError('NOT_FOUND', `no import job ${jobId}`, { hint: 'see `integr jobs list`' });
  if (job.rolledBackAt) throw usageError(`job ${jobId} was already rolled back (${job.rolledBackAt})`);
  if (job.status === 'running' && !isInterrupted(job)) throw new IntegrError('LOCKED', `job ${jobId} is still running (pid ${job.pid} on ${job.host}); stop it first`);
  const force = Boolean(options.force);
  const later = jobs.laterJobsTouchingSameRows(jobId);
  if (later.length && !force) {
    throw new IntegrError(
      'SAFETY',
      `job ${jobId} cannot be rolled back: later jobs changed the same rows (${later.map((l) => `job ${l.jobId}: ${l.keys} row${l.keys > 1 ? 's' : ''}`).join(', ')})`,
      { hint: `roll those back first, newest first (integr jobs rollback ${later[later.length - 1].jobId}), or pass --force to restore job ${jobId}'s "before" values over them` },
    );
  }
  const undone: Record<Entity, number> = { product: 0, stock: 0, order: 0, order_line: 0, customer: 0 };
  const kept: string[] = [];
  const at = nowIso();

  const current = (c: ImportChangeRecord): object | undefined => {
    switch (c.entity as Entity) {
      case 'product':
        return catalog.getProduct(c.key);
      case 'stock': {
        const [sku, wh] = splitStockKey(c.key);
        const q = catalog.getStock(sku, wh);
        return q === undefined ? undefined : { quantity: q };
      }
      case 'order':
        return strip(orders.getOrder(c.key));
      case 'order_line': {
        const [orderNo, lineNo] = splitLineKey(c.key);
        return orders.getLine(orderNo, lineNo);
      }
      case 'customer':
        return strip(orders.getCustomer(c.key));
    }
  };

  const restore = (c: ImportChangeRecord) => {
    const before = c.before === null ? null : (JSON.parse(c.before) as Record<string, unknown>);
    switch (c.entity as Entity) {
      case 'product':
        if (before) catalog.updateProduct(before as unknown as ProductState);
        else if (orders.linesWithSku(c.key) > 0) return void kept.push(`product ${c.key} (order lines name it)`);
        else catalog.deleteProduct(c.key);
        break;
      case 'stock': {
        const [sku, wh] = splitStockKey(c.key);
        const now = catalog.getStock(sku, wh);
        const target = before ? (before.quantity as number) : undefined;
        if (target === undefined) catalog.deleteStock(sku, wh);
        else catalog.putStock(sku, wh, target, at);
        if (now !== target) {
          catalog.addMovement({ sku, warehouse: wh, delta: (target ?? 0) - (now ?? 0), quantityBefore: now ?? null, quantityAfter: target ?? 0, reason: 'rollback', jobId, note: `rollback of job ${jobId}`, at });
        }
        break;
      }
      case 'order':
        if (before) orders.updateOrder(before as unknown as OrderState);
        else orders.deleteOrder(c.key);
        break;
      case 'order_line': {
        const [orderNo, lineNo] = splitLineKey(c.key);
        if (before) orders.putLine(before as unknown as OrderLineState);
        else orders.deleteLine(orderNo, lineNo);
        break;
      }
      case 'customer':
        if (before) orders.updateCustomer(before as unknown as CustomerState);
        else if (orders.ordersOfCustomer(c.key) > 0) return void kept.push(`customer ${c.key} (other orders refer to it)`);
        else orders.deleteCustomer(c.key);
        break;
    }
    undone[c.entity as Entity]++;
  };

  store.transaction(() => {
    for (const c of jobs.changesNewestFirst(jobId)) {
      if (!force && !sameAs(current(c), c.after)) {
        throw new IntegrError('SAFETY', `job ${jobId} cannot be rolled back: ${c.entity.replace('_', ' ')} ${c.key} changed after the job (not by an import)`, {
          hint: `pass --force to restore job ${jobId}'s "before" values anyway`,
        });
      }
      restore(c);
    }
    jobs.markRolledBack(jobId, at);
    jobs.dropKeys(jobId);
  });
  return { jobId, undone, kept, forced: force, rolledBackAt: at };
}

function splitStockKey(key: string): [string, string] {
  const at = key.lastIndexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}

function splitLineKey(key: string): [string, number] {
  const at = key.lastIndexOf('#');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
