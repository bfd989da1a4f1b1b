import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, json, WITH_VAULT, type Project } from './project.js';

let p: Project;
beforeAll(() => {
  p = project();
  p.write(
    '.integrationsrc',
    [
      'channels:',
      '  sandbox: { type: sandbox, path: ./.integr/sandbox-remote.json }',
      'carriers:',
      '  cargo: { type: vaultcargo, username: depo, password: ${CARGO_PASSWORD} }',
      '  down: { type: vaultcargo, username: depo, password: ${CARGO_PASSWORD}, reachable: false }',
      '',
    ].join('\n'),
  );
  p.write('adir/.keep', '');
});
afterAll(() => p.cleanup());

const PASSWORD = 'cargo-Pw-4471';
const run = (args: string[]) => p.run(args, { env: { CARGO_PASSWORD: PASSWORD }, nodeArgs: WITH_VAULT });

describe('integr doctor', () => {
  it('checks Node, config, store and each named channel/carrier; exit 0 when all pass', async () => {
    const r = await run(['doctor', 'sandbox', 'cargo', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = json(r);
    expect(doc.ok).toBe(true);
    expect(doc.checks.map((c: { name: string }) => c.name)).toEqual(['node', 'config', 'store', 'channel sandbox', 'carrier cargo']);
    expect(doc.checks[0].detail).toBe(`Node ${process.versions.node}`);
    expect(doc.checks[2].detail).toMatch(/\.integr\/integr\.db \(schema v\d+, writable\)$/);
    expect(doc.checks[3].detail).toContain('not created yet');
    expect(doc.checks[4].detail).toBe('logged in as depo with ****');
    expect(r.stdout).not.toContain(PASSWORD);
  });

  it('a table for people: ok / FAIL per check', async () => {
    const r = await run(['doctor', 'sandbox']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {4}node {15}Node /m);
    expect(r.stdout).toMatch(/^ok {4}channel sandbox {4}sandbox file /m);
  });

  it('with no names, checks everything configured; an unreachable carrier makes it exit 5', async () => {
    const r = await run(['doctor', '--json']);
    expect(r.code).toBe(5);
    const doc = json(r);
    expect(doc.ok).toBe(false);
    expect(doc.checks.map((c: { name: string; ok: boolean }) => `${c.name}:${c.ok}`)).toEqual([
      'node:true', 'config:true', 'store:true', 'channel sandbox:true', 'carrier cargo:true', 'carrier down:false',
    ]);
    expect(doc.checks[5].detail).toBe('vaultcargo: cannot reach the service as depo:****');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('a name that is not configured fails with exit 2; the worst failure decides the exit code', async () => {
    const unknown = await run(['doctor', 'nosuch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/^FAIL {2}nosuch {13}no channel or carrier named "nosuch" in the config$/m);
    expect((await run(['doctor', 'nosuch', 'down'])).code).toBe(5);
  });

  it('a store that cannot be opened fails the store check (exit 2) and stops there', async () => {
    const r = await run(['--db', 'adir', 'doctor', '--json']);
    expect(r.code).toBe(2);
    const doc = json(r);
    expect(doc.checks.map((c: { name: string }) => c.name)).toEqual(['node', 'config', 'store']);
    expect(doc.checks[2]).toMatchObject({ ok: false, detail: expect.stringContaining('store path is not a file') });
  });
});
