import { up as initial } from './001-initial.js';
import { up as importKeys } from './002-import.js';
import { up as dropImportKeys } from './003-drop-import-keys.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order; PRAGMA user_version records the highest applied. Append only. */
export const migrations: Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'import', sql: importKeys },
  { version: 3, name: 'drop-import-keys', sql: dropImportKeys },
];

export const LATEST_VERSION = Math.max(...migrations.map((m) => m.version));
