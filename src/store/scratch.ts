import type { Store } from './store.js';

/**
 * A transaction that is always rolled back: `import --dry-run` runs the real writers inside it
 * (chunk transactions nest as savepoints), reads what they would do, and leaves the store as it
 * was. It holds the write lock for the length of the dry run.
 */
export function beginScratch(store: Store): { rollback(): void } {
  store.db.exec('BEGIN IMMEDIATE');
  return {
    rollback() {
      if (store.db.inTransaction) store.db.exec('ROLLBACK');
    },
  };
}
