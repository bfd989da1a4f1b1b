// The shared channel conformance suite (like unstorage's testDriver / rclone's fstests): every adapter's
// test file calls testChannel() against its fake server. It drives the real engine, a real SQLite store
// and real HTTP over loopback, and asserts the exact remote state after each scenario.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syncChannels } from '../../src/sync/engine.js';
import type { SyncOptions, SyncReport } from '../../src/sync/types.js';
import type { ChannelFake, SeedItem } from './channel-fake.js';
import { configIn, quietLog, seedLocal, type LocalSeed } from '../helpers/local-store.js';
import { useTempStore } from '../helpers/temp-store.js';
import { forgetSecretsForTests } from '../../src/config/redact.js';

export interface ChannelSuiteOptions {
  /** Adapter type, used in test names. */
  type: string;
  startFake(): Promise<ChannelFake>;
  /** The channel's config section pointing at the fake (type, credentials, baseUrl: fake.url, ...). */
  config(fake: ChannelFake, dir: string): Record<string, unknown>;
  /** The adapter's read batch size (for asserting request counts). */
  readBatchSize: number;
  writeBatchSize: number;
  /** The fake counts HTTP requests (false for the file-based sandbox). */
  countsRequests?: boolean;
  /** The fake can inject HTTP faults (429, 5xx, slow, dropped connections, malformed bodies). */
  supportsFaults?: boolean;
  /** The platform can report a per-item failure inside a successful write. */
  supportsItemFailures?: boolean;
  /** The platform has items that do not track quantity. */
  supportsUntracked?: boolean;
  /** Barcodes matter (platforms keyed by barcode): seeds give every SKU a barcode. */
  usesBarcodes?: boolean;
  /** Secret values in the config section that must never appear in output or the store. */
  secrets?: string[];
}

const barcodeFor = (sku: string) => `869${String([...sku].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 1e9, 7)).padStart(10, '0')}`;

