import { IntegrError } from '../errors.js';
import type { Output } from '../output/output.js';

/**
 * Ctrl-C and SIGTERM become an AbortSignal: the running work stops at its next safe point (a chunk,
 * a batch), keeps what it committed and reports "cancelled" (exit 130). A second signal exits at
 * once; SQLite's transactions make that safe too. `safePoint` names where the work stops, for the
 * line printed on the first signal.
 */
export function interruptSignal(out: Output, safePoint: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      out.errorLine(`integr: ${sig} again, exiting now`);
      process.exit(130);
    }
    out.info(`integr: ${sig}: stopping after ${safePoint}; press Ctrl-C again to exit now`);
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
