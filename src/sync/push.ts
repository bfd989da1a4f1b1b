// The executor's write side: push planned changes in the channel's write batch size, journal every
// outcome as it lands, and never re-send a write whose outcome is unknown (the caller re-reads).
import type { Change, Channel, ItemOutcome } from './channel.js';
import { chunk, mapLimit } from './concurrency.js';
import { outcomeState } from './journal-items.js';
import type { RunsRepo } from '../store/runs.js';
import { IntegrError, toIntegrError } from '../errors.js';
import { redact } from '../config/redact.js';

export interface PushResult {
  outcomes: ItemOutcome[];
  /** A failure that should stop the whole run (credentials, unreachable, circuit open). */
  fatal?: IntegrError;
}

/** Errors after which no further batch should be tried in this run. */
function isFatal(e: IntegrError): boolean {
  return e.code === 'REMOTE_AUTH' || e.code === 'REMOTE_UNREACHABLE' || /circuit/i.test(e.message);
}

export async function pushChanges(
  channel: Channel,
  changes: Change[],
  journal: { runs: RunsRepo; runId: number },
  options: { concurrency: number; writeBatchSize: number; signal?: AbortSignal; onBatch?: (done: number) => void; heartbeat?: () => void },
): Promise<PushResult> {
  const outcomes: ItemOutcome[] = [];
  let fatal: IntegrError | undefined;
  let done = 0;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Relative platforms take increments and decrements in separate calls: batching each direction on
  // its own keeps the request count at ceil(ups/size) + ceil(downs/size).
  const batches =
    channel.capabilities.writeMode === 'relative'
      ? [...chunk(changes.filter((c) => c.delta >= 0), options.writeBatchSize), ...chunk(changes.filter((c) => c.delta < 0), options.writeBatchSize)]
      : chunk(changes, options.writeBatchSize);
  await mapLimit(
    batches,
    options.concurrency,
    async (batch) => {
      // Journal first: a crash from here on leaves these items 'sending', which the next run marks unknown and re-reads.
      journal.runs.setStates(journal.runId, batch.map((c) => ({ sku: c.sku, state: 'sending' })));
      let result: ItemOutcome[];
      try {
        // The stop signal is checked between batches only: a write already on its way finishes and is
        // journalled (a forced second stop exits the process; its items stay 'sending' and are re-read).
        result = await channel.write(batch);
      } catch (err) {
        const e = toIntegrError(err);
        const unknown = (err as { outcomeUnknown?: boolean }).outcomeUnknown === true;
        const reason = redact(e.message);
        result = batch.map((c) => (unknown ? { sku: c.sku, status: 'unknown', reason } : { sku: c.sku, status: 'failed', reason }));
        if (!unknown && isFatal(e)) {
          fatal = e;
          stop.abort();
        }
      }
      const bySku = new Map(result.map((o) => [o.sku, o]));
      const complete = batch.map((c): ItemOutcome => bySku.get(c.sku) ?? { sku: c.sku, status: 'unknown', reason: 'the channel returned no outcome for this item' });
      journal.runs.setStates(journal.runId, complete.map(outcomeState));
      outcomes.push(...complete);
      done += batch.length;
      options.onBatch?.(done);
      options.heartbeat?.();
    },
    signal,
  );
  // Items of batches never started (stopped by a fatal error or a signal) are journalled as skipped.
  const seen = new Set(outcomes.map((o) => o.sku));
  const skipped = changes.filter((c) => !seen.has(c.sku));
  if (skipped.length) journal.runs.setStates(journal.runId, skipped.map((c) => ({ sku: c.sku, state: 'skipped', error: fatal ? 'not sent: the run stopped' : 'not sent: interrupted' })));
  return { outcomes, fatal };
}
