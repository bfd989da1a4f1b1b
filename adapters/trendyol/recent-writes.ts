// Trendyol refuses a price-and-inventory body identical to one it received in the last 15 minutes.
// Remembering which body (by hash) got which batchRequestId turns that refusal into useful knowledge:
// the earlier batch can be polled instead. Kept in the channel's persistent cache so the next run
// (a new process) knows it too; entries older than the window are dropped on every write.
import { createHash } from 'node:crypto';
import type { AdapterCache } from '../../src/sync/channel.js';

export const IDENTICAL_REQUEST_WINDOW_MS = 15 * 60_000;
const CACHE_KEY = 'recent-writes';
/** Far more write requests than a 15-minute window sees (1000 items each); bounds the cache value. */
const MAX_ENTRIES = 2000;

interface Entry {
  hash: string;
  batchId: string;
  at: number;
}

export function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

export class RecentWrites {
  constructor(
    private readonly cache: AdapterCache,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private load(): Entry[] {
    const raw = this.cache.get(CACHE_KEY);
    if (!raw) return [];
    try {
      const list = JSON.parse(raw) as Entry[];
      const since = this.now() - IDENTICAL_REQUEST_WINDOW_MS;
      return Array.isArray(list) ? list.filter((e) => e && typeof e.hash === 'string' && typeof e.batchId === 'string' && e.at > since) : [];
    } catch {
      return []; // a damaged cache only costs the shortcut, never correctness
    }
  }

  remember(hash: string, batchId: string): void {
    const list = this.load().filter((e) => e.hash !== hash);
    list.push({ hash, batchId, at: this.now() });
    this.cache.set(CACHE_KEY, JSON.stringify(list.slice(-MAX_ENTRIES)));
  }

  /** The batch that carried this exact body within the window, if this channel sent it. */
  batchFor(hash: string): string | undefined {
    return this.load().find((e) => e.hash === hash)?.batchId;
  }
}
