// The fake Trendyol seller's state: approved products keyed by barcode (stockCode = the local SKU) and the
// asynchronous price-and-inventory batches. Writes are not applied when they are accepted: each poll of a
// batch processes part of its items (applying them), so a read between write and completion still shows
// the old values, as on the real platform.
import { randomUUID } from 'node:crypto';

export const MAX_QUANTITY = 20_000;

export interface Variant {
  barcode: string;
  stockCode: string;
  quantity: number | null;
  salePrice: number;
  listPrice: number;
  contentId: number;
  productMainId: string;
  variantId: number;
  stockLastModifiedDate: number | null;
}

export interface RequestItem {
  barcode: string;
  quantity?: number;
  salePrice?: number;
  listPrice?: number;
}

export interface BatchItem {
  requestItem: RequestItem & { updateRequestDate: string };
  status: 'SUCCESS' | 'FAILED';
  failureReasons: string[];
}

export interface Batch {
  id: string;
  createdAt: number;
  lastModification: number;
  items: RequestItem[];
  /** Items processed so far, in request order. */
  processed: BatchItem[];
  polls: number;
}

export class FakeTrendyolState {
  readonly variants = new Map<string, Variant>();
  readonly batches = new Map<string, Batch>();
  /** barcode → how many more writes containing it fail, with the reason. */
  readonly armedFailures = new Map<string, { times: number; reason: string }>();
  readonly applied = new Map<string, number>();
  private nextContentId = 10_000_000;
  private nextVariantId = 70_000_000;
  private contentIds = new Map<string, number>();

  constructor(private readonly pollsToComplete: number) {}

  seed(items: { sku: string; quantity: number | null; barcode?: string; salePrice?: number; listPrice?: number; productMainId?: string }[]): void {
    for (const it of items) {
      const barcode = it.barcode ?? it.sku;
      const productMainId = it.productMainId ?? `PM-${it.sku}`;
      let contentId = this.contentIds.get(productMainId);
      if (contentId === undefined) {
        contentId = this.nextContentId++;
        this.contentIds.set(productMainId, contentId);
      }
      const salePrice = it.salePrice ?? 100;
      this.variants.set(barcode, {
        barcode,
        stockCode: it.sku,
        quantity: it.quantity,
        salePrice,
        listPrice: it.listPrice ?? salePrice,
        contentId,
        productMainId,
        variantId: this.nextVariantId++,
        stockLastModifiedDate: null,
      });
    }
  }

  bySku(sku: string): Variant | undefined {
    for (const v of this.variants.values()) if (v.stockCode === sku) return v;
    return undefined;
  }

  createBatch(items: RequestItem[]): Batch {
    const now = Date.now();
    const batch: Batch = { id: `${randomUUID()}-${Math.floor(now / 1000)}`, createdAt: now, lastModification: now, items, processed: [], polls: 0 };
    this.batches.set(batch.id, batch);
    return batch;
  }

  /** One poll: process the next share of the batch's items, so that it is complete after `pollsToComplete` polls. */
  advance(batch: Batch): void {
    batch.polls++;
    const total = batch.items.length;
    const upTo = batch.polls >= this.pollsToComplete ? total : Math.floor((total * batch.polls) / Math.max(1, this.pollsToComplete));
    this.processUpTo(batch, upTo);
  }

  /** Trendyol works through batches on its own too: those older than afterMs are completed. */
  processDue(now: number, afterMs: number): void {
    for (const b of this.batches.values()) if (b.createdAt <= now - afterMs) this.processUpTo(b, b.items.length);
  }

  settleAll(): void {
    for (const b of this.batches.values()) this.processUpTo(b, b.items.length);
  }

  pendingBatches(): number {
    let n = 0;
    for (const b of this.batches.values()) if (b.processed.length < b.items.length) n++;
    return n;
  }

  private processUpTo(batch: Batch, upTo: number): void {
    while (batch.processed.length < upTo) {
      const item = batch.items[batch.processed.length];
      const reasons = this.validate(item);
      if (reasons.length === 0) this.apply(item);
      batch.processed.push({
        requestItem: { ...item, updateRequestDate: new Date(batch.createdAt).toISOString().replace('Z', '+00:00') },
        status: reasons.length ? 'FAILED' : 'SUCCESS',
        failureReasons: reasons,
      });
      batch.lastModification = Date.now();
    }
  }

  private validate(item: RequestItem): string[] {
    const reasons: string[] = [];
    const v = this.variants.get(item.barcode);
    if (!v) return [`No approved product was found for barcode ${item.barcode}.`];
    const armed = this.armedFailures.get(item.barcode);
    if (armed) {
      reasons.push(armed.reason);
      if (--armed.times <= 0) this.armedFailures.delete(item.barcode);
    }
    if (item.quantity !== undefined && (!Number.isInteger(item.quantity) || item.quantity < 0 || item.quantity > MAX_QUANTITY)) {
      reasons.push(`Stock must be a whole number between 0 and ${MAX_QUANTITY}.`);
    }
    const sale = item.salePrice ?? v.salePrice;
    const list = item.listPrice ?? v.listPrice;
    if ((item.salePrice !== undefined || item.listPrice !== undefined) && list < sale) reasons.push('listPrice cannot be lower than salePrice.');
    if (item.quantity === undefined && item.salePrice === undefined && item.listPrice === undefined) reasons.push('Nothing to update: send quantity or prices.');
    return reasons;
  }

  private apply(item: RequestItem): void {
    const v = this.variants.get(item.barcode)!;
    if (item.quantity !== undefined) {
      v.quantity = item.quantity;
      v.stockLastModifiedDate = Date.now();
    }
    if (item.salePrice !== undefined) v.salePrice = item.salePrice;
    if (item.listPrice !== undefined) v.listPrice = item.listPrice;
    this.applied.set(v.stockCode, (this.applied.get(v.stockCode) ?? 0) + 1);
  }
}
