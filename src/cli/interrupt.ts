/**
 * First SIGINT/SIGTERM: abort the signal so the work stops at the next safe point (journalled,
 * exit 130). Second: exit at once; committed work is already consistent in the store.
 */
export function interruptSignal(onFirst?: (signal: NodeJS.Signals) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    onFirst?.(sig);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
