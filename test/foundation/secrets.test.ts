import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, project, WITH_VAULT, type Project } from './project.js';
import type { CliResult } from '../helpers/cli.js';

// A channel secret set through an environment variable must never reach stdout or stderr, in any
// of the forms it could take there: as is, JSON-escaped, or URL-encoded.
const KEY = 'sk_live_9Zq/"w\\x+K&7';
const forms = [KEY, JSON.stringify(KEY).slice(1, -1), encodeURIComponent(KEY), 'sk_live_9Zq'];

let p: Project;
beforeAll(() => {
  p = project();
  p.write('ok.yaml', 'channels:\n  v: { type: vault, apiKey: ${VAULT_KEY}, shop: demo }\n');
  p.write('auth.yaml', 'channels:\n  v: { type: vault, apiKey: ${VAULT_KEY}, shop: demo, mode: auth }\n');
  p.write('crash.yaml', 'channels:\n  v: { type: vault, apiKey: ${VAULT_KEY}, shop: demo, mode: crash }\n');
});
afterAll(() => p.cleanup());

const run = (args: string[]) => p.run(args, { env: { VAULT_KEY: KEY }, nodeArgs: WITH_VAULT });

function expectNoSecret(r: CliResult) {
  for (const f of forms) {
    expect(r.stdout, 'stdout').not.toContain(f);
    expect(r.stderr, 'stderr').not.toContain(f);
  }
}

describe('secrets are masked everywhere', () => {
  it('config check shows the key masked, with its variable as the source', async () => {
    const r = await run(['-c', 'ok.yaml', 'config', 'check']);
    expect(r.code, r.stderr).toBe(0);
    expectNoSecret(r);
    expect(r.stdout).toMatch(/channels\.v\.apiKey\s+\*\*\*\*\s+env:VAULT_KEY/);
    expect(r.stdout).toMatch(/channels\.v\.shop\s+demo\s+file/);
  });

  it('config check --json marks the key secret and masks it in both views', async () => {
    const r = await run(['-c', 'ok.yaml', 'config', 'check', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expectNoSecret(r);
    const doc = json(r);
    expect(doc.config.channels.v.apiKey).toBe('****');
    expect(doc.values.find((v: { path: string }) => v.path === 'channels.v.apiKey')).toEqual({ path: 'channels.v.apiKey', value: '****', source: 'env:VAULT_KEY', secret: true });
  });

  it('-v: adapter log lines and check details that quote the key are masked', async () => {
    const r = await run(['-c', 'ok.yaml', '-v', 'doctor', 'v']);
    expect(r.code, r.stderr).toBe(0);
    expectNoSecret(r);
    expect(r.stderr).toContain('vault: opening shop demo with key ****');
    expect(r.stdout).toContain('shop demo reachable with key ****');
  });

  it('a remote refusal whose message quotes the key: masked, exit 5', async () => {
    for (const args of [['doctor'], ['doctor', '--json']]) {
      const r = await run(['-c', 'auth.yaml', ...args]);
      expect(r.code).toBe(5);
      expectNoSecret(r);
      expect(r.stdout).toContain('vault: the key **** was refused (401)');
    }
  });

  it('an unexpected error with the key URL-encoded in it: masked, exit 1', async () => {
    const r = await run(['-c', 'crash.yaml', '-v', 'doctor', '--json']);
    expect(r.code).toBe(1);
    expectNoSecret(r);
    expect(json(r).checks.find((c: { name: string }) => c.name === 'channel v').detail).toBe('GET https://vault.test/shops?key=**** failed');
  });

  it('a webhook URL (notify.url) is a secret too: its token is in the path', async () => {
    p.write('notify.yaml', 'notify: { url: "https://hooks.example.com/services/T0/B0/WebhookToken42" }\n');
    const r = await run(['-c', 'notify.yaml', 'config', 'check', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('WebhookToken42');
    expect(json(r).values.find((v: { path: string }) => v.path === 'notify.url')).toMatchObject({ value: '****', secret: true, source: 'file' });
  });

  it('a secret that fails validation is not echoed in the config error', async () => {
    p.write('bad.yaml', 'channels:\n  v: { type: vault, apiKey: ${VAULT_KEY}, shop: demo, mode: ${VAULT_KEY} }\n');
    const r = await run(['-c', 'bad.yaml', 'config', 'check']);
    expect(r.code).toBe(2);
    expectNoSecret(r);
    expect(r.stderr).toContain('bad.yaml: channels.v.mode: Invalid option');
  });
});
