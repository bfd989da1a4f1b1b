// Every point of the Trendyol integration that no official text confirms (api-tr-marketplaces-cargo.md
// marks them UNCONFIRMED or they are our inference). Each lives here, once, so it can be corrected in one place.

/**
 * UNCONFIRMED: how several values of the `barcodes` query parameter are sent. The docs say "multi, max 50"
 * without showing the encoding; we send one comma-separated value (Spring-style APIs accept it).
 */
export function barcodesQueryValue(barcodes: readonly string[]): string {
  return barcodes.join(',');
}

/**
 * UNCONFIRMED: which `errors[]` entry marks the "identical request within 15 minutes" refusal. Only the
 * Turkish message text is documented ("15 dakika boyunca aynı isteği tekrarlı olarak atamazsınız!"), not its
 * key or errorCode, so we recognise it by the message.
 */
export function isIdenticalRequestRefusal(messages: readonly string[]): boolean {
  return messages.some((m) => /15\s*dakika/i.test(m) && /aynı\s+isteği/i.test(m));
}

/**
 * UNCONFIRMED: whether price-and-inventory accepts salePrice without listPrice. When the local product has
 * no list price we send Trendyol's current listPrice if it is still ≥ the new salePrice (the crossed-out
 * price is kept), else the salePrice itself (no crossed-out price).
 */
export function listPriceFor(sale: number, localList: number | null, remoteList: number | null): number {
  if (localList !== null) return localList;
  if (remoteList !== null && remoteList >= sale) return remoteList;
  return sale;
}

/**
 * UNCONFIRMED (inference, not vendor text): inventory batches carry no top-level status, so an item is
 * settled only when it appears in `items[]` with SUCCESS or FAILED; IN_PROGRESS, other values, or absence
 * mean "not yet".
 */
export function isSettledItemStatus(status: unknown): status is 'SUCCESS' | 'FAILED' {
  return status === 'SUCCESS' || status === 'FAILED';
}

/**
 * UNCONFIRMED: a batchRequestId may answer 404 for a moment after the write (eventual consistency) and
 * certainly does after its 4 hours of retention. Both are treated as "still pending": the engine stops at
 * its poll timeout and the next run re-reads the real quantities.
 */
export function batchNotVisibleYet(status: number | undefined): boolean {
  return status === 404;
}

/**
 * UNCONFIRMED: the ≤30 alphanumeric characters rule is read as applying to the integrator name, not to the
 * whole User-Agent header (a seller id plus " - SelfIntegration" already approaches 30).
 */
export const INTEGRATOR_NAME_PATTERN = /^[A-Za-z0-9]{1,30}$/;
