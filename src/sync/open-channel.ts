import { findAdapter } from '../../adapters/index.js';
import type { LoadedConfig } from '../config/load.js';
import type { ChannelConfig } from '../config/schema.js';
import { usageError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { AdapterLogger, Channel } from './channel.js';

export interface OpenedChannel {
  name: string;
  type: string;
  config: ChannelConfig;
  channel: Channel;
}

export function channelConfig(loaded: LoadedConfig, name: string): ChannelConfig {
  const cfg = loaded.config.channels[name];
  if (!cfg) {
    const known = Object.keys(loaded.config.channels);
    throw usageError(
      `no channel named "${name}" in the config${known.length ? ` (configured: ${known.join(', ')})` : ''}`,
      known.length ? undefined : 'add it under `channels:` in .integrationsrc (see `integr init`)',
    );
  }
  return cfg;
}

/** Build a channel from its config section through the adapter registry (the engine never names a platform). */
export async function openChannel(loaded: LoadedConfig, name: string, store: Store, log: AdapterLogger): Promise<OpenedChannel> {
  const cfg = channelConfig(loaded, name);
  const def = findAdapter('channel', cfg.type);
  if (!def) throw usageError(`channels.${name}.type: unknown channel type "${cfg.type}"`);
  const cache = {
    get: (key: string) => store.kv.get(`channel:${name}:${key}`),
    set: (key: string, value: string) => store.kv.set(`channel:${name}:${key}`, value),
  };
  const channel = await def.create(cfg, { name, cache, log });
  return { name, type: cfg.type, config: cfg, channel };
}
