import { z } from 'zod';
import { secret } from '../../src/config/secret.js';
import type { CarrierDefinition } from '../definition.js';

/** MNG Kargo / DHL eCommerce Türkiye: REST (IBM API Connect) with a JWT from /token. */
export const mng: CarrierDefinition = {
  kind: 'carrier',
  type: 'mng',
  description: 'MNG Kargo / DHL eCommerce Türkiye (REST: createOrder + createbarcode, getshipmentstatus)',
  aliases: ['MNG Kargo', 'MNG', 'DHL eCommerce', 'DHL eCommerce Türkiye', 'DHL'],
  configSchema: z.object({
    customerNumber: z.string().min(1),
    password: secret(z.string().min(1)),
    clientId: secret(z.string().min(1)),
    clientSecret: secret(z.string().min(1)),
    /** 1 sender pays, 2 receiver pays, 3 platform. */
    paymentType: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
    /** 1 standard, 7 same day, 8 evening. */
    shipmentServiceType: z.union([z.literal(1), z.literal(7), z.literal(8)]).default(1),
    /** 1 file, 2 MI, 3 package, 4 box. */
    packagingType: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(3),
    /** createbarcode answers 20001 until MNG has picked an arrival branch: how often, and how long apart, to try again. */
    barcodeRetries: z.number().int().min(0).max(10).default(3),
    barcodeRetryDelayMs: z.number().int().min(0).max(60_000).default(3000),
  }),
  async create(config, ctx) {
    const { createMngCarrier } = await import('./carrier.js');
    return createMngCarrier(config as unknown as import('./carrier.js').MngConfig, ctx);
  },
};
