import { adapterTypes, findAdapter } from '../../adapters/index.js';
import type { LoadedConfig } from '../config/load.js';
import type { CarrierConfig } from '../config/schema.js';
import { usageError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { Carrier, CarrierContext } from './carrier.js';
import type { KnownCarrier } from './resolve-carrier.js';

export interface OpenedCarrier {
  name: string;
  type: string;
  config: CarrierConfig;
  carrier: Carrier;
}

/** The carriers under `carriers:` with what is needed to match an order's carrier column to one. */
export function configuredCarriers(loaded: LoadedConfig): KnownCarrier[] {
  return Object.entries(loaded.config.carriers).map(([name, cfg]) => ({ name, type: cfg.type, aliases: findAdapter('carrier', cfg.type)?.aliases ?? [] }));
}

/** The config section of a carrier named on the command line; a usage error (exit 2) when there is none. */
export function carrierConfig(loaded: LoadedConfig, name: string): CarrierConfig {
  const cfg = loaded.config.carriers[name];
  if (!cfg) {
    const known = Object.keys(loaded.config.carriers);
    throw usageError(
      `no carrier named "${name}" in the config${known.length ? ` (configured: ${known.join(', ')})` : ''}`,
      known.length ? undefined : `add it under \`carriers:\` in .integrationsrc (types: ${adapterTypes('carrier').join(', ')}); see docs/carriers.md`,
    );
  }
  return cfg;
}

/** Build a carrier from its config section through the adapter registry (the core never names a carrier). */
export async function openCarrier(loaded: LoadedConfig, name: string, store: Store, log: CarrierContext['log']): Promise<OpenedCarrier> {
  const cfg = carrierConfig(loaded, name);
  const def = findAdapter('carrier', cfg.type);
  if (!def) throw usageError(`carriers.${name}.type: unknown carrier type "${cfg.type}"`);
  const cache = {
    get: (key: string) => store.kv.get(`carrier:${name}:${key}`),
    set: (key: string, value: string) => store.kv.set(`carrier:${name}:${key}`, value),
  };
  const carrier = await def.create(cfg, { name, cache, log });
  return { name, type: cfg.type, config: cfg, carrier };
}
