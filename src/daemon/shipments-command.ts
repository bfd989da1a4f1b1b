import type { LoadedConfig } from '../config/load.js';
import { shipmentsExitCode } from '../shipments/outcome.js';
import type { ShipmentsSyncReport } from '../shipments/sync.js';
import type { Job, JobOutcome, TargetOutcome } from './job.js';
import { parseFlags, RunLineProblem } from './run-line.js';

export const SHIPMENTS_SYNC_USAGE = 'shipments sync [--carrier <name>]';

/** `shipments sync [--carrier <name>]`, run through the shipments core (one tracking run per carrier). */
export function parseShipmentsSync(args: string[], loaded: LoadedConfig): Omit<Job, 'line'> {
  const { values, positionals } = parseFlags('shipments sync', args, { carrier: { type: 'string' } }, SHIPMENTS_SYNC_USAGE);
  if (positionals.length) throw new RunLineProblem(`shipments sync: unexpected argument "${positionals[0]}" (usage: ${SHIPMENTS_SYNC_USAGE})`);
  const configured = Object.keys(loaded.config.carriers);
  if (!configured.length) throw new RunLineProblem('shipments sync: no carriers are configured (add one under `carriers:`; see docs/carriers.md)');
  const carrier = values.carrier;
  if (carrier !== undefined && !configured.includes(carrier)) {
    throw new RunLineProblem(`shipments sync: no carrier named "${carrier}" in the config (configured: ${configured.join(', ')})`);
  }
  return {
    command: 'shipments sync',
    channels: [],
    carriers: carrier ? [carrier] : configured,
    imports: [],
    async run(ctx) {
      const report = await ctx.cores.syncShipments({ loaded: ctx.loaded, store: ctx.store, log: ctx.log }, { carrier, signal: ctx.signal });
      if (report.skipped.length) {
        ctx.log.warn(`shipments sync: ${report.skipped.length} order(s) with a carrier key were not checked: ${report.skipped[0].reason}${report.skipped.length > 1 ? ' (and others)' : ''}`);
      }
      const expected = carrier ? 1 : configured.length;
      return shipmentsOutcome(report, ctx.signal.aborted && report.carriers.length < expected);
    },
  };
}

/**
 * A `shipments sync` job's result from the core's report: one target per carrier. As for sync, a
 * carrier another process is tracking right now is neither a failure nor counted in the exit code.
 */
export function shipmentsOutcome(report: ShipmentsSyncReport, stoppedEarly = false): JobOutcome {
  const locked = report.carriers.filter((c) => c.status === 'locked');
  const ran = report.carriers.filter((c) => c.status !== 'locked');
  const targets: TargetOutcome[] = report.carriers.map((c) => ({
    kind: 'carrier',
    name: c.carrier,
    status: c.status,
    runId: c.runId,
    changes: c.changed,
    pushed: c.changed,
    errors: c.errors,
    durationMs: c.durationMs,
    summary: c.status === 'locked' ? undefined : `${c.checked} checked, ${c.changed} changed, ${c.notFound} not found at the carrier, ${c.errors} failed`,
    ...(c.error ? { error: { code: c.error.code, message: c.error.message } } : {}),
  }));
  const cancelled = stoppedEarly || report.status === 'cancelled';
  const carrierFailures = ran.flatMap((c) => (c.error ? [c.error] : []));
  const failed = ran.reduce((n, c) => n + c.errors, 0);
  const exitCode = shipmentsExitCode({ status: cancelled ? 'cancelled' : report.status, carrierFailures, failed });
  const firstError = ran.find((c) => c.error)?.error;
  const firstItemFailure = ran.find((c) => c.failures.length);
  const error = firstError
    ? { code: firstError.code, message: firstError.message }
    : firstItemFailure
      ? { code: 'ITEM_ERRORS', message: `${firstItemFailure.carrier}: ${firstItemFailure.errors} shipment(s) could not be checked: ${firstItemFailure.failures[0].reason}` }
      : undefined;
  return {
    exitCode,
    cancelled,
    targets,
    ...(ran.length === 0 && locked.length ? { lockedBy: locked.map((c) => c.error?.message ?? c.carrier).join('; ') } : {}),
    ...(error ? { error } : {}),
  };
}
