import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { ROOT, tempDir } from '../helpers/cli.js';
import { json, project, type Project } from './project.js';
import { Store } from '../../src/store/store.js';
import { LATEST_VERSION, migrations } from '../../src/store/migrations/index.js';
import { IntegrError } from '../../src/errors.js';

let tmp: ReturnType<typeof tempDir>;
let p: Project;
beforeAll(() => {
  tmp = tempDir('integr-store-');
  p = project();
});
afterAll(() => {
  tmp.cleanup();
  p.cleanup();
});

const tablesIn = (sql: string) => [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((m) => m[1]);
const droppedIn = (sql: string) => [...sql.matchAll(/DROP TABLE (?:IF EXISTS )?(\w+)/gi)].map((m) => m[1]);

describe('migrations', () => {
  it('from empty: creates the directory, every table, and sets user_version to the latest', () => {
    const path = join(tmp.dir, 'new', 'deeper', 'integr.db');
    const store = Store.open(path);
    try {
      expect(store.schemaVersion()).toBe(LATEST_VERSION);
      const have = new Set((store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
      const dropped = new Set(migrations.flatMap((m) => droppedIn(m.sql)));
      const expected = migrations.flatMap((m) => tablesIn(m.sql)).filter((t) => !dropped.has(t));
      expect(expected).toEqual(expect.arrayContaining(['products', 'stock', 'stock_movements', 'import_jobs', 'sync_runs', 'orders', 'locks', 'kv']));
      for (const t of expected) expect(have, t).toContain(t);
      for (const t of dropped) expect(have, t).not.toContain(t);
    } finally {
      store.close();
    }
  });

  it('WAL journal and foreign keys are on; foreign keys are enforced', () => {
    const store = Store.open(join(tmp.dir, 'pragmas.db'));
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() => store.db.prepare("INSERT INTO stock (sku, warehouse, quantity, updated_at) VALUES ('NOPE', 'MAIN', 1, 'x')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      store.close();
    }
  });

  it('reopening a current store runs nothing again and keeps the data', () => {
    const path = join(tmp.dir, 'reopen.db');
    const a = Store.open(path);
    a.kv.set('k', 'v');
    a.close();
    const b = Store.open(path);
    try {
      expect(b.schemaVersion()).toBe(LATEST_VERSION);
      expect(b.kv.get('k')).toBe('v');
    } finally {
      b.close();
    }
  });


  it('a store left at an older schema version is brought up to the latest, keeping its data', () => {
    const path = join(tmp.dir, 'older.db');
    // What an integr of schema version 2 wrote: migrations 1 and 2 only, and a product.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    for (const m of migrations.filter((x) => x.version <= 2)) old.exec(m.sql);
    old.pragma('user_version = 2');
    old.prepare("INSERT INTO products (sku, name, created_at, updated_at) VALUES ('OLD-1', 'Eski ürün', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')").run();
    old.close();

    const s = Store.open(path);
    try {
      expect(s.schemaVersion()).toBe(LATEST_VERSION);
      expect(s.products.get('OLD-1')?.name).toBe('Eski ürün');
      const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).not.toContain('import_keys');
    } finally {
      s.close();
    }
  });
  it('several processes opening one new store at once all succeed; it is migrated once', async () => {
    const path = join(tmp.dir, 'race.db');
    const script = `const { Store } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/store/store.js')).href)});
      const s = Store.open(process.argv[1]); console.log(s.schemaVersion()); s.close();`;
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        new Promise<{ code: number | null; out: string; err: string }>((res) => {
          const c = spawn(process.execPath, ['--input-type=module', '-e', script, path]);
          let out = '';
          let err = '';
          c.stdout.on('data', (d) => (out += d));
          c.stderr.on('data', (d) => (err += d));
          c.on('close', (code) => res({ code, out, err }));
        }),
      ),
    );
    for (const r of runs) {
      expect(r.code, r.err).toBe(0);
      expect(r.out.trim()).toBe(String(LATEST_VERSION));
    }
  });
});

