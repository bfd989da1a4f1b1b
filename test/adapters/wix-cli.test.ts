import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startWixFake, type WixFake } from '../fakes/wix/index.js';
import { Store } from '../../src/store/store.js';

// The built CLI (dist/) against the fake: the definition is registered, the config section
// validates, the catalog version lands in the store, and a refused key exits 5 without showing it.

let fake: WixFake;
let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  fake = await startWixFake({ catalog: 'V1_CATALOG' });
  tmp = tempDir('integr-wix-');
  writeFileSync(
    join(tmp.dir, '.integrationsrc'),
    [
      'store: { path: ./integr.db }',
      'channels:',
      '  shop:',
      '    type: wix',
      '    apiKey: ${WIX_API_KEY}',
      `    siteId: ${fake.siteId}`,
      `    baseUrl: ${fake.url}`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await fake.close();
  tmp.cleanup();
});

describe('integr doctor with a wix channel', () => {
  it('reports the site and its catalog, and remembers the version', async () => {
    const r = await runCli(['doctor', 'shop', '--json'], { cwd: tmp.dir, env: { WIX_API_KEY: fake.apiKey } });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    expect(out.checks.find((c) => c.name === 'channel shop')).toEqual({ name: 'channel shop', ok: true, detail: `Wix site ${fake.siteId}, catalog V1` });
    expect(fake.requestCount('meta')).toBe(1);
    const store = Store.open(join(tmp.dir, 'integr.db'));
    try {
      expect(store.kv.get(`channel:shop:catalogVersion:${fake.siteId}`)).toBe('V1_CATALOG');
    } finally {
      store.close();
    }
  });

  it('exits 5 on a refused key and never prints it', async () => {
    const wrong = 'IST.this-key-is-wrong-and-secret-31337';
    const r = await runCli(['doctor', 'shop', '--json'], { cwd: tmp.dir, env: { WIX_API_KEY: wrong } });
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> };
    const shop = out.checks.find((c) => c.name === 'channel shop')!;
    expect(shop.ok).toBe(false);
    expect(shop.detail).toContain('the API key was refused');
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });

  it('rejects an unknown catalog value as a config error naming the key', async () => {
    const dir = tempDir('integr-wix-bad-');
    try {
      writeFileSync(join(dir.dir, '.integrationsrc'), `channels:\n  shop: { type: wix, apiKey: k, siteId: s, catalog: v2, baseUrl: "${fake.url}" }\n`);
      const r = await runCli(['config', 'check', '--json'], { cwd: dir.dir });
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toContain('channels.shop.catalog');
    } finally {
      dir.cleanup();
    }
  });
});
