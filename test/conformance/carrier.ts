// One suite for every carrier adapter (like test/conformance/channel.ts for channels): each carrier's
// test file calls testCarrier() against its fake server and adds what is particular to it.
// The suite drives the adapter directly and through the shipments core (real store, real config).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAdapter } from '../../adapters/index.js';
import { loadConfig, type LoadedConfig } from '../../src/config/load.js';
import { secretKeysOf } from '../../src/config/secret.js';
import { IntegrError } from '../../src/errors.js';
import type { Carrier, ShipmentRequest } from '../../src/shipments/carrier.js';
import { deriveCarrierKey } from '../../src/shipments/carrier-key.js';
import { createShipments } from '../../src/shipments/create.js';
import { shipmentsExitCode } from '../../src/shipments/outcome.js';
import { syncShipments } from '../../src/shipments/sync.js';
import type { NewOrder } from '../../src/store/shipments.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import type { CarrierFake } from './carrier-fake.js';

export interface CarrierSuite<F extends CarrierFake> {
  /** The adapter type under test (adapters/<type>/). */
  type: string;
  startFake: () => Promise<F>;
  /** The carrier's config section (without `type`) that points the adapter at this fake with valid credentials. */
  config: (fake: F) => Record<string, unknown>;
}

const quiet = { verbose: () => undefined, warn: () => undefined };
const noCache = () => {
  const m = new Map<string, string>();
  return { get: (k: string) => m.get(k), set: (k: string, v: string) => void m.set(k, v) };
};

/** Recipients with everything that breaks naive XML/JSON building; cities every fake knows. */
export function trickyRequest(orderNo: string, carrierKey: string, n = 0): ShipmentRequest {
  const places = [
    { city: 'İstanbul', district: 'Kadıköy' },
    { city: 'Ankara', district: 'Çankaya' },
  ];
  return {
    orderNo,
    carrierKey,
    recipient: {
      name: `Ayşe & Öztürk <Ltd> "Çiçek" ${n}`,
      phone: '5321234567',
      email: 'ayse@example.com',
      address: `Moda Cd. No:5 D:3 'Arka' & <Bahçe> ]]> ${n}`,
      ...places[n % places.length],
      postalCode: '34710',
      country: 'TR',
    },
    pieces: 1,
    weightKg: 1.5,
    desi: 2,
    codAmount: null,
    description: '2x T-shirt & 1x Mug',
  };
}

export function orderFor(orderNo: string, carrier: string | null, n = 0): NewOrder {
  const r = trickyRequest(orderNo, 'unused', n).recipient;
  return {
    orderNo,
    orderDate: '2026-11-30',
    channel: 'excel',
    carrier,
    ship: { name: r.name, phone: `0${r.phone}`, address: r.address, district: r.district, city: r.city, postalCode: r.postalCode, country: r.country },
    customer: { code: `C-${orderNo}`, name: r.name, email: r.email },
    lines: [{ sku: 'TSHIRT-1', name: 'T-shirt', quantity: 2 }],
  };
}

