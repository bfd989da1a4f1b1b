import type { Change, ItemOutcome, RemoteItem } from '../../src/sync/channel.js';

// What the channel needs from one catalog version. Each version reads by SKU and applies one
// documented increment or decrement call; chunking, error mapping and the catalog switch live in channel.ts.

export type Direction = 'increment' | 'decrement';

export interface CatalogApi {
  readonly label: 'V1' | 'V3';
  /** Remote state of these SKUs (at most the read batch size); SKUs not found are absent. */
  read(skus: string[], signal?: AbortSignal): Promise<RemoteItem[]>;
  /** Why a change's ref cannot be written by this catalog (ids missing), or undefined when it can. */
  refProblem(ref: Record<string, unknown>): string | undefined;
  /** One increment or decrement call for these changes (at most the write batch size, all of that direction). */
  adjust(direction: Direction, changes: Change[], signal?: AbortSignal): Promise<ItemOutcome[]>;
}

/** Wix accepts 1..99999 per increment/decrement entry (V3 documents it; V1 is assumed the same). */
export const MAX_AMOUNT = 99_999;

export function refString(ref: Record<string, unknown>, key: string): string | undefined {
  const v = ref[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
