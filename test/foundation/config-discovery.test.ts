import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { json, project, type Project } from './project.js';

// Every place cosmiconfig looks for module "integrations", proven by a value only that file sets.
let p: Project;
afterEach(() => p?.cleanup());

async function check(p: Project, args: string[] = [], cwd?: string) {
  const r = await p.run([...args, 'config', 'check', '--json'], cwd ? { cwd } : {});
  expect(r.code, r.stderr).toBe(0);
  return json(r);
}

const places: Array<{ file: string; content: (n: number) => string; pkg?: Record<string, unknown> }> = [
  { file: '.integrationsrc', content: (n) => `safety:\n  maxChanges: ${n}\n` },
  { file: '.integrationsrc.json', content: (n) => JSON.stringify({ safety: { maxChanges: n } }) },
  { file: '.integrationsrc.yaml', content: (n) => `safety: { maxChanges: ${n} }\n` },
  { file: '.integrationsrc.yml', content: (n) => `safety:\n  maxChanges: ${n}\n` },
  { file: 'integrations.config.js', content: (n) => `module.exports = { safety: { maxChanges: ${n} } };\n` },
  { file: 'integrations.config.js', content: (n) => `export default { safety: { maxChanges: ${n} } };\n`, pkg: { name: 'shop', type: 'module' } },
  { file: 'integrations.config.mjs', content: (n) => `export default { safety: { maxChanges: ${n} } };\n` },
  { file: 'integrations.config.cjs', content: (n) => `module.exports = { safety: { maxChanges: ${n} } };\n` },
];

describe('config discovery', () => {
  places.forEach(({ file, content, pkg }, i) => {
    it(`finds ${file}${pkg?.type ? ' (ESM package)' : ''}`, async () => {
      p = project(pkg);
      const path = p.write(file, content(100 + i));
      const doc = await check(p);
      expect(doc.file).toBe(path);
      expect(doc.config.safety.maxChanges).toBe(100 + i);
      expect(doc.values.find((v: { path: string }) => v.path === 'safety.maxChanges')).toMatchObject({ value: 100 + i, source: 'file' });
    });
  });

  it('finds the "integrations" key of package.json', async () => {
    p = project({ name: 'shop', private: true, integrations: { safety: { maxChanges: 77 } } });
    const doc = await check(p);
    expect(doc.file).toBe(join(p.dir, 'package.json'));
    expect(doc.config.safety.maxChanges).toBe(77);
  });

  it('skips a package.json without the key and finds the rc file next to it', async () => {
    p = project({ name: 'shop' });
    p.write('.integrationsrc.yml', 'safety: { maxChanges: 5 }\n');
    expect((await check(p)).config.safety.maxChanges).toBe(5);
  });

  it('takes the first search place when several exist (.integrationsrc before .integrationsrc.json)', async () => {
    p = project();
    p.write('.integrationsrc', 'safety: { maxChanges: 1 }\n');
    p.write('.integrationsrc.json', '{ "safety": { "maxChanges": 2 } }');
    const doc = await check(p);
    expect(doc.file).toBe(join(p.dir, '.integrationsrc'));
    expect(doc.config.safety.maxChanges).toBe(1);
  });

  it('climbs from a subdirectory to the project root, and resolves store.path relative to the config file', async () => {
    p = project();
    p.write('.integrationsrc', 'store: { path: data/shop.db }\n');
    p.write('sub/dir/.keep', '');
    const doc = await check(p, [], join(p.dir, 'sub', 'dir'));
    expect(doc.file).toBe(join(p.dir, '.integrationsrc'));
    expect(doc.config.store.path).toBe(join(p.dir, 'data', 'shop.db'));
  });

  it('uses defaults when there is no config anywhere in the project', async () => {
    p = project();
    const doc = await check(p);
    expect(doc.file).toBeNull();
    expect(doc.config.store.path).toBe(join(p.dir, '.integr', 'integr.db'));
    expect(doc.values.find((v: { path: string }) => v.path === 'store.path').source).toBe('default');
  });

  it('--config and -c load the named file instead of discovering one', async () => {
    p = project();
    p.write('.integrationsrc', 'safety: { maxChanges: 1 }\n');
    const path = p.write('conf/prod.yaml', 'safety: { maxChanges: 2 }\nstore: { path: ./prod.db }\n');
    for (const flag of ['--config', '-c']) {
      const doc = await check(p, [flag, 'conf/prod.yaml']);
      expect(doc.file).toBe(path);
      expect(doc.config.safety.maxChanges).toBe(2);
      expect(doc.config.store.path).toBe(join(p.dir, 'conf', 'prod.db'));
    }
  });

  it('--config with a JSON file or an extensionless YAML file', async () => {
    p = project();
    p.write('a.json', '{ "safety": { "maxChanges": 3 } }');
    p.write('b', 'safety:\n  maxChanges: 4\n');
    expect((await check(p, ['--config', 'a.json'])).config.safety.maxChanges).toBe(3);
    expect((await check(p, ['--config', 'b'])).config.safety.maxChanges).toBe(4);
  });

  it('--config naming a missing file or a directory is a config error (exit 2)', async () => {
    p = project();
    p.write('adir/.keep', '');
    const missing = await p.run(['--config', 'nope.yaml', 'config', 'check']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('config file not found: nope.yaml');
    const dir = await p.run(['--config', 'adir', 'config', 'check', '--json']);
    expect(dir.code).toBe(2);
    expect(json(dir).error).toEqual({ code: 'CONFIG', message: 'config path is not a file: adir' });
  });

  it('an empty config file means defaults', async () => {
    p = project();
    const path = p.write('.integrationsrc', '# nothing yet\n');
    const doc = await check(p);
    expect(doc.file).toBe(path);
    expect(doc.config.safety.maxChanges).toBe(5000);
  });
});