export function testChannel(o: ChannelSuiteOptions): void {
  describe(`channel conformance: ${o.type}`, () => {
    let fake: ChannelFake;

    beforeAll(async () => {
      fake = await o.startFake();
    });
    afterAll(async () => {
      await fake?.close();
    });
    const tmp = useTempStore(`integr-conf-${o.type}-`);
    afterEach(forgetSecretsForTests);

    /** Seed both sides: remote quantities and local stock (MAIN). */
    function seed(remote: Array<{ sku: string; quantity: number | null }>, local: LocalSeed[]) {
      fake.seed(remote.map((r): SeedItem => ({ ...r, ...(o.usesBarcodes ? { barcode: barcodeFor(r.sku) } : {}) })));
      seedLocal(tmp.store, local.map((l) => ({ ...l, ...(o.usesBarcodes ? { barcode: barcodeFor(l.sku) } : {}) })));
    }

    async function sync(options: Partial<SyncOptions> & { section?: Record<string, unknown>; safety?: Record<string, unknown> } = {}): Promise<SyncReport> {
      const { section, safety, ...rest } = options;
      const loaded = await configIn(tmp.dir, {
        store: { path: tmp.dbPath },
        ...(safety ? { safety } : {}),
        channels: { shop: { ...o.config(fake, tmp.dir), ...section } },
      });
      const [r] = await syncChannels({ loaded, store: tmp.store, log: quietLog }, ['shop'], { mode: 'push', pollTimeoutSec: 30, ...rest });
      return r;
    }

    const skus = (n: number, prefix = 'C') => Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);

    it('reads in the platform batch size, reports not-found SKUs, and a dry run writes nothing', async () => {
      const n = Math.floor(o.readBatchSize * 2.5);
      const all = skus(n, 'R');
      const remote = all.slice(0, n - 3).map((sku, i) => ({ sku, quantity: i % 7 }));
      seed(remote, all.map((sku, i) => ({ sku, stock: { MAIN: (i % 7) + (i % 5 === 0 ? 1 : 0) } })));
      const readsBefore = o.countsRequests === false ? 0 : fake.requestCount('read');
      const writesBefore = o.countsRequests === false ? 0 : fake.requestCount('write');
      const before = fake.quantities();
      const r = await sync({ mode: 'dry-run', force: true });
      expect(r.status).toBe('completed');
      expect(r.exitCode).toBe(0);
      expect(r.totalProducts).toBe(n);
      expect(r.notFound).toBe(3);
      expect(r.foundInChannel).toBe(n - 3);
      const expectedChanges = remote.filter((_, i) => i % 5 === 0).length;
      expect(r.changes).toBe(expectedChanges);
      expect(r.plan).toHaveLength(expectedChanges);
      for (const p of r.plan!) expect(p.delta).toBe(1);
      expect(fake.quantities()).toEqual(before);
      if (o.countsRequests !== false) {
        const reads = fake.requestCount('read') - readsBefore;
        expect(reads).toBeGreaterThanOrEqual(Math.ceil(n / o.readBatchSize));
        expect(reads).toBeLessThanOrEqual(Math.ceil(n / o.readBatchSize) + 2); // + a one-off discovery call at most
        expect(fake.requestCount('write') - writesBefore).toBe(0);
      }
    });

    it('pushes only the differences, including zeros, and leaves the exact remote state; a re-run changes nothing', async () => {
      const all = skus(12, 'D');
      // 0..3 equal, 4..7 higher locally, 8..9 lower, 10 fell to 0 locally; 11 has no stock row at all
      // (its stock is unknown locally: left alone, never pushed as 0).
      const remoteQ = [5, 5, 0, 9, 1, 2, 3, 4, 10, 10, 6, 7];
      const localQ: (number | undefined)[] = [5, 5, 0, 9, 4, 6, 8, 9, 3, 1, 0, undefined];
      seed(all.map((sku, i) => ({ sku, quantity: remoteQ[i] })), all.map((sku, i) => ({ sku, stock: (localQ[i] === undefined ? {} : { MAIN: localQ[i]! }) as Record<string, number> })));
      const writesBefore = o.countsRequests === false ? 0 : fake.requestCount('write');
      const r = await sync({ force: true });
      expect(r.status).toBe('completed');
      expect(r.totalProducts).toBe(12);
      expect(r.noLocalStock).toBe(1);
      expect(r.changes).toBe(7);
      expect(r.updated).toBe(7);
      expect(r.unchanged).toBe(4);
      expect(r.errors).toBe(0);
      const q = fake.quantities();
      all.forEach((sku, i) => expect(q[sku], sku).toBe(localQ[i] ?? remoteQ[i]));
      if (o.countsRequests !== false) {
        const applied = fake.appliedWrites();
        for (const sku of [...all.slice(0, 4), all[11]]) expect(applied[sku] ?? 0, `${sku} must not be written`).toBe(0);
        for (const sku of all.slice(4, 11)) expect(applied[sku], sku).toBe(1);
        expect(fake.requestCount('write') - writesBefore).toBeGreaterThan(0);
      }
      const writesAfterFirst = o.countsRequests === false ? 0 : fake.requestCount('write');
      const again = await sync({ force: true });
      expect(again.changes).toBe(0);
      expect(again.updated).toBe(0);
      expect(again.status).toBe('completed');
      if (o.countsRequests !== false) expect(fake.requestCount('write')).toBe(writesAfterFirst);
      // The journal has the plan and every outcome.
      const items = tmp.store.runs.items(r.runId!);
      expect(items.filter((i) => i.state === 'applied')).toHaveLength(7);
    });

    it('splits writes into the platform write batch size', async () => {
      if (o.countsRequests === false) return;
      const n = o.writeBatchSize + 5;
      const all = skus(n, 'W');
      seed(all.map((sku) => ({ sku, quantity: 1 })), all.map((sku) => ({ sku, stock: { MAIN: 2 } })));
      const before = fake.requestCount('write');
      const r = await sync({ force: true });
      expect(r.updated).toBe(n);
      expect(fake.requestCount('write') - before).toBe(2);
      for (const sku of all) expect(fake.quantities()[sku]).toBe(2);
    });

    it('applies warehouses and buffer from the channel config', async () => {
      const all = skus(3, 'B');
      seed(all.map((sku) => ({ sku, quantity: 0 })), [
        { sku: all[0], stock: { MAIN: 10, OTHER: 100 } },
        { sku: all[1], stock: { MAIN: 1 } },
        { sku: all[2], stock: { OTHER: 50 } },
      ]);
      const r = await sync({ section: { warehouses: ['MAIN'], buffer: 2 }, force: true });
      expect(r.status).toBe('completed');
      const q = fake.quantities();
      expect(q[all[0]]).toBe(8);
      expect(q[all[1]]).toBe(0); // 1 - 2 clamps to 0
      expect(q[all[2]]).toBe(0);
    });

    it('refuses a plan that zeroes too many SKUs, and --check reports drift without writing', async () => {
      const all = skus(10, 'Z');
      seed(all.map((sku) => ({ sku, quantity: 5 })), all.map((sku, i) => ({ sku, stock: { MAIN: i < 4 ? 0 : 5 } })));
      const refused = await sync({ safety: { maxZeroRatio: 0.2 } });
      expect(refused.status).toBe('refused');
      expect(refused.exitCode).toBe(4);
      expect(refused.error?.message).toMatch(/maxZeroRatio.*4 of 10/);
      for (const sku of all) expect(fake.quantities()[sku]).toBe(5);
      const tooMany = await sync({ maxChanges: 3 });
      expect(tooMany.status).toBe('refused');
      expect(tooMany.error?.message).toMatch(/maxChanges.*4 changes.*limit is 3/);
      const drift = await sync({ mode: 'check' });
      expect(drift.status).toBe('drift');
      expect(drift.exitCode).toBe(4);
      const forced = await sync({ force: true });
      expect(forced.updated).toBe(4);
      const clean = await sync({ mode: 'check' });
      expect(clean.exitCode).toBe(0);
      for (const [i, sku] of all.entries()) expect(fake.quantities()[sku]).toBe(i < 4 ? 0 : 5);
    });

    it('narrows a run to --sku', async () => {
      const all = skus(4, 'N');
      seed(all.map((sku) => ({ sku, quantity: 1 })), all.map((sku) => ({ sku, stock: { MAIN: 3 } })));
      const r = await sync({ skus: [all[1]], force: true });
      expect(r.totalProducts).toBe(1);
      expect(r.updated).toBe(1);
      expect(fake.quantities()[all[1]]).toBe(3);
      expect(fake.quantities()[all[0]]).toBe(1);
    });

    if (o.supportsUntracked) {
      it('reports untracked items and never writes them', async () => {
        const all = skus(2, 'U');
        seed([{ sku: all[0], quantity: null }, { sku: all[1], quantity: 1 }], all.map((sku) => ({ sku, stock: { MAIN: 4 } })));
        const r = await sync({ force: true });
        expect(r.untracked).toBe(1);
        expect(r.updated).toBe(1);
        expect(fake.quantities()[all[0]]).toBeNull();
      });
    }

    if (o.supportsItemFailures) {
      it('records a per-item failure and still applies the rest (exit 3)', async () => {
        const all = skus(5, 'F');
        seed(all.map((sku) => ({ sku, quantity: 1 })), all.map((sku) => ({ sku, stock: { MAIN: 6 } })));
        fake.inject({ kind: 'item-failure', sku: all[2] }, 'write');
        const r = await sync({ force: true });
        expect(r.status).toBe('completed_with_errors');
        expect(r.exitCode).toBe(3);
        expect(r.errors).toBe(1);
        expect(r.updated).toBe(4);
        expect(r.failures?.[0].sku).toBe(all[2]);
        expect(r.failures?.[0].reason.length).toBeGreaterThan(3);
        for (const sku of all) expect(fake.quantities()[sku]).toBe(sku === all[2] ? 1 : 6);
        const failed = tmp.store.runs.items(r.runId!).find((i) => i.sku === all[2]);
        expect(failed?.state).toBe('failed');
        // The next run retries just that one.
        const again = await sync({ force: true });
        expect(again.changes).toBe(1);
        expect(fake.quantities()[all[2]]).toBe(6);
      });
    }

    if (o.supportsFaults) {
      it('retries reads after 429 with and without Retry-After, and after a 500', async () => {
        const all = skus(3, 'T');
        seed(all.map((sku) => ({ sku, quantity: 2 })), all.map((sku) => ({ sku, stock: { MAIN: 5 } })));
        fake.inject({ kind: '429', retryAfterSec: 1 }, 'read');
        const a = await sync({ mode: 'dry-run' });
        expect(a.status).toBe('completed');
        expect(a.changes).toBe(3);
        fake.inject({ kind: '429' }, 'read');
        fake.inject({ kind: '500' }, 'read');
        const b = await sync({ force: true });
        expect(b.status).toBe('completed');
        for (const sku of all) expect(fake.quantities()[sku]).toBe(5);
      });

      it('retries a write refused with 429 (not applied) exactly once more', async () => {
        const all = skus(3, 'Q');
        seed(all.map((sku) => ({ sku, quantity: 2 })), all.map((sku) => ({ sku, stock: { MAIN: 4 } })));
        fake.inject({ kind: '429' }, 'write');
        const r = await sync({ force: true });
        expect(r.status).toBe('completed');
        const applied = fake.appliedWrites();
        for (const sku of all) {
          expect(fake.quantities()[sku]).toBe(4);
          expect(applied[sku]).toBe(1);
        }
      });

      it('never applies a delta twice when a write is applied but its answer is lost', async () => {
        const all = skus(4, 'X');
        seed(all.map((sku) => ({ sku, quantity: 10 })), all.map((sku, i) => ({ sku, stock: { MAIN: i % 2 ? 13 : 7 } })));
        fake.inject({ kind: 'drop-after-apply' }, 'write');
        const r = await sync({ force: true });
        expect(r.errors).toBe(0);
        expect(r.updated).toBe(4);
        const applied = fake.appliedWrites();
        for (const [i, sku] of all.entries()) {
          expect(fake.quantities()[sku]).toBe(i % 2 ? 13 : 7);
          expect(applied[sku], `${sku} written once`).toBe(1);
        }
        const again = await sync({ force: true });
        expect(again.changes).toBe(0);
      });

      it('a 500 on a write is not blindly re-sent: the remote is re-read and the change re-planned', async () => {
        const all = skus(3, 'V');
        seed(all.map((sku) => ({ sku, quantity: 3 })), all.map((sku) => ({ sku, stock: { MAIN: 8 } })));
        fake.inject({ kind: '500' }, 'write');
        const r = await sync({ force: true });
        expect(r.status).toBe('completed');
        const applied = fake.appliedWrites();
        for (const sku of all) {
          expect(fake.quantities()[sku]).toBe(8);
          expect(applied[sku]).toBe(1);
        }
      });

      it('times out a slow read and retries it', async () => {
        const all = skus(2, 'S');
        seed(all.map((sku) => ({ sku, quantity: 1 })), all.map((sku) => ({ sku, stock: { MAIN: 1 } })));
        fake.inject({ kind: 'slow', delayMs: 1500 }, 'read');
        const r = await sync({ mode: 'dry-run', section: { timeoutMs: 400 } });
        expect(r.status).toBe('completed');
        expect(r.unchanged).toBe(2);
      });

      it('fails cleanly on a malformed body (exit 5), keeps the store consistent, and the next run works', async () => {
        const all = skus(2, 'M');
        seed(all.map((sku) => ({ sku, quantity: 1 })), all.map((sku) => ({ sku, stock: { MAIN: 2 } })));
        fake.inject({ kind: 'malformed' }, 'read');
        const r = await sync({ force: true });
        expect(r.status).toBe('failed');
        expect(r.exitCode).toBe(5);
        // Named once, and not called a refusal: the platform answered, with a body that is not JSON.
        expect(r.error?.message).toMatch(/^shop: /);
        expect(r.error?.message).not.toMatch(/^shop: shop: |refused/);
        expect(tmp.store.runs.get(r.runId!)?.status).toBe('failed');
        for (const sku of all) expect(fake.quantities()[sku]).toBe(1);
        const ok = await sync({ force: true });
        expect(ok.status).toBe('completed');
        for (const sku of all) expect(fake.quantities()[sku]).toBe(2);
      });
    }

    if (o.secrets?.length) {
      it('never puts a secret in the journal or a report', async () => {
        const all = skus(2, 'K');
        seed(all.map((sku) => ({ sku, quantity: 1 })), all.map((sku) => ({ sku, stock: { MAIN: 2 } })));
        const r = await sync({ force: true });
        const dump = JSON.stringify(r) + JSON.stringify(tmp.store.runs.list({ limit: 100 })) + JSON.stringify(tmp.store.runs.items(r.runId!));
        for (const s of o.secrets!) expect(dump).not.toContain(s);
      });
    }
  });
}
