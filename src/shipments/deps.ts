import type { LoadedConfig } from '../config/load.js';
import type { Store } from '../store/store.js';

export interface ShipmentsLog {
  verbose(message: string): void;
  warn(message: string): void;
}

/** What the shipments core needs; the CLI and the daemon pass the same things. */
export interface ShipmentsDeps {
  loaded: LoadedConfig;
  store: Store;
  log: ShipmentsLog;
}
