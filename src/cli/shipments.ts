import type { Command } from 'commander';
import { action } from './run.js';
import { interruptSignal } from './interrupt.js';
import { withExamples } from './examples.js';
import type { CliContext } from './context.js';
import { usageError } from '../errors.js';
import { renderTable } from '../output/table.js';
import { SHIPMENT_STATUSES, isShipmentStatus } from '../shipments/carrier.js';
import type { ShipmentsCreateReport } from '../shipments/create.js';
import type { ShipmentsSyncReport } from '../shipments/sync.js';

const PROGRESS_EVERY_MS = 3000;

/** A plain progress line on stderr at most every few seconds (these runs are paced by carrier rate limits). */
function progressLines(ctx: CliContext, verb: string) {
  let last = 0;
  return (p: { carrier: string; done: number; total: number }) => {
    if (!ctx.out.progressEnabled) return;
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && p.done < p.total) return;
    last = now;
    ctx.out.info(`${p.carrier}: ${verb} ${p.done}/${p.total}`);
  };
}

/** SIGINT/SIGTERM abort the run: work already recorded stays, the run is marked cancelled (exit 130). */
async function interruptible<T>(ctx: CliContext, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = interruptSignal(ctx.out, 'the current batch (recorded work is kept)');
  try {
    return await fn(interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}

export function registerShipments(program: Command): void {
  const shipments = program.command('shipments').description('cargo shipments: create them at the carrier, pull their tracking status, list them');

  withExamples(
    shipments
      .command('list', { isDefault: true })
      .description('orders with their shipment: carrier, tracking number, status')
      .option('--status <status>', `only this status (${SHIPMENT_STATUSES.join(', ')})`)
      .option('--carrier <name>', 'only this carrier')
      .option('--limit <n>', 'at most n orders', (v) => Number.parseInt(v, 10)),
    ['integr shipments', 'integr shipments --status in_transit', 'integr shipments list --carrier aras --json'],
  ).action(
    action(async (ctx, opts: { status?: string; carrier?: string; limit?: number }) => {
      if (opts.status && !isShipmentStatus(opts.status)) throw usageError(`--status: "${opts.status}" is not a shipment status`, `use one of ${SHIPMENT_STATUSES.join(', ')}`);
      if (opts.limit !== undefined && !(opts.limit > 0)) throw usageError('--limit: expected a positive number');
      const { listShipments } = await import('../shipments/list.js');
      const rows = listShipments({ loaded: await ctx.config(), store: await ctx.store() }, { status: opts.status, carrier: opts.carrier, limit: opts.limit });
      if (ctx.opts.json) return void ctx.out.emitJson({ shipments: rows });
      if (!rows.length) return void ctx.out.result('no shipments yet (run `integr shipments create --pending`)');
      ctx.out.result(
        renderTable(
          ['order', 'carrier', 'carrier key', 'tracking no', 'status', 'carrier status', 'checked', 'delivered'],
          rows.map((r) => [r.orderNo, r.carrier, r.carrierKey, r.trackingNumber, r.status, r.carrierStatus, r.checkedAt, r.deliveredAt]),
        ),
      );
    }),
  );

  withExamples(
    shipments
      .command('show')
      .argument('<order-no>', 'the order')
      .description("one order's shipment and its event history"),
    ['integr shipments show ORD-1001', 'integr shipments show ORD-1001 --json'],
  ).action(
    action(async (ctx, orderNo: string) => {
      const store = await ctx.store();
      const row = store.shipments.get(orderNo);
      if (!row) throw usageError(`no order ${orderNo} in the store`);
      const events = store.shipments.events(row.orderId);
      if (ctx.opts.json) return void ctx.out.emitJson({ shipment: row, events });
      const head = `${row.orderNo}: ${row.carrier ?? '(no carrier)'} key ${row.carrierKey ?? '-'}, tracking ${row.trackingNumber ?? '-'}, ${row.status ?? 'no shipment'}${row.carrierStatus ? ` (${row.carrierStatus})` : ''}${row.trackingUrl ? `\n${row.trackingUrl}` : ''}`;
      ctx.out.result(events.length ? `${head}\n\n${renderTable(['when', 'status', 'code', 'message', 'where'], events.map((e) => [e.occurredAt ?? `(seen ${e.recordedAt})`, e.status, e.carrierCode, e.message, e.location]))}` : head);
    }),
  );

  withExamples(
    shipments
      .command('create')
      .argument('[order-no...]', 'orders to ship')
      .option('--carrier <name>', 'carrier to use (with --pending: only orders naming this carrier)')
      .option('--pending', 'every order without a shipment, each at the carrier its order names')
      .option('--dry-run', 'show what would be sent; send nothing, change nothing')
      .description('create shipments at the carrier; the carrier key comes from the order number, so a retry never ships twice'),
    ['integr shipments create --pending --dry-run', 'integr shipments create --pending --carrier yurtici', 'integr shipments create ORD-1001 ORD-1002 --carrier aras --json'],
  ).action(
    action(async (ctx, orderNos: string[], opts: { carrier?: string; pending?: boolean; dryRun?: boolean }) => {
      // Cores load inside the action so `integr --help` stays light.
      const [{ createShipments }, { shipmentsExitCode }] = await Promise.all([import('../shipments/create.js'), import('../shipments/outcome.js')]);
      const deps = { loaded: await ctx.config(), store: await ctx.store(), log: ctx.out };
      const report = await interruptible(ctx, (signal) =>
        createShipments(deps, { orderNos, pending: Boolean(opts.pending), carrier: opts.carrier, dryRun: Boolean(opts.dryRun), signal, onProgress: progressLines(ctx, 'sent') }),
      );
      if (ctx.opts.json) ctx.out.emitJson(report);
      else renderCreate(ctx, report);
      return shipmentsExitCode(report);
    }),
  );

  withExamples(
    shipments
      .command('sync')
      .option('--carrier <name>', 'only this carrier')
      .description('pull the tracking status of every order with a shipment that is not delivered, returned or cancelled'),
    ['integr shipments sync', 'integr shipments sync --carrier mng --json'],
  ).action(
    action(async (ctx, opts: { carrier?: string }) => {
      const [{ syncShipments }, { shipmentsExitCode }] = await Promise.all([import('../shipments/sync.js'), import('../shipments/outcome.js')]);
      const deps = { loaded: await ctx.config(), store: await ctx.store(), log: ctx.out };
      const report = await interruptible(ctx, (signal) => syncShipments(deps, { carrier: opts.carrier, signal, onProgress: progressLines(ctx, 'checked') }));
      if (ctx.opts.json) ctx.out.emitJson({ ...report, changes: report.carriers.flatMap((c) => c.changes) });
      else renderSync(ctx, report);
      return shipmentsExitCode(report);
    }),
  );
}

function renderCreate(ctx: CliContext, report: ShipmentsCreateReport): void {
  const s = report.summary;
  if (!report.results.length) {
    ctx.out.result('nothing to ship: no order without a shipment matches');
    return;
  }
  if (report.dryRun) {
    const rows = report.results.map((r) => [r.orderNo, r.carrier, r.carrierKey, r.result === 'would_create' ? 'would create' : r.result, r.request ? `${r.request.recipient.name}, ${r.request.recipient.district} / ${r.request.recipient.city}` : r.reason]);
    ctx.out.result(`${renderTable(['order', 'carrier', 'carrier key', 'result', 'recipient / reason'], rows)}\n\ndry run: ${s.wouldCreate} would be created, ${s.failed} cannot be, ${s.skipped} skipped; nothing was sent`);
    return;
  }
  const rows = report.results.map((r) => [r.orderNo, r.carrier, r.carrierKey, r.result, r.status, r.trackingNumber, r.reason]);
  const c = ctx.out.c;
  const line = `${c.green(`${s.created} created`)}, ${s.exists} already at the carrier, ${s.failed ? c.red(`${s.failed} failed`) : '0 failed'}, ${s.skipped} skipped`;
  ctx.out.result(`${renderTable(['order', 'carrier', 'carrier key', 'result', 'status', 'tracking no', 'note'], rows)}\n\n${line}${report.status === 'cancelled' ? ' (interrupted)' : ''}`);
  for (const f of report.carrierFailures) ctx.out.warn(`${f.carrier}: ${f.message}`);
}

function renderSync(ctx: CliContext, report: ShipmentsSyncReport): void {
  const lines: string[] = [];
  for (const c of report.carriers) {
    if (c.status === 'locked') {
      lines.push(`${c.carrier}: skipped: ${c.error?.message ?? 'locked'}`);
      continue;
    }
    lines.push(`${c.carrier}: ${c.checked} checked, ${c.changed} changed, ${c.notFound} not found at the carrier, ${c.errors} failed${c.runId ? ` (run ${c.runId})` : ''}`);
  }
  const changes = report.carriers.flatMap((c) => c.changes);
  let out = lines.join('\n');
  if (changes.length) {
    out += `\n\n${renderTable(
      ['order', 'carrier', 'tracking no', 'status', 'carrier status', 'new events'],
      changes.map((ch) => [ch.orderNo, ch.carrier, ch.trackingNumber, ch.from === ch.to ? ch.to : `${ch.from ?? '-'} → ${ch.to}`, ch.carrierStatus, ch.newEvents]),
      { rightAlign: [5] },
    )}`;
  } else if (report.carriers.some((c) => c.checked > 0)) out += '\n\nno status changed';
  const failures = report.carriers.flatMap((c) => c.failures.map((f) => ({ ...f, carrier: c.carrier })));
  if (failures.length) out += `\n\n${renderTable(['order', 'carrier', 'carrier key', 'error'], failures.slice(0, 50).map((f) => [f.orderNo, f.carrier, f.carrierKey, f.reason]))}${failures.length > 50 ? `\n(and ${failures.length - 50} more)` : ''}`;
  ctx.out.result(out);
  if (report.skipped.length) ctx.out.warn(`${report.skipped.length} order(s) with a carrier key were not checked: ${report.skipped[0].reason}${report.skipped.length > 1 ? ' (and others)' : ''}`);
}
