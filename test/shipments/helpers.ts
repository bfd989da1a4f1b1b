import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type LoadedConfig } from '../../src/config/load.js';
import type { ShipmentsDeps } from '../../src/shipments/deps.js';
import { Store } from '../../src/store/store.js';

export interface CoreEnv extends ShipmentsDeps {
  loaded: LoadedConfig;
  store: Store;
  warnings: string[];
}

/** A real config file (JSON) with these carriers and a fresh store in dir. */
export async function coreEnv(dir: string, carriers: Record<string, Record<string, unknown>>): Promise<CoreEnv> {
  const file = join(dir, '.integrationsrc.json');
  writeFileSync(file, JSON.stringify({ store: { path: join(dir, 'integr.db') }, carriers }));
  const loaded = await loadConfig({ configPath: file, env: {} });
  const store = Store.open(loaded.config.store.path);
  const warnings: string[] = [];
  return { loaded, store, warnings, log: { verbose: () => undefined, warn: (m) => void warnings.push(m) } };
}
