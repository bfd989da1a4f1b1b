// Kill the sync process while a relative write is in flight, run it again, and prove that the remote
// converges to the targets with no delta applied twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Store } from '../../src/store/store.js';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { seedLocal } from '../helpers/local-store.js';
import { startWixFake, type WixFake } from '../fakes/wix/index.js';

describe('sync after SIGKILL mid-write (Wix, relative writes)', () => {
  let fake: WixFake;
  const { dir, cleanup } = tempDir('integr-crash-');
  const skus = Array.from({ length: 30 }, (_, i) => `K-${i}`);
  const target = (i: number) => (i % 3 === 0 ? 0 : 10 + i);

  beforeAll(async () => {
    fake = await startWixFake({ catalog: 'V3_CATALOG', seedLayout: 'simple' });
    fake.setRateLimit(null);
    fake.seed(skus.map((sku) => ({ sku, quantity: 5 })));
    writeFileSync(join(dir, '.integrationsrc.json'), JSON.stringify({ channels: { wix: { type: 'wix', apiKey: fake.apiKey, siteId: fake.siteId, baseUrl: fake.url, concurrency: 1, writeBatchSize: 10 } } }));
    const store = Store.open(join(dir, '.integr', 'integr.db'));
    seedLocal(store, skus.map((sku, i) => ({ sku, stock: { MAIN: target(i) } })));
    store.close();
  });
  afterAll(async () => {
    await fake.close();
    cleanup();
  });

  it('converges on the next run without applying any delta twice', async () => {
    fake.inject({ kind: 'slow', delayMs: 20_000 }, 'write');
    const child = spawn(process.execPath, [BIN, 'sync', 'wix', '--force'], { cwd: dir, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    // Wait until the first write batch reached the fake (and was applied), then kill -9.
    for (let i = 0; i < 400 && fake.requestCount('write') < 1; i++) await sleep(50);
    expect(fake.requestCount('write')).toBeGreaterThanOrEqual(1);
    child.kill('SIGKILL');
    await exited;

    const again = await runCli(['sync', 'wix', '--force', '--json'], { cwd: dir });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout).channels[0];
    expect(report.status).toBe('completed');
    const q = fake.quantities();
    const applied = fake.appliedWrites();
    skus.forEach((sku, i) => {
      expect(q[sku], sku).toBe(target(i));
      expect(applied[sku] ?? 0, `${sku} written at most once`).toBeLessThanOrEqual(1);
    });
    const runs = JSON.parse((await runCli(['runs', 'list', '--json'], { cwd: dir })).stdout).runs;
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['completed', 'interrupted']);
    const third = await runCli(['sync', 'wix', '--check'], { cwd: dir });
    expect(third.code).toBe(0);
  });
});
