import { up as initial } from './001-initial.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order; PRAGMA user_version records the highest applied. Append only. */
export const migrations: Migration[] = [{ version: 1, name: 'initial', sql: initial }];

export const LATEST_VERSION = Math.max(...migrations.map((m) => m.version));
