// Trendyol's documented paths, limits and mandatory headers (api-tr-marketplaces-cargo.md §1), in one place.

export const LIMITS = {
  /** `barcodes` values per inventory-and-price request. */
  readBarcodes: 50,
  /** `size` per page of inventory-and-price. */
  pageSize: 100,
  /** page × size must stay within this; beyond it Trendyol wants nextPageToken. */
  pagingWindow: 10_000,
  /** Items per price-and-inventory request. */
  writeItems: 1000,
  /** Stock per product. */
  maxQuantity: 20_000,
  /** 50 requests per 10 s to the same endpoint; the 51st gets 429 too.many.requests. */
  rateLimit: { requests: 50, intervalMs: 10_000 },
} as const;

/**
 * The token bucket of each endpoint's HTTP client. A bucket of C tokens refilled at r per second lets at
 * most C + r·10 requests through in any 10 s window: 10 + 4·10 = 50, Trendyol's limit, with small bursts.
 */
export const CLIENT_RATE_LIMIT = { requests: 10, intervalMs: 2_500 } as const;

const seller = (sellerId: string) => encodeURIComponent(sellerId);

export const paths = {
  inventoryAndPrice: (sellerId: string) => `/product/sellers/${seller(sellerId)}/products/approved/inventory-and-price`,
  priceAndInventory: (sellerId: string) => `/inventory/sellers/${seller(sellerId)}/products/price-and-inventory`,
  batchRequest: (sellerId: string, batchRequestId: string) =>
    `/product/sellers/${seller(sellerId)}/products/batch-requests/${encodeURIComponent(batchRequestId)}`,
};

/** `{sellerId} - SelfIntegration` for own software, `{sellerId} - {IntegratorName}` otherwise; without it Trendyol answers 403. */
export function trendyolUserAgent(sellerId: string, integrator?: string): string {
  return `${sellerId} - ${integrator ?? 'SelfIntegration'}`;
}

/** The value after `Basic ` in the Authorization header: base64(apiKey:apiSecret). */
export function basicToken(apiKey: string, apiSecret: string): string {
  return Buffer.from(`${apiKey}:${apiSecret}`, 'utf8').toString('base64');
}
