import type { Channel, LocalItem, RemoteItem } from './channel.js';
import { chunk, mapLimit } from './concurrency.js';

/** Read the remote state of items in the channel's read batch size, `concurrency` batches at a time. */
export async function readRemote(
  channel: Channel,
  items: LocalItem[],
  options: { concurrency: number; signal?: AbortSignal; onBatch?: (done: number) => void },
): Promise<Map<string, RemoteItem>> {
  const remote = new Map<string, RemoteItem>();
  let done = 0;
  await mapLimit(
    chunk(items, channel.capabilities.readBatchSize),
    options.concurrency,
    async (batch) => {
      const found = await channel.read(batch, options.signal);
      for (const r of found) remote.set(r.sku, r);
      done += batch.length;
      options.onBatch?.(done);
    },
    options.signal,
  );
  options.signal?.throwIfAborted();
  return remote;
}
