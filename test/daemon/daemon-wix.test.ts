// The daemon as a child process syncing a Wix site (the loopback fake) whose writes answer slowly:
// SIGTERM in the middle of a run stops it before the next batch and exits 0 with every item's state
// journalled; a later sync pushes the rest, and no delta is ever applied twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { seedLocal } from '../helpers/local-store.js';
import { startWixFake, type WixFake } from '../fakes/wix/index.js';

const WAIT_MS = 45_000;

async function until(check: () => boolean, what: string, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('integr daemon stopped mid-sync (Wix fake, relative writes)', () => {
  let fake: WixFake;
  let child: ChildProcess | undefined;
  const { dir, cleanup } = tempDir('integr-daemon-wix-');
  const dbPath = join(dir, '.integr', 'integr.db');
  const skus = Array.from({ length: 40 }, (_, i) => `W-${String(i).padStart(2, '0')}`);
  const target = (i: number) => 10 + i;

  beforeAll(async () => {
    fake = await startWixFake({ catalog: 'V3_CATALOG', seedLayout: 'simple' });
    fake.setRateLimit(null);
    fake.seed(skus.map((sku) => ({ sku, quantity: 5 })));
    writeFileSync(
      join(dir, '.integrationsrc.json'),
      JSON.stringify({
        channels: { wix: { type: 'wix', apiKey: fake.apiKey, siteId: fake.siteId, baseUrl: fake.url, concurrency: 1, writeBatchSize: 10 } },
        schedules: [{ name: 'wix-every-second', cron: '* * * * * *', run: 'sync wix' }],
        daemon: { shutdownTimeout: 30 },
      }),
    );
    const store = Store.open(dbPath);
    seedLocal(store, skus.map((sku, i) => ({ sku, stock: { MAIN: target(i) } })));
    store.close();
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake.close();
    cleanup();
  });

  it('SIGTERM mid-run: exit 0, the journal matches the remote, the next run finishes the rest exactly once', async () => {
    // Each of the four write batches takes ~0.7 s to answer: the run spans several ticks.
    fake.inject({ kind: 'slow', delayMs: 700 }, 'write', 4);
    child = spawn(process.execPath, [BIN, 'daemon', '--health-port', '0'], { cwd: dir, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child!.on('exit', (code, signal) => r({ code, signal })));
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const events = () => stderr.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
    const tail = () => stderr.slice(-3000);

    await until(() => fake.requestCount('write') >= 1, 'the first write batch to reach Wix', tail);
    // The process is free while it waits on the network: ticks are skipped and the health endpoint answers.
    await until(() => events().some((e) => e.event === 'run.skipped' && e.reason === 'overlap'), 'an overlapping tick to be skipped', tail);
    const port = events().find((e) => e.event === 'daemon.start')!.healthPort as number;
    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', schedules: [{ name: 'wix-every-second', running: true }] });

    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    const log = events();
    expect(log.find((e) => e.event === 'daemon.stopping')).toMatchObject({ waitingFor: ['wix-every-second'] });
    expect(log.find((e) => e.event === 'run.end')).toMatchObject({ status: 'cancelled', targets: [{ name: 'wix', status: 'cancelled' }] });
    expect(log.at(-1)).toMatchObject({ event: 'daemon.stopped', exitCode: 0 });

    const store = Store.open(dbPath);
    try {
      const run = store.runs.recent('wix', 1)[0];
      expect(run).toMatchObject({ status: 'cancelled' });
      expect(run.options).toMatchObject({ trigger: 'daemon' });
      const items = store.runs.items(run.id);
      // Nothing is left half-recorded: each item was applied, is known to be in doubt (the write in
      // flight was cut; the next run re-reads it), or was never sent.
      expect(new Set(items.map((i) => i.state))).toSatisfy((states: Set<string>) => [...states].every((s) => ['applied', 'unknown', 'skipped'].includes(s)));
      const journalled = (state: string) => items.filter((i) => i.state === state).map((i) => i.sku);
      const atWix = Object.keys(fake.appliedWrites());
      expect(journalled('skipped').length).toBeGreaterThan(0);
      for (const sku of journalled('applied')) expect(atWix).toContain(sku);
      for (const sku of atWix) expect([...journalled('applied'), ...journalled('unknown')]).toContain(sku);
      for (const sku of journalled('skipped')) expect(atWix).not.toContain(sku);
      expect(store.schedules.recent('wix-every-second', 20).find((r) => r.status !== 'skipped')).toMatchObject({ status: 'cancelled', exitCode: 130 });
    } finally {
      store.close();
    }

    const again = await runCli(['sync', 'wix', '--json'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).channels[0]).toMatchObject({ status: 'completed', errors: 0 });
    const q = fake.quantities();
    const writes = fake.appliedWrites();
    skus.forEach((sku, i) => {
      expect(q[sku], sku).toBe(target(i));
      expect(writes[sku], `${sku} written exactly once`).toBe(1);
    });
    expect((await runCli(['sync', 'wix', '--check'], { cwd: dir })).code).toBe(0);
  });
});
