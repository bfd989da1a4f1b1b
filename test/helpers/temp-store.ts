import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Store } from '../../src/store/store.js';
import { tempDir } from './cli.js';

export interface TempStore {
  /** This test's fresh temp directory. */
  readonly dir: string;
  /** `integr.db` inside dir. */
  readonly dbPath: string;
  /** The real store open on dbPath. */
  readonly store: Store;
}

/**
 * Each test of the enclosing suite gets a fresh temp directory with a real store open on `integr.db`
 * in it: opened in a beforeEach, closed and removed in an afterEach. Read the fields inside tests and
 * hooks (they are getters: each test sees its own store).
 *
 * Call it before the suite's own hooks. Vitest's default `sequence.hooks: 'stack'` runs before-hooks in
 * the order they were registered and after-hooks in reverse, so a later beforeEach can seed the store
 * and a later afterEach (closing a daemon that uses the store) runs before the store is closed.
 */
export function useTempStore(prefix?: string): TempStore {
  let current: { dir: string; dbPath: string; store: Store; cleanup: () => void } | undefined;
  beforeEach(() => {
    const { dir, cleanup } = tempDir(prefix);
    const dbPath = join(dir, 'integr.db');
    current = { dir, dbPath, store: Store.open(dbPath), cleanup };
  });
  afterEach(() => {
    const done = current;
    current = undefined;
    try {
      done?.store.close();
    } finally {
      done?.cleanup();
    }
  });
  const now = () => {
    if (!current) throw new Error('useTempStore: the temp store exists only while a test runs (from beforeEach to afterEach)');
    return current;
  };
  return {
    get dir() {
      return now().dir;
    },
    get dbPath() {
      return now().dbPath;
    },
    get store() {
      return now().store;
    },
  };
}
