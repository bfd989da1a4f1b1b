// The built CLI against the fake Trendyol gateway: config check masks the secrets, doctor makes its one
// read-only call, sync --json reports, and a bad secret is exit 5 with no secret in stdout or stderr.
// (Runs dist/: `npm test` builds first.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { seedLocal } from '../helpers/local-store.js';
import { startTrendyolFake, type TrendyolFake } from '../fakes/trendyol/server.js';

const API_KEY = 'cli-trendyol-key-5d1e';
const API_SECRET = 'cli-trendyol-secret-0b7a';
const TOKEN = Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64');

describe('integr with a trendyol channel', () => {
  let fake: TrendyolFake;
  let dir: string;
  let cleanup: () => void;
  const env = () => ({ TY_KEY: API_KEY, TY_SECRET: API_SECRET, TY_BAD_SECRET: 'cli-bad-secret-value' });

  beforeAll(async () => {
    fake = await startTrendyolFake({ sellerId: '123456', apiKey: API_KEY, apiSecret: API_SECRET, completeAfterMs: 0 });
    fake.seed([
      { sku: 'CLI-1', barcode: '8690000000101', quantity: 1 },
      { sku: 'CLI-2', barcode: '8690000000102', quantity: 9 },
    ]);
    ({ dir, cleanup } = tempDir('integr-trendyol-cli-'));
    const store = Store.open(join(dir, 'integr.db'));
    seedLocal(store, [
      { sku: 'CLI-1', barcode: '8690000000101', stock: { MAIN: 4 } },
      { sku: 'CLI-2', barcode: '8690000000102', stock: { MAIN: 9 } },
    ]);
    store.close();
    const channel = (secretVar: string) =>
      `    type: trendyol\n    sellerId: 123456\n    apiKey: \${TY_KEY}\n    apiSecret: \${${secretVar}}\n    baseUrl: ${fake.url}\n    pollIntervalMs: 20\n`;
    writeFileSync(join(dir, '.integrationsrc'), `store: { path: ./integr.db }\nchannels:\n  ty:\n${channel('TY_SECRET')}  bad:\n${channel('TY_BAD_SECRET')}`);
  });
  afterAll(async () => {
    await fake?.close();
    cleanup?.();
  });

  const noSecrets = (text: string) => {
    for (const s of [API_KEY, API_SECRET, TOKEN, 'cli-bad-secret-value']) expect(text).not.toContain(s);
  };

  it('config check shows the Trendyol defaults with the secrets masked', async () => {
    const r = await runCli(['config', 'check', '--json'], { cwd: dir, env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/"matchBy"/);
    expect(r.stdout).toMatch(/pollTimeoutSec/);
    noSecrets(r.stdout + r.stderr);
  });

  it('doctor makes one read-only call per channel and maps a bad secret to exit 5', async () => {
    const readsBefore = fake.requestCount('read');
    const ok = await runCli(['doctor', 'ty', '--json'], { cwd: dir, env: env() });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).checks.find((c: { name: string }) => c.name === 'channel ty')).toMatchObject({ ok: true, detail: expect.stringMatching(/seller 123456/) });
    expect(fake.requestCount('read') - readsBefore).toBe(1);
    expect(fake.requestCount('write')).toBe(0);

    const bad = await runCli(['doctor', 'bad', '--json'], { cwd: dir, env: env() });
    expect(bad.code).toBe(5);
    expect(bad.stdout).toMatch(/Trendyol refused the credentials \(HTTP 401 ClientApiAuthenticationException\)/);
    noSecrets(bad.stdout + bad.stderr);
  });

  it('sync --json pushes the difference, polls the batch, and a re-run changes nothing', async () => {
    const r = await runCli(['sync', 'ty', '--json', '--verbose'], { cwd: dir, env: env() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [report] = JSON.parse(r.stdout).channels;
    expect(report).toMatchObject({ channel: 'ty', status: 'completed', changes: 1, updated: 1, unchanged: 1, errors: 0, pending: 0 });
    expect(fake.quantities()).toEqual({ 'CLI-1': 4, 'CLI-2': 9 });
    noSecrets(r.stdout + r.stderr);
    const again = await runCli(['sync', 'ty', '--json'], { cwd: dir, env: env() });
    expect(JSON.parse(again.stdout).channels[0]).toMatchObject({ status: 'completed', changes: 0 });
    expect(fake.writes.map((w) => w.status)).toEqual([200]);
  });

  it('sync with refused credentials fails with exit 5 and no secret in the output', async () => {
    const r = await runCli(['sync', 'bad', '--json', '--verbose'], { cwd: dir, env: env() });
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout).channels[0].error).toMatchObject({ code: 'REMOTE_AUTH', message: expect.stringMatching(/HTTP 401/) });
    noSecrets(r.stdout + r.stderr);
  });
});
