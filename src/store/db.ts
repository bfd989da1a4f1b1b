import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { IntegrError, ExitCode } from '../errors.js';
import { LATEST_VERSION, migrations } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Open (creating if needed) the SQLite store: WAL for concurrent readers while one process
 * writes, foreign keys on, a busy timeout so a daemon and a manual run wait rather than fail.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st && !st.isFile()) throw new IntegrError('STORE', `store path is not a file: ${path}`);
    if (!st) mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    if (err instanceof IntegrError) throw err;
    throw new IntegrError('STORE', `cannot create the store directory for ${path}: ${(err as Error).message}`, { exitCode: ExitCode.UNEXPECTED });
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    throw new IntegrError('STORE', `cannot open the store ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    migrate(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) {
    throw new IntegrError(
      'STORE',
      `the store ${path} was written by a newer integr (schema version ${current}; this integr knows up to ${LATEST_VERSION})`,
      { hint: 'upgrade integr, or point --db at another store' },
    );
  }
  const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    // Each migration and its version bump commit together, so a crash leaves a known version.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
