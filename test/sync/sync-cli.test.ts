import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { seedLocal } from '../helpers/local-store.js';

describe('integr sync / runs (CLI, sandbox channel)', () => {
  const { dir, cleanup } = tempDir('integr-sync-cli-');
  const remotePath = join(dir, 'remote.json');
  beforeAll(() => {
    writeFileSync(join(dir, '.integrationsrc.yaml'), `channels:\n  sandbox:\n    type: sandbox\n    path: ./remote.json\nsafety:\n  maxZeroRatio: 0.5\n`);
    const store = Store.open(join(dir, '.integr', 'integr.db'));
    seedLocal(store, Array.from({ length: 20 }, (_, i) => ({ sku: `S-${i}`, barcode: `869000000${String(i).padStart(4, '0')}`, stock: { MAIN: i } })));
    store.close();
  });
  afterAll(cleanup);

  it('dry-run seeds the sandbox, prints the plan, writes nothing else', async () => {
    const r = await runCli(['sync', 'sandbox', '--dry-run', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ch = doc.channels[0];
    for (const k of ['runId', 'channel', 'dryRun', 'status', 'totalProducts', 'foundInChannel', 'notFound', 'changes', 'updated', 'unchanged', 'errors', 'durationMs', 'plan']) expect(ch).toHaveProperty(k);
    expect(ch).toMatchObject({ channel: 'sandbox', dryRun: true, status: 'completed', totalProducts: 20, foundInChannel: 20, notFound: 0, updated: 0 });
    const remote = JSON.parse(readFileSync(remotePath, 'utf8')).items;
    expect(Object.keys(remote)).toHaveLength(20);
    for (const p of ch.plan) expect(p.delta).toBe(p.target - p.remote);
    expect(ch.changes).toBe(ch.plan.length);
  });

  it('pushes, then --check is clean; a local change is drift (exit 4)', async () => {
    const push = await runCli(['sync', 'sandbox', '--force'], { cwd: dir });
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/updated\s+\d+/);
    const remote = JSON.parse(readFileSync(remotePath, 'utf8')).items;
    for (let i = 0; i < 20; i++) expect(remote[`S-${i}`]).toBe(i);
    expect((await runCli(['sync', 'sandbox', '--check'], { cwd: dir })).code).toBe(0);
    const store = Store.open(join(dir, '.integr', 'integr.db'));
    seedLocal(store, [{ sku: 'S-3', stock: { MAIN: 30 } }]);
    store.close();
    const drift = await runCli(['sync', 'sandbox', '--check', '--json'], { cwd: dir });
    expect(drift.code).toBe(4);
    expect(JSON.parse(drift.stdout).channels[0]).toMatchObject({ status: 'drift', changes: 1, plan: [{ sku: 'S-3', remote: 3, target: 30, delta: 27 }] });
  });

  it('refuses a plan over --max-changes with exit 4 and says which rule', async () => {
    const r = await runCli(['sync', 'sandbox', '--max-changes', '0'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).toMatch(/maxChanges.*1 changes.*limit is 0/);
  });

  it('runs list and runs show tell what happened per SKU', async () => {
    const list = JSON.parse((await runCli(['runs', 'list', '--json'], { cwd: dir })).stdout);
    expect(list.runs.length).toBeGreaterThanOrEqual(4);
    for (const k of ['runId', 'channel', 'status', 'dryRun', 'startedAt', 'finishedAt', 'changes', 'errors']) expect(list.runs[0]).toHaveProperty(k);
    const pushRun = list.runs.find((r: { mode: string; status: string }) => r.mode === 'push' && r.status === 'completed');
    const show = await runCli(['runs', 'show', String(pushRun.runId), '--json'], { cwd: dir });
    expect(show.code).toBe(0);
    const doc = JSON.parse(show.stdout);
    expect(doc.items.length).toBe(doc.changes);
    expect(doc.items.every((i: { state: string }) => i.state === 'applied')).toBe(true);
    const human = await runCli(['runs', 'show', String(pushRun.runId)], { cwd: dir });
    expect(human.stdout).toContain('applied');
  });

  it('usage errors exit 2 with a clear message', async () => {
    const r = await runCli(['sync', 'nope', '--json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/no channel named "nope".*configured: sandbox/);
    expect((await runCli(['sync'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['sync', 'sandbox', '--dry-run', '--check'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['runs', 'show', '999'], { cwd: dir })).code).toBe(2);
  });
});

describe('integr sync --all', () => {
  const { dir, cleanup } = tempDir('integr-sync-all-');
  afterAll(cleanup);

  it('syncs every channel and one failing does not stop the others (exit 5 for the unreachable one)', async () => {
    // Port 9 on loopback: nothing listens there, so the connection is refused at once.
    writeFileSync(
      join(dir, '.integrationsrc.yaml'),
      `channels:\n  broken:\n    type: wix\n    apiKey: IST.secret-key-that-must-not-show\n    siteId: site-1\n    baseUrl: http://127.0.0.1:9\n  sandbox:\n    type: sandbox\n    path: ./remote.json\n`,
    );
    const store = Store.open(join(dir, '.integr', 'integr.db'));
    seedLocal(store, [{ sku: 'A-1', stock: { MAIN: 2 } }]);
    store.close();
    writeFileSync(join(dir, 'remote.json'), JSON.stringify({ items: { 'A-1': 7 } }));
    const r = await runCli(['sync', '--all', '--force', '--json'], { cwd: dir });
    expect(r.code).toBe(5);
    const [broken, sandbox] = JSON.parse(r.stdout).channels;
    expect(broken).toMatchObject({ channel: 'broken', status: 'failed' });
    expect(broken.error.code).toBe('REMOTE_UNREACHABLE');
    expect(broken.error.message).toMatch(/127\.0\.0\.1:9/);
    expect(sandbox).toMatchObject({ channel: 'sandbox', status: 'completed', updated: 1 });
    expect(JSON.parse(readFileSync(join(dir, 'remote.json'), 'utf8')).items['A-1']).toBe(2);
    expect(r.stdout + r.stderr).not.toContain('IST.secret-key-that-must-not-show');
  });
});
