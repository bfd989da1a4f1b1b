// Polling: map a getBatchRequestResult answer to one outcome per SKU of the batch. Pure.
import { IntegrError } from '../../src/errors.js';
import type { ItemOutcome } from '../../src/sync/channel.js';
import { isSettledItemStatus } from './unconfirmed.js';

export interface BatchEntry {
  sku: string;
  barcode: string;
}

interface ResultItem {
  barcode: string;
  status: unknown;
  failureReasons: string[];
}

function parseItems(body: unknown, where: string): ResultItem[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new IntegrError('REMOTE_ERROR', `${where}: unexpected batch result: not a JSON object`);
  }
  const items = (body as { items?: unknown }).items;
  // Before Trendyol has processed anything the list may be empty or absent.
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new IntegrError('REMOTE_ERROR', `${where}: unexpected batch result: "items" is not a list`);
  const out: ResultItem[] = [];
  for (const raw of items as unknown[]) {
    const it = (raw ?? {}) as { requestItem?: { barcode?: unknown }; status?: unknown; failureReasons?: unknown };
    const barcode = it.requestItem?.barcode;
    if (typeof barcode !== 'string') continue;
    const reasons = Array.isArray(it.failureReasons) ? it.failureReasons.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))) : [];
    out.push({ barcode: barcode.trim(), status: it.status, failureReasons: reasons });
  }
  return out;
}

/** SUCCESS → applied, FAILED → failed with Trendyol's reasons, anything else or absent → still pending. */
export function mapBatchResult(body: unknown, batchId: string, entries: readonly BatchEntry[], where: string): ItemOutcome[] {
  const byBarcode = new Map<string, ResultItem>();
  for (const it of parseItems(body, where)) byBarcode.set(it.barcode, it);
  return entries.map((e): ItemOutcome => {
    const it = byBarcode.get(e.barcode);
    if (!it || !isSettledItemStatus(it.status)) return { sku: e.sku, status: 'pending', batchId };
    if (it.status === 'SUCCESS') return { sku: e.sku, status: 'applied' };
    const reasons = it.failureReasons.map((r) => r.trim()).filter(Boolean);
    return { sku: e.sku, status: 'failed', reason: reasons.length ? `Trendyol: ${reasons.join('; ')}` : 'Trendyol reported FAILED without a reason' };
  });
}
