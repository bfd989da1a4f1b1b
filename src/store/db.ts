import { existsSync, mkdirSync, statSync } from 'node:fs';
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
    if (!st) makeDirectories(dirname(path));
  } catch (err) {
    if (err instanceof IntegrError) throw err;
    throw new IntegrError('STORE', `cannot create the store directory for ${path}: ${(err as Error).message}`, { hint: 'check --db / store.path' });
  }
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, timeout: 10_000 });
    // Checked before anything is written: a newer integr's store is left exactly as it was.
    refuseNewer(db, path);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    if (db?.open) db.close();
    if (err instanceof IntegrError) throw err;
    throw new IntegrError('STORE', `cannot open the store ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    migrate(db, path, options.readonly ?? false);
  } catch (err) {
    db.close();
    if (err instanceof IntegrError) throw err;
    throw new IntegrError('STORE', `cannot migrate the store ${path}: ${(err as Error).message}`, { cause: err, exitCode: ExitCode.UNEXPECTED });
  }
  return db;
}

/**
 * mkdir -p, one level at a time. Not mkdirSync's recursive mode: under /proc (and other
 * pseudo-filesystems) Node 20's recursive mkdir loops forever at full CPU instead of failing.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function refuseNewer(db: Db, path: string): void {
  const current = userVersion(db);
  if (current > LATEST_VERSION) {
    throw new IntegrError(
      'STORE',
      `the store ${path} was written by a newer integr (schema version ${current}; this integr knows up to ${LATEST_VERSION}); refusing to open it`,
      { hint: 'upgrade integr, or point --db at another store' },
    );
  }
}

function migrate(db: Db, path: string, readonly: boolean): void {
  if (userVersion(db) >= LATEST_VERSION) return;
  if (readonly) throw new IntegrError('STORE', `the store ${path} needs migrating (schema version ${userVersion(db)} < ${LATEST_VERSION}) but was opened read-only`);
  // IMMEDIATE takes the write lock before reading the version, so two processes opening a new
  // store at once migrate it once: the second waits, then finds nothing left to do.
  db.transaction(() => {
    const current = userVersion(db);
    if (current > LATEST_VERSION) refuseNewer(db, path);
    for (const m of migrations.filter((x) => x.version > current).sort((a, b) => a.version - b.version)) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
