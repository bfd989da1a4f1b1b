import { IntegrError } from '../errors.js';
import type { Output } from '../output/output.js';

/**
 * Ctrl-C and SIGTERM become an AbortSignal: the running work stops at its next safe point (a chunk,
 * a batch), keeps what it committed and reports "cancelled" (exit 130). A second signal exits at
 * once; SQLite's transactions make that safe too. `notify` is told about the first signal: an
 * Output gets the standard line, a function says it in its own words.
 */
export function interruptSignal(notify?: Output | ((signal: NodeJS.Signals) => void)): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (notify && typeof notify !== 'function') notify.errorLine(`integr: ${sig} again, exiting now`);
      process.exit(130);
    }
    if (typeof notify === 'function') notify(sig);
    else notify?.info(`integr: ${sig}: stopping after the current chunk (committed rows are kept); press Ctrl-C again to exit now`);
    controller.abort(new IntegrError('INTERRUPTED', `interrupted by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
