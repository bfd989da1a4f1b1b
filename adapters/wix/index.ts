import { z } from 'zod';
import { secret } from '../../src/config/secret.js';
import type { ChannelDefinition } from '../definition.js';

/** Wix Stores (Catalog V1 and V3): stock by SKU, pushed as relative increments/decrements. */
export const wix: ChannelDefinition = {
  kind: 'channel',
  type: 'wix',
  description: 'Wix Stores site (Catalog V1 or V3, detected per site): reads stock by SKU, pushes relative changes',
  configSchema: z.object({
    /** API key from the Wix API Keys Manager (sent as the raw Authorization header). */
    apiKey: secret(z.string().min(1)),
    /** The site's id (wix-site-id header). */
    siteId: z.string().min(1),
    /** The Wix account id; Stores calls are site-level and do not need it. */
    accountId: z.string().min(1).optional(),
    /** Which catalog API the site runs; auto asks Wix once and remembers it. */
    catalog: z.enum(['auto', 'v1', 'v3']).default('auto'),
  }),
  async create(config, ctx) {
    const { createWixChannel } = await import('./channel.js');
    return createWixChannel(config as unknown as Parameters<typeof createWixChannel>[0], ctx);
  },
};