export function testCarrier<F extends CarrierFake>(suite: CarrierSuite<F>): void {
  const def = findAdapter('carrier', suite.type);
  if (!def) throw new Error(`no carrier adapter of type ${suite.type}`);

  describe(`carrier conformance: ${suite.type}`, () => {
    let fake: F;
    let carrier: Carrier;
    let tmp: { dir: string; cleanup: () => void };
    let seq = 0;
    const opened: Carrier[] = [];
    const nextOrderNo = () => `ORD-${suite.type.toUpperCase()}-${1000 + ++seq}`;

    const secretKeys = secretKeysOf(def.configSchema);
    const secretsOf = (cfg: Record<string, unknown>) => secretKeys.map((k) => cfg[k]).filter((v): v is string => typeof v === 'string');
    const withWrongSecrets = (cfg: Record<string, unknown>) => Object.fromEntries(Object.entries(cfg).map(([k, v]) => [k, secretKeys.includes(k) ? `wrong-${String(v)}-x` : v]));

    async function open(cfg: Record<string, unknown>): Promise<Carrier> {
      const parsed = def!.configSchema.parse(cfg) as Record<string, unknown>;
      const c = await def!.create({ ...parsed, type: suite.type, baseUrl: cfg.baseUrl, timeoutMs: 10_000 }, { name: suite.type, log: quiet, cache: noCache() });
      opened.push(c);
      return c;
    }

    /** A real config file + store for the core functions. */
    async function core(cfg: Record<string, unknown>): Promise<{ loaded: LoadedConfig; store: Store; deps: { loaded: LoadedConfig; store: Store; log: typeof quiet } }> {
      const dir = join(tmp.dir, `core-${++seq}`);
      const file = join(tmp.dir, `core-${seq}.integrationsrc.json`);
      writeFileSync(file, JSON.stringify({ store: { path: join(dir, 'integr.db') }, carriers: { [suite.type]: { type: suite.type, timeoutMs: 10_000, ...cfg } } }));
      const loaded = await loadConfig({ configPath: file, env: {} });
      const store = Store.open(loaded.config.store.path);
      return { loaded, store, deps: { loaded, store, log: quiet } };
    }

    beforeAll(async () => {
      fake = await suite.startFake();
      carrier = await open(suite.config(fake));
      tmp = tempDir('integr-carrier-');
    });
    afterEach(() => {
      fake.clearFaults();
      fake.autoAdvance = false;
    });
    afterAll(async () => {
      for (const c of opened) await c.close();
      await fake?.close();
      tmp?.cleanup();
    });

    const keyFor = (orderNo: string) => deriveCarrierKey(orderNo, carrier.capabilities.carrierKey);

    it('declares usable capabilities and a config schema with its secrets marked', () => {
      const caps = carrier.capabilities;
      expect(caps.trackBatchSize).toBeGreaterThanOrEqual(1);
      expect(caps.createBatchSize).toBeGreaterThanOrEqual(1);
      expect(caps.concurrency).toBeGreaterThanOrEqual(1);
      expect(caps.rateLimit.requests).toBeGreaterThan(0);
      expect(secretKeys).toContain('password');
      const key = keyFor('sipariş/2026-ÇĞ-0001 long order number that needs shortening');
      expect(key.length).toBeLessThanOrEqual(caps.carrierKey.maxLength);
      expect(key).toBe(keyFor('sipariş/2026-ÇĞ-0001 long order number that needs shortening'));
    });

    it('creates a shipment, and the recipient arrives intact (escaping)', async () => {
      const orderNo = nextOrderNo();
      const req = trickyRequest(orderNo, keyFor(orderNo));
      const [outcome] = await carrier.create([req]);
      expect(outcome.carrierKey).toBe(req.carrierKey);
      expect(outcome.status).toBe('created');
      const remote = fake.shipment(req.carrierKey);
      expect(remote?.createCount).toBe(1);
      expect(remote?.received.name).toBe(req.recipient.name);
      expect(remote?.received.address).toBe(req.recipient.address);
      expect(remote?.received.city.toLocaleUpperCase('tr')).toBe(req.recipient.city?.toLocaleUpperCase('tr'));
    });

    it('answers a duplicate create with "exists", never a second shipment', async () => {
      const orderNo = nextOrderNo();
      const req = trickyRequest(orderNo, keyFor(orderNo));
      expect((await carrier.create([req]))[0].status).toBe('created');
      expect((await carrier.create([req]))[0].status).toBe('exists');
      expect(fake.shipment(req.carrierKey)?.createCount).toBe(1);
    });

    it('reports a key it does not know as not found', async () => {
      const [r] = await carrier.track(['NOSUCHKEY0000000001'.slice(0, carrier.capabilities.carrierKey.maxLength)]);
      expect(r.found).toBe(false);
      expect(r.status).toBe('unknown');
    });

    it('normalises every stage a shipment moves through, and the special states', async () => {
      const orderNo = nextOrderNo();
      const key = keyFor(orderNo);
      await carrier.create([trickyRequest(orderNo, key)]);
      for (let stage = 0; stage < fake.progression.length; stage++) {
        const [r] = await carrier.track([key]);
        // A carrier may not list a shipment before the branch scans it (Aras); the core keeps 'created' then.
        if (stage === 0 && !r.found) expect(fake.progression[0]).toBe('created');
        else {
          expect(r.found).toBe(true);
          expect(r.status).toBe(fake.progression[stage]);
          expect(r.carrierCode ?? r.carrierMessage).not.toBeNull();
        }
        if (r.status === 'delivered') expect(r.deliveredAt ?? 'filled by the core').toBeTruthy();
        fake.advance(key);
      }
      expect(fake.progression[fake.progression.length - 1]).toBe('delivered');
      for (const state of fake.specialStates) {
        const no = nextOrderNo();
        const k = keyFor(no);
        await carrier.create([trickyRequest(no, k)]);
        fake.advance(k);
        fake.setState(k, state);
        const [r] = await carrier.track([k]);
        expect(r.status).toBe(state);
      }
    });

    it('retries reads on 429 (with and without Retry-After) and on 5xx', async () => {
      const orderNo = nextOrderNo();
      const key = keyFor(orderNo);
      await carrier.create([trickyRequest(orderNo, key)]);
      fake.advance(key);
      for (const fault of [{ kind: '429', retryAfterSec: 0 }, { kind: '429' }, { kind: '500' }, { kind: 'platform-error' }] as const) {
        const before = fake.requestCount('track');
        fake.inject(fault, 'track');
        const [r] = await carrier.track([key]);
        expect(r.found).toBe(true);
        expect(fake.requestCount('track') - before).toBe(2);
      }
    });

    it('refused credentials are an exit-5 error, for check() and for the core', async () => {
      const bad = await open(withWrongSecrets(suite.config(fake)));
      const err = await bad.check().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(IntegrError);
      expect((err as IntegrError).code).toBe('REMOTE_AUTH');
      expect((err as IntegrError).exitCode).toBe(5);
      expect(await carrier.check()).toMatch(/\S/);

      const { store, deps } = await core(withWrongSecrets(suite.config(fake)));
      store.shipments.addOrder(orderFor(nextOrderNo(), suite.type));
      store.shipments.addOrder(orderFor(nextOrderNo(), suite.type, 1));
      const report = await createShipments(deps, { pending: true });
      expect(report.summary.failed).toBe(2);
      expect(shipmentsExitCode(report)).toBe(5);
      store.close();
    });

    it('never lets a secret into an error, even when the server echoes the request', async () => {
      const cfg = suite.config(fake);
      const secrets = secretsOf(cfg);
      expect(secrets.length).toBeGreaterThan(0);
      const texts: string[] = [];
      const collect = (e: unknown) => {
        const x = e as IntegrError & { body?: string };
        texts.push(String(x.message), String(x.hint ?? ''), String(x.body ?? ''));
      };
      const orderNo = nextOrderNo();
      fake.inject({ kind: 'echo-error' }, 'create');
      const outcome = await carrier.create([trickyRequest(orderNo, keyFor(orderNo))]).catch((e: unknown) => (collect(e), null));
      if (outcome) for (const o of outcome) texts.push(JSON.stringify(o));
      // Token endpoints (MNG) echo the login too; a fresh adapter has no token yet.
      fake.inject({ kind: 'echo-error' }, 'auth');
      await (await open(cfg)).check().catch(collect);
      const bad = await open(withWrongSecrets(cfg));
      await bad.check().catch(collect);
      const joined = texts.join("\n"); if (process.env.SHOW_TEXTS) console.log(joined);
      expect(joined.length).toBeGreaterThan(0);
      for (const s of [...secrets, ...secretsOf(withWrongSecrets(cfg))]) expect(joined).not.toContain(s);
    });

    it('core: creates pending orders once, re-runs change nothing, sync follows the shipment to delivered', async () => {
      const { store, deps } = await core(suite.config(fake));
      const alias = def.aliases[0];
      const orders = [nextOrderNo(), nextOrderNo(), nextOrderNo()];
      orders.forEach((no, i) => store.shipments.addOrder(orderFor(no, i === 0 ? alias : suite.type, i)));
      store.shipments.addOrder(orderFor(nextOrderNo(), null)); // names no carrier: skipped, not failed

      const dry = await createShipments(deps, { pending: true, carrier: suite.type, dryRun: true });
      expect(dry.summary.wouldCreate).toBe(3);
      expect(dry.results[0].request?.recipient.name).toContain('&');
      expect(store.shipments.get(orders[0])?.carrierKey).toBeNull();
      const sentBefore = fake.requestCount('create');

      const first = await createShipments(deps, { pending: true, carrier: suite.type });
      expect(first.summary.created).toBe(3);
      expect(shipmentsExitCode(first)).toBe(0);
      expect(fake.requestCount('create')).toBeGreaterThan(sentBefore);
      for (const no of orders) {
        const row = store.shipments.get(no);
        expect(row?.carrier).toBe(suite.type);
        expect(row?.carrierKey).toBe(keyFor(no));
        expect(row?.status).toBe('created');
        expect(fake.shipment(keyFor(no))?.createCount).toBe(1);
      }
      const again = await createShipments(deps, { pending: true, carrier: suite.type });
      expect(again.results).toHaveLength(0);
      const explicit = await createShipments(deps, { orderNos: [orders[0]], carrier: suite.type });
      expect(explicit.results[0].result).toBe('skipped');

      for (let stage = 1; stage < fake.progression.length; stage++) {
        for (const no of orders) fake.advance(keyFor(no));
        const report = await syncShipments(deps, { carrier: suite.type });
        expect(report.status).toBe('completed');
        for (const no of orders) expect(store.shipments.get(no)?.status).toBe(fake.progression[stage]);
        const events = store.shipments.events(store.shipments.get(orders[0])!.orderId).length;
        const rerun = await syncShipments(deps, { carrier: suite.type });
        expect(rerun.carriers[0].changed).toBe(0);
        expect(store.shipments.events(store.shipments.get(orders[0])!.orderId)).toHaveLength(events);
      }
      const delivered = store.shipments.get(orders[0])!;
      expect(delivered.status).toBe('delivered');
      expect(delivered.deliveredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(delivered.trackingNumber).toBeTruthy();
      const final = await syncShipments(deps, { carrier: suite.type });
      expect(final.carriers[0].checked).toBe(0);
      const runs = store.shipments.runs({ carrier: suite.type, kind: 'track' });
      expect(runs.length).toBe(2 * (fake.progression.length - 1) + 1);
      expect(store.shipments.lastRuns()[0]).toMatchObject({ carrier: suite.type, status: 'completed', checked: 0 });
      store.close();
    });

    it('core: a duplicate create becomes a status lookup; an unknown key is reported, not guessed', async () => {
      const { store, deps } = await core(suite.config(fake));
      const no = nextOrderNo();
      const key = keyFor(no);
      // The shipment was made at the carrier (an earlier run whose answer was lost, or the portal).
      await carrier.create([trickyRequest(no, key)]);
      fake.advance(key);
      store.shipments.addOrder(orderFor(no, suite.type));
      const report = await createShipments(deps, { orderNos: [no] });
      expect(report.results[0]).toMatchObject({ result: 'exists', carrierKey: key });
      expect(report.results[0].status).toBe(fake.progression[1]);
      expect(fake.shipment(key)?.createCount).toBe(1);

      const ghost = nextOrderNo();
      store.shipments.addOrder({ ...orderFor(ghost, suite.type), carrierKey: keyFor(`${ghost}-NOT-AT-CARRIER`) });
      const sync = await syncShipments(deps, { carrier: suite.type });
      expect(sync.carriers[0].notFound).toBe(1);
      expect(store.shipments.get(ghost)?.status).toBe('unknown');
      store.close();
    });

    it('core: tracks in the carrier batch size', async () => {
      const { store, deps } = await core(suite.config(fake));
      const batch = carrier.capabilities.trackBatchSize;
      const n = Math.min(2 * batch + 1, 41);
      for (let i = 0; i < n; i++) store.shipments.addOrder(orderFor(nextOrderNo(), suite.type, i));
      const created = await createShipments(deps, { pending: true });
      expect(created.summary.created).toBe(n);
      const before = fake.requestCount('track');
      const report = await syncShipments(deps);
      expect(report.carriers[0].checked).toBe(n);
      expect(fake.maxKeysPerTrack()).toBeLessThanOrEqual(batch);
      expect(fake.requestCount('track') - before).toBe(Math.ceil(n / batch));
      store.close();
    });

    it('core: in-body errors fail the orders (exit 3), and a retry creates each shipment once', async () => {
      const { store, deps } = await core(suite.config(fake));
      const no = nextOrderNo();
      store.shipments.addOrder(orderFor(no, suite.type));
      fake.inject({ kind: 'in-body-error' }, 'create');
      const failed = await createShipments(deps, { pending: true });
      expect(failed.results[0].result).toBe('failed');
      expect(failed.results[0].reason).toMatch(/\S/);
      expect(shipmentsExitCode(failed)).toBe(3);
      expect(store.shipments.get(no)?.carrierKey).toBeNull();

      const ok = await createShipments(deps, { pending: true });
      expect(ok.results[0].result).toBe('created');
      expect(fake.shipment(keyFor(no))?.createCount).toBe(1);

      fake.inject({ kind: 'in-body-error' }, 'track');
      const sync = await syncShipments(deps);
      expect(sync.failed).toBe(1);
      expect(sync.carrierFailures).toHaveLength(0);
      expect(shipmentsExitCode(sync)).toBe(3);
      expect(store.shipments.runs({ carrier: suite.type, kind: 'track', limit: 1 })[0].status).toBe('failed');
      store.close();
    });

    it('core: a create whose answer is lost is resolved by lookup or a safe re-run, never doubled', async () => {
      const { store, deps } = await core(suite.config(fake));
      const no = nextOrderNo();
      store.shipments.addOrder(orderFor(no, suite.type));
      fake.inject({ kind: 'drop-after-apply' }, 'create');
      const first = await createShipments(deps, { pending: true });
      const r = first.results[0];
      if (r.result === 'failed') {
        expect(r.reason).toMatch(/re-run/);
        const second = await createShipments(deps, { pending: true });
        expect(['created', 'exists']).toContain(second.results[0].result);
      } else expect(r.result).toBe('created');
      expect(store.shipments.get(no)?.carrierKey).toBe(keyFor(no));
      expect(fake.shipment(keyFor(no))?.createCount).toBe(1);
      store.close();
    });
  });
}
