import type { ChannelDefinition } from '../definition.js';
import { trendyolConfigSchema, type TrendyolConfig } from './config.js';

/** Trendyol marketplace: stock (and optionally prices) by barcode, written in asynchronous batches that are polled. */
export const trendyol: ChannelDefinition = {
  kind: 'channel',
  type: 'trendyol',
  description: 'Trendyol marketplace: absolute stock and prices by barcode, asynchronous batches (polled)',
  configSchema: trendyolConfigSchema,
  async create(config, ctx) {
    const { createTrendyolChannel } = await import('./channel.js');
    return createTrendyolChannel(config as unknown as TrendyolConfig, ctx);
  },
};
