import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, project, WITH_VAULT, type Project } from './project.js';
import { adapterTypes } from '../../adapters/index.js';

const channelTypes = adapterTypes('channel').join(', ');

// Each broken config, run through the real CLI: exit 2, one line on stderr naming the file and key
// path, and the same message as `{ error: { code: "CONFIG", message } }` on stdout with --json.
let p: Project;
beforeAll(() => (p = project()));
afterAll(() => p.cleanup());

async function configError(file: string, content: string, options: { env?: Record<string, string>; vault?: boolean } = {}) {
  p.write(file, content);
  // One run gives both faces: the JSON error on stdout, the line for people on stderr.
  const r = await p.run(['--config', file, 'config', 'check', '--json'], { env: options.env, nodeArgs: options.vault ? WITH_VAULT : [] });
  expect(r.code, r.stderr).toBe(2);
  const doc = json(r);
  expect(Object.keys(doc)).toEqual(['error']);
  expect(doc.error.code).toBe('CONFIG');
  expect(r.stderr.split('\n')[0]).toBe(`integr: ${doc.error.message}`);
  return doc.error.message as string;
}

describe('config errors exit 2 and name the key path', () => {
  it('unknown top-level key, with did-you-mean', async () => {
    expect(await configError('a.yaml', 'stroe:\n  path: x.db\n')).toBe('a.yaml: stroe: unknown key (did you mean store?)');
  });

  it('unknown nested key, with did-you-mean', async () => {
    expect(await configError('b.yaml', 'import:\n  chunkSiz: 5\n')).toBe('b.yaml: import.chunkSiz: unknown key (did you mean chunkSize?)');
  });

  it('unknown key in a channel section is checked against the adapter schema', async () => {
    expect(await configError('c.yaml', 'channels:\n  shop: { type: sandbox, pth: x.json }\n')).toBe('c.yaml: channels.shop.pth: unknown key (did you mean path?)');
  });

  it('unknown key without a close match gets no guess', async () => {
    expect(await configError('d.yaml', 'safety:\n  colour: blue\n')).toBe('d.yaml: safety.colour: unknown key');
  });

  it('wrong type, without echoing the value', async () => {
    const m = await configError('e.yaml', 'import:\n  chunkSize: "lots"\n');
    expect(m).toBe('e.yaml: import.chunkSize: expected a number, got a string');
    expect(m).not.toContain('lots');
  });

  it('wrong type in an adapter section', async () => {
    expect(await configError('f.yaml', 'channels:\n  shop:\n    type: sandbox\n    seedMax: [1, 2]\n')).toBe('f.yaml: channels.shop.seedMax: expected a number, got a list');
  });

  it('a section that is not a mapping', async () => {
    expect(await configError('g.yaml', 'channels:\n  shop: 5\n')).toBe('g.yaml: channels.shop: expected a mapping (key: value), got a number');
    expect(await configError('g2.yaml', 'channels: [wix]\n')).toBe('g2.yaml: channels: expected a mapping (key: value), got a list');
  });

  it('a value out of range', async () => {
    expect(await configError('h.yaml', 'safety: { maxZeroRatio: 2 }\n')).toMatch(/^h\.yaml: safety\.maxZeroRatio: Too big: expected number to be <=1$/);
  });

  it('missing required keys: schedules[0].cron, channels.<name>.type, an adapter key', async () => {
    expect(await configError('i.yaml', 'schedules:\n  - { run: "sync shop" }\n')).toBe('i.yaml: schedules[0].cron: required key is missing (expected a string)');
    expect(await configError('j.yaml', 'channels:\n  shop: { path: x.json }\n')).toBe(`j.yaml: channels.shop.type: required key is missing (which adapter: ${channelTypes})`);
    expect(await configError('k.yaml', 'channels:\n  v: { type: vault }\n', { vault: true })).toBe('k.yaml: channels.v.apiKey: required key is missing (expected a string) (and 1 more problem)');
  });

  it('unknown channel type, with did-you-mean and the known types', async () => {
    expect(await configError('l.yaml', 'channels:\n  shop: { type: sandbx }\n')).toBe(`l.yaml: channels.shop.type: unknown channel type "sandbx" (did you mean sandbox?); known: ${channelTypes}`);
  });

  it('unknown carrier type', async () => {
    expect(await configError('m.yaml', 'carriers:\n  fast: { type: teleport }\n')).toMatch(/^m\.yaml: carriers\.fast\.type: unknown carrier type "teleport"; known: /);
  });

  it('a channel name with characters a command line cannot take', async () => {
    expect(await configError('n.yaml', 'channels:\n  "my shop": { type: sandbox }\n')).toBe('n.yaml: channels.my shop: invalid name (channel names use letters, digits, - and _)');
  });

  it('an unset environment variable names the key path and the variable', async () => {
    const m = await configError('o.yaml', 'channels:\n  shop:\n    type: sandbox\n    path: ${INTEGR_TEST_UNSET_VAR}\n', { env: { INTEGR_TEST_UNSET_VAR: '' } });
    expect(m).toBe('o.yaml: channels.shop.path: environment variable INTEGR_TEST_UNSET_VAR is not set');
  });

  it('an unset variable inside a list names the element', async () => {
    const m = await configError('o2.yaml', 'schedules:\n  - { cron: "* * * * *", run: "sync ${INTEGR_TEST_UNSET_CHANNEL}" }\n');
    expect(m).toBe('o2.yaml: schedules[0].run: environment variable INTEGR_TEST_UNSET_CHANNEL is not set');
  });

  it('YAML syntax error with line and column', async () => {
    expect(await configError('p.yaml', 'store:\n  path: x.db\nsafety:\n  maxChanges: [1, 2\n')).toBe(
      'p.yaml: YAML syntax error at line 5, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(await configError('q.yaml', 'safety:\n  maxChanges: 1\n  maxChanges: 2\n')).toBe('q.yaml: YAML syntax error at line 3, column 3: Map keys must be unique');
    expect(await configError('.integrationsrc', 'store:\n  path: x.db\n   bad: indent\n')).toBe('.integrationsrc: YAML syntax error at line 2, column 9: Nested mappings are not allowed in compact mappings');
  });

  it('JSON syntax error with line and column, without quoting the file', async () => {
    const m = await configError('r.json', '{\n  "store": { "path": "x.db" },\n  oops\n}\n');
    expect(m).toBe('r.json: JSON syntax error at line 3, column 3: unexpected character');
    expect(await configError('s.json', '{ "store": ')).toBe('s.json: JSON syntax error: unexpected end of file');
  });

  it('a config that is a list (YAML, JSON, package.json key)', async () => {
    expect(await configError('t.yaml', '- store\n- channels\n')).toBe('t.yaml: the config must be a mapping of keys (store, channels, ...), got a list');
    expect(await configError('u.json', '[1, 2]')).toBe('u.json: the config must be a mapping of keys (store, channels, ...), got a list');
    const pkg = project({ name: 'shop', integrations: ['wix'] });
    try {
      const r = await pkg.run(['config', 'check']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('package.json: the config must be a mapping of keys (store, channels, ...), got a list');
    } finally {
      pkg.cleanup();
    }
  });

  it('every command that reads the config refuses a broken one with exit 2 (nothing on stdout without --json)', async () => {
    p.write('.integrationsrc', 'stroe: {}\n');
    for (const cmd of [['stock'], ['products'], ['config', 'check']]) {
      const r = await p.run(cmd);
      expect(r.code, cmd.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('integr: .integrationsrc: stroe: unknown key (did you mean store?)\n');
    }
    const doctor = await p.run(['doctor', '--json']);
    expect(doctor.code).toBe(2);
    expect(json(doctor).checks.find((c: { name: string }) => c.name === 'config')).toMatchObject({ ok: false, detail: '.integrationsrc: stroe: unknown key (did you mean store?)' });
  });
});

describe('${VAR} interpolation', () => {
  it('works in block and flow mappings (the documented `{ apiKey: ${KEY} }` form) and records the variable as the source', async () => {
    p.write('v.yaml', 'store: { path: ${INTEGR_TEST_DB} }\nchannels:\n  shop: { type: sandbox, path: "${INTEGR_TEST_DIR}/remote.json" }\n');
    const r = await p.run(['--config', 'v.yaml', 'config', 'check', '--json'], { env: { INTEGR_TEST_DB: 'from-env.db', INTEGR_TEST_DIR: 'remote' } });
    expect(r.code, r.stderr).toBe(0);
    const doc = json(r);
    expect(doc.config.store.path).toBe(`${p.dir}/from-env.db`);
    expect(doc.config.channels.shop.path).toBe(`${p.dir}/remote/remote.json`);
    const source = (path: string) => doc.values.find((v: { path: string }) => v.path === path).source;
    expect(source('store.path')).toBe('env:INTEGR_TEST_DB');
    expect(source('channels.shop.path')).toBe('env:INTEGR_TEST_DIR');
    expect(source('channels.shop.type')).toBe('file');
    expect(source('channels.shop.buffer')).toBe('default');
  });
});
