import { z } from 'zod';
import { secret } from '../../src/config/secret.js';
import { INTEGRATOR_NAME_PATTERN } from './unconfirmed.js';

export const PRODUCTION_BASE_URL = 'https://apigw.trendyol.com/integration';
/** Needs IP whitelisting by Trendyol and its own credentials; answers 503 to IPs that are not whitelisted. */
export const STAGE_BASE_URL = 'https://stageapigw.trendyol.com/integration';

// YAML reads `sellerId: 123456` as a number; both spellings mean the same seller.
const sellerId = z
  .union([z.string().regex(/^\d+$/, 'digits only (the seller id from the Trendyol seller panel)'), z.number().int().positive()])
  .transform((v) => String(v));

/**
 * The adapter-specific keys of a `type: trendyol` channel. Common keys (buffer, warehouses, timeoutMs,
 * writeBatchSize, ...) come from the registry.
 */
export const trendyolConfigSchema = z.object({
  sellerId,
  apiKey: secret(z.string().min(1)),
  apiSecret: secret(z.string().min(1)),
  baseUrl: z.url().default(PRODUCTION_BASE_URL),
  /** How local products are found on Trendyol: by their barcode (from import) or by SKU = Trendyol stockCode. */
  matchBy: z.enum(['barcode', 'sku']).default('barcode'),
  /** Also push salePrice/listPrice from the local product when they differ from Trendyol's. */
  prices: z.boolean().default(false),
  /** Integrator name for the User-Agent `{sellerId} - {integrator}`; default SelfIntegration. */
  integrator: z.string().regex(INTEGRATOR_NAME_PATTERN, 'letters and digits only, at most 30').optional(),
  // The common poll keys, given Trendyol defaults so `config check` shows them: batches take seconds.
  /** How long a run polls Trendyol's batches before leaving their items pending for the next run. */
  pollTimeoutSec: z.number().positive().default(120),
  /** First wait before polling a batch; the engine doubles it up to 10 s. */
  pollIntervalMs: z.number().int().positive().default(2000),
});

export type TrendyolOwnConfig = z.output<typeof trendyolConfigSchema>;

/** What create() receives: the adapter's keys plus the common channel keys it uses. */
export interface TrendyolConfig extends TrendyolOwnConfig {
  timeoutMs: number;
  writeBatchSize?: number;
}
