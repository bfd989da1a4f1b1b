import { z } from 'zod';
import { secret } from '../../src/config/secret.js';
import type { CarrierDefinition } from '../definition.js';

/** Yurtiçi Kargo: SOAP ShippingOrderDispatcherServices (createShipment, queryShipment). */
export const yurtici: CarrierDefinition = {
  kind: 'carrier',
  type: 'yurtici',
  description: 'Yurtiçi Kargo (SOAP ShippingOrderDispatcherServices); baseUrl is the service URL without ?wsdl',
  aliases: ['Yurtiçi Kargo', 'Yurtiçi', 'YK'],
  configSchema: z.object({
    username: z.string().min(1),
    password: secret(z.string().min(1)),
    /** Language of Yurtiçi's messages. */
    language: z.enum(['TR', 'EN']).default('TR'),
  }),
  async create(config, ctx) {
    const { createYurticiCarrier } = await import('./carrier.js');
    return createYurticiCarrier(config as unknown as import('./carrier.js').YurticiConfig, ctx);
  },
};
