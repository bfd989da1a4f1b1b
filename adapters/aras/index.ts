import { z } from 'zod';
import { secret } from '../../src/config/secret.js';
import type { CarrierDefinition } from '../definition.js';

/** Aras Kargo: SOAP SetOrder (order service) and GetQueryJSON (query service), often with two credential pairs. */
export const aras: CarrierDefinition = {
  kind: 'carrier',
  type: 'aras',
  description: 'Aras Kargo (SOAP): baseUrl = order service (SetOrder), queryUrl = query service (GetQueryJSON)',
  aliases: ['Aras Kargo', 'Aras'],
  configSchema: z.object({
    username: z.string().min(1),
    password: secret(z.string().min(1)),
    /** Query service user; defaults to username. */
    queryUsername: z.string().min(1).optional(),
    queryPassword: secret(z.string().min(1)).optional(),
    customerCode: z.string().min(1),
    queryUrl: z.url().optional(),
    /** Who pays: 1 sender, 2 receiver. */
    payorTypeCode: z.union([z.literal(1), z.literal(2)]).default(1),
  }),
  async create(config, ctx) {
    const { createArasCarrier } = await import('./carrier.js');
    return createArasCarrier(config as unknown as import('./carrier.js').ArasConfig, ctx);
  },
};
