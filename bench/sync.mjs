// `npm run bench -- sync [--skus 10000] [--changes 1000] [--latency 50] [--baseline-skus N]`
// integr's sync against the fake Wix (Catalog V3) behind a 50 ms-per-request proxy, next to the naive way
// many shop scripts do it (one read request per SKU, one write per changed SKU, sequential), in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLatencyProxy } from './latency-proxy.mjs';

const root = resolve(import.meta.dirname, '..');
const build = join(root, 'bench', '.build');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SKUS = arg('skus', 10_000);
const CHANGES = arg('changes', 1_000);
const LATENCY = arg('latency', 50);
const BASELINE_SKUS = arg('baseline-skus', SKUS);

const { startWixFake } = await import(join(build, 'test/fakes/wix/index.js'));
const { Store } = await import(join(build, 'src/store/store.js'));

function dataset(n, changes) {
  const remote = [];
  const local = [];
  for (let i = 0; i < n; i++) {
    const sku = `BENCH-${String(i).padStart(6, '0')}`;
    const q = 10 + (i % 40);
    remote.push({ sku, quantity: q });
    // Changes spread over the catalogue, alternating up and down: both write directions are exercised.
    const k = i / Math.floor(n / changes);
    const changed = Number.isInteger(k) && k < changes;
    local.push({ sku, quantity: changed ? (k % 2 ? q + 3 : q - 4) : q, changed });
  }
  return { remote, local };
}

async function runIntegr() {
  const fake = await startWixFake({ catalog: 'V3_CATALOG', seedLayout: 'simple' });
  fake.setRateLimit(null);
  const { remote, local } = dataset(SKUS, CHANGES);
  fake.seed(remote);
  const proxy = await startLatencyProxy(fake.url, LATENCY);
  const dir = mkdtempSync(join(tmpdir(), 'integr-bench-sync-'));
  try {
    const store = Store.open(join(dir, 'integr.db'));
    const now = new Date().toISOString();
    const p = store.db.prepare('INSERT INTO products (sku, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
    const s = store.db.prepare('INSERT INTO stock (sku, warehouse, quantity, updated_at) VALUES (?, ?, ?, ?)');
    store.transaction(() => {
      for (const l of local) {
        p.run(l.sku, `Ürün ${l.sku}`, now, now);
        s.run(l.sku, 'MAIN', l.quantity, now);
      }
    });
    store.close();
    writeFileSync(
      join(dir, '.integrationsrc.json'),
      JSON.stringify({ store: { path: './integr.db' }, channels: { wix: { type: 'wix', apiKey: fake.apiKey, siteId: fake.siteId, baseUrl: proxy.url, concurrency: 4 } } }),
    );
    const t0 = process.hrtime.bigint();
    // The fake and the proxy live in this process: the CLI must run asynchronously beside them.
    const r = await new Promise((res) => {
      const child = spawn(process.execPath, [join(root, 'bin', 'integr.js'), 'sync', 'wix', '--force', '--json', '--no-progress'], { cwd: dir, env: { ...process.env, CI: 'true' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => res({ status, stdout, stderr }));
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`integr sync failed (exit ${r.status}): ${r.stderr}`);
    const report = JSON.parse(r.stdout).channels[0];
    const wrong = local.filter((l) => fake.quantities()[l.sku] !== l.quantity).length;
    return { ms, requests: proxy.requests, reads: fake.requestCount('read'), writes: fake.requestCount('write'), meta: fake.requestCount('meta'), updated: report.updated, wrong };
  } finally {
    await proxy.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runNaive(n, changes) {
  const fake = await startWixFake({ catalog: 'V3_CATALOG', seedLayout: 'simple' });
  fake.setRateLimit(null);
  const { remote, local } = dataset(n, changes);
  fake.seed(remote);
  const proxy = await startLatencyProxy(fake.url, LATENCY);
  const headers = { authorization: fake.apiKey, 'wix-site-id': fake.siteId, 'content-type': 'application/json' };
  const post = async (path, body) => {
    const res = await fetch(proxy.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  };
  try {
    const t0 = process.hrtime.bigint();
    for (const l of local) {
      const q = await post('/stores/v3/inventory-items/query', { query: { filter: { 'product.variantSku': { $eq: l.sku } }, cursorPaging: { limit: 1 } } });
      const item = q.inventoryItems?.[0];
      if (!item || item.quantity === l.quantity) continue;
      const delta = l.quantity - item.quantity;
      if (delta > 0) await post('/stores/v3/bulk/inventory-items/increment', { incrementData: [{ inventoryItemId: item.id, incrementBy: delta }] });
      else await post('/stores/v3/bulk/inventory-items/decrement', { decrementData: [{ inventoryItemId: item.id, decrementBy: -delta }] });
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const wrong = local.filter((l) => fake.quantities()[l.sku] !== l.quantity).length;
    return { ms, requests: proxy.requests, wrong };
  } finally {
    await proxy.close();
    await fake.close();
  }
}

console.log(`sync benchmark: ${SKUS} local SKUs, ${CHANGES} changed, ${LATENCY} ms latency per request (fake Wix, Catalog V3)`);
const integr = await runIntegr();
const minimum = Math.ceil(SKUS / 100) + 2 * Math.ceil(CHANGES / 2 / 300);
console.log(
  `integr:   ${(integr.ms / 1000).toFixed(2)} s, ${integr.requests} requests (${integr.reads} reads + ${integr.writes} writes + ${integr.meta} catalog-version), minimum ${minimum} (+1 version check), ${integr.updated} updated, ${integr.wrong} SKUs wrong afterwards`,
);
const naive = await runNaive(BASELINE_SKUS, Math.round((CHANGES * BASELINE_SKUS) / SKUS));
const scale = SKUS / BASELINE_SKUS;
const naiveMs = naive.ms * scale;
console.log(
  `baseline: ${(naiveMs / 1000).toFixed(2)} s, ${Math.round(naive.requests * scale)} requests (one read per SKU, one write per change, sequential)${scale !== 1 ? ` — measured on ${BASELINE_SKUS} SKUs and scaled ×${scale}` : ''}, ${naive.wrong} SKUs wrong afterwards`,
);
console.log(`speed-up: ${(naiveMs / integr.ms).toFixed(1)}×  ·  requests: ${(Math.round(naive.requests * scale) / integr.requests).toFixed(0)}× fewer`);