describe('a store written by a newer integr', () => {
  function newerStore(name: string): string {
    const path = join(tmp.dir, name);
    const db = new Database(path);
    db.exec('CREATE TABLE future (x)');
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    return path;
  }

  it('is refused with a clear message and left byte-for-byte untouched', () => {
    const path = newerStore('newer.db');
    const before = readFileSync(path);
    let err: unknown;
    try {
      Store.open(path).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IntegrError);
    expect((err as IntegrError).code).toBe('STORE');
    expect((err as IntegrError).message).toBe(
      `the store ${path} was written by a newer integr (schema version ${LATEST_VERSION + 1}; this integr knows up to ${LATEST_VERSION}); refusing to open it`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('makes the CLI exit 2 with the message (and the JSON error)', async () => {
    const path = newerStore('newer-cli.db');
    const r = await p.run(['--db', path, 'stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('was written by a newer integr');
    expect(r.stderr).toContain('hint: upgrade integr, or point --db at another store');
    const j = await p.run(['--json', '--db', path, 'products']);
    expect(j.code).toBe(2);
    expect(json(j).error.code).toBe('STORE');
  });
});

describe('store path', () => {
  it('a file that is not a SQLite database: exit 2, naming it', async () => {
    const path = join(tmp.dir, 'not-a-db.xlsx');
    writeFileSync(path, 'PK\u0003\u0004 definitely not sqlite '.repeat(200));
    const r = await p.run(['--db', path, 'stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`integr: cannot open the store ${path}: file is not a database`);
  });

  it('a store directory that cannot be created: exit 2 with one line naming it, also under /proc (where a recursive mkdir never returns)', async () => {
    const file = join(tmp.dir, 'plain-file');
    writeFileSync(file, 'x');
    for (const path of [join(file, 'sub', 'x.db'), '/proc/integr-nope/x.db']) {
      const r = await p.run(['--db', path, 'stock']);
      expect(r.code, path).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^integr: cannot create the store directory for ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    }
  });

  it('--db wins over store.path, which wins over ./.integr/integr.db; store.path is relative to the config file', async () => {
    const q = project();
    try {
      q.write('conf/.integrationsrc', 'store: { path: ../data/from-config.db }\n');
      const byConfig = await q.run(['-c', 'conf/.integrationsrc', '-v', 'stock']);
      expect(byConfig.code, byConfig.stderr).toBe(0);
      expect(byConfig.stderr).toContain(`store: ${join(q.dir, 'data', 'from-config.db')}`);
      expect(existsSync(join(q.dir, 'data', 'from-config.db'))).toBe(true);

      const byFlag = await q.run(['-c', 'conf/.integrationsrc', '--db', 'flag.db', '-v', 'stock']);
      expect(byFlag.code, byFlag.stderr).toBe(0);
      expect(byFlag.stderr).toContain(`store: ${join(q.dir, 'flag.db')}`);
      expect(existsSync(join(q.dir, 'flag.db'))).toBe(true);

      const shown = json(await q.run(['-c', 'conf/.integrationsrc', '--db', 'flag.db', 'config', 'check', '--json']));
      expect(shown.values.find((v: { path: string }) => v.path === 'store.path')).toMatchObject({ value: join(q.dir, 'flag.db'), source: '--db' });
      expect(shown.config.store.path).toBe(join(q.dir, 'flag.db'));

      const doctor = json(await q.run(['-c', 'conf/.integrationsrc', '--db', 'flag.db', 'doctor', '--json']));
      expect(doctor.checks.find((c: { name: string }) => c.name === 'store').detail).toContain(join(q.dir, 'flag.db'));

      const byDefault = await q.run(['-v', 'stock']);
      expect(byDefault.code, byDefault.stderr).toBe(0);
      expect(byDefault.stderr).toContain(`store: ${join(q.dir, '.integr', 'integr.db')}`);
      expect(existsSync(join(q.dir, '.integr', 'integr.db'))).toBe(true);
    } finally {
      q.cleanup();
    }
  });
});
