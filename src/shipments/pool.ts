/**
 * Run fn over items with at most `concurrency` in flight. Stops starting new items once the signal
 * aborts or fn asks to stop; items never started are returned so callers can report them.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void | 'stop'>,
  signal?: AbortSignal,
): Promise<{ notStarted: T[] }> {
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && !signal?.aborted && next < items.length) {
      const item = items[next++];
      if ((await fn(item)) === 'stop') stopped = true;
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all(workers);
  return { notStarted: items.slice(next) };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}
