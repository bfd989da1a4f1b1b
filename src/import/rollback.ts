import { IntegrError, usageError } from '../errors.js';
import { CatalogWrites, type ProductState } from '../store/catalog-writes.js';
import { ImportJobsRepo, type ImportChangeRecord } from '../store/import-jobs.js';
import { ImportRollbackSql } from '../store/import-rollback.js';
import { OrderWrites, type CustomerState, type OrderLineState, type OrderState } from '../store/order-writes.js';
import type { Store } from '../store/store.js';
import { nowIso } from '../store/time.js';
import { isInterrupted } from './job-liveness.js';
import type { Entity } from './writers/context.js';

export interface RollbackReport {
  jobId: number;
  /** Rows put back as they were (updates undone, creations deleted), per entity. */
  undone: Record<Entity, number>;
  /** Rows the job created that stay because something else now refers to them. */
  kept: { products: number; customers: number };
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

const describeLater = (later: { jobId: number | null; keys: number }[]) =>
  later.map((l) => `${l.jobId === null ? 'changes outside imports' : `job ${l.jobId}`}: ${l.keys} row${l.keys > 1 ? 's' : ''}`).join(', ');

/**
 * Undo what a job did to products, stock, orders and customers, in one transaction: updates are
 * restored from the "before" it recorded (newest first), stock goes back to what it was before
 * the job's first movement of each SKU × warehouse, and what it created is deleted (unless an
 * order line or order of another job refers to it). Refused, unless forced, when later work
 * changed the same rows.
 */
export function rollbackJob(store: Store, jobId: number, options: { force?: boolean } = {}): RollbackReport {
  const jobs = new ImportJobsRepo(store.db);
  const catalog = new CatalogWrites(store.db);
  const orders = new OrderWrites(store.db);
  const sets = new ImportRollbackSql(store.db);
  const job = jobs.get(jobId);
  if (!job) throw new IntegrError('NOT_FOUND', `no import job ${jobId}`, { hint: 'see `integr jobs list`' });
  if (job.rolledBackAt) throw usageError(`job ${jobId} was already rolled back (${job.rolledBackAt})`);
  if (job.status === 'running' && !isInterrupted(job)) throw new IntegrError('LOCKED', `job ${jobId} is still running (pid ${job.pid} on ${job.host}); stop it first`);
  const force = Boolean(options.force);
  const undone: Record<Entity, number> = { product: 0, stock: 0, order: 0, order_line: 0, customer: 0 };
  const at = nowIso();

  const current = (c: ImportChangeRecord): object | undefined => {
    switch (c.entity as Entity) {
      case 'product':
        return catalog.getProduct(c.key);
      case 'order':
        return strip(orders.getOrder(c.key));
      case 'order_line': {
        const [orderNo, lineNo] = splitLineKey(c.key);
        return orders.getLine(orderNo, lineNo);
      }
      case 'customer':
        return strip(orders.getCustomer(c.key));
      default:
        return undefined;
    }
  };

  const restore = (c: ImportChangeRecord) => {
    const before = c.before === null ? null : (JSON.parse(c.before) as Record<string, unknown>);
    switch (c.entity as Entity) {
      case 'product':
        if (before) catalog.updateProduct(before as unknown as ProductState);
        break;
      case 'order':
        if (before) orders.updateOrder(before as unknown as OrderState);
        break;
      case 'order_line': {
        const [orderNo, lineNo] = splitLineKey(c.key);
        if (before) orders.putLine(before as unknown as OrderLineState);
        else orders.deleteLine(orderNo, lineNo);
        break;
      }
      case 'customer':
        if (before) orders.updateCustomer(before as unknown as CustomerState);
        break;
    }
    undone[c.entity as Entity]++;
  };

  let kept = { products: 0, customers: 0 };
  store.transaction(() => {
    if (!force) {
      const later = [...jobs.laterJobsTouchingSameRows(jobId), ...sets.laterWork(jobId)];
      if (later.length) {
        const newest = later.map((l) => l.jobId ?? 0).reduce((a, b) => Math.max(a, b), 0);
        throw new IntegrError('SAFETY', `job ${jobId} cannot be rolled back: later work changed the same rows (${describeLater(later)})`, {
          hint: `roll those back first, newest first${newest ? ` (integr jobs rollback ${newest})` : ''}, or pass --force to restore job ${jobId}'s "before" values over them`,
        });
      }
    }
    for (const c of jobs.changesNewestFirst(jobId)) {
      if (!force && !sameAs(current(c), c.after)) {
        throw new IntegrError('SAFETY', `job ${jobId} cannot be rolled back: ${c.entity.replace('_', ' ')} ${c.key} changed after the job`, {
          hint: `pass --force to restore job ${jobId}'s "before" values anyway`,
        });
      }
      restore(c);
    }
    undone.stock = sets.restoreStock(jobId, at);
    const created = sets.createdCounts(jobId);
    const deleted = sets.deleteCreated(jobId);
    undone.order += deleted.orders;
    undone.order_line += deleted.orderLines;
    undone.customer += deleted.customers;
    undone.product += deleted.products;
    kept = { products: created.products - deleted.products, customers: created.customers - deleted.customers };
    jobs.markRolledBack(jobId, at);
  });
  return { jobId, undone, kept, forced: force, rolledBackAt: at };
}

function splitLineKey(key: string): [string, number] {
  const at = key.lastIndexOf('#');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}
