import { z } from 'zod';
import type { ChannelDefinition } from '../definition.js';

/** A JSON file standing in for a remote shop, so sync can be tried with no credentials. */
export const sandbox: ChannelDefinition = {
  kind: 'channel',
  type: 'sandbox',
  description: 'a local JSON file standing in for a remote shop (SKU → quantity); try sync with no credentials',
  configSchema: z.object({
    path: z.string().min(1).default('./.integr/sandbox-remote.json'),
    /** Upper bound of the random quantities the sandbox is seeded with. */
    seedMax: z.number().int().min(0).default(50),
  }),
  async create(config, ctx) {
    const { createSandboxChannel } = await import('./channel.js');
    return createSandboxChannel(config as { path: string; seedMax: number }, ctx);
  },
};
