import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewOrder } from '../../src/store/shipments.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';

describe('store.shipments', () => {
  let tmp: { dir: string; cleanup: () => void };
  let store: Store;
  beforeEach(() => {
    tmp = tempDir('integr-shipments-store-');
    store = Store.open(join(tmp.dir, 'integr.db'));
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  const add = (orderNo: string, extra: Partial<NewOrder> = {}) =>
    store.shipments.addOrder({ orderNo, ship: { name: 'Ayşe', phone: '05321234567', address: 'Moda 1', district: 'Kadıköy', city: 'İstanbul' }, lines: [{ sku: 'S1', quantity: 1 }], ...extra });

  it('lists pending orders, and trackable ones until they are final', () => {
    const a = add('A');
    add('B', { carrierKey: 'KB', carrier: 'Aras Kargo' });
    add('C', { trackingNumber: '123' });
    expect(store.shipments.pending().map((o) => o.orderNo)).toEqual(['A']);
    expect(store.shipments.pending()[0].lines).toEqual([{ sku: 'S1', name: null, quantity: 1, unitWeight: null }]);
    expect(store.shipments.trackable().map((o) => o.orderNo)).toEqual(['B']);

    expect(store.shipments.recordCreated(a, { carrier: 'yurtici', carrierKey: 'KA', trackingNumber: null, trackingUrl: null, at: '2026-01-01T00:00:00.000Z' })).toBe(true);
    expect(store.shipments.recordCreated(a, { carrier: 'yurtici', carrierKey: 'KA', trackingNumber: null, trackingUrl: null, at: '2026-01-02T00:00:00.000Z' })).toBe(false);
    const row = store.shipments.get('A')!;
    expect(row).toMatchObject({ carrier: 'yurtici', carrierKey: 'KA', status: 'created', shipmentCreatedAt: '2026-01-01T00:00:00.000Z' });
    expect(store.shipments.events(a)).toHaveLength(1);
    expect(store.shipments.pending()).toHaveLength(0);
    expect(store.shipments.trackable().map((o) => o.orderNo)).toEqual(['A', 'B']);

    const delivered = { trackingNumber: 'T', trackingUrl: null, status: 'delivered', carrierStatusCode: '5', carrierStatus: 'DLV', deliveredAt: '2026-01-03T00:00:00.000Z' };
    store.shipments.applyCheck(a, 'yurtici', '2026-01-03T00:00:00.000Z', delivered, []);
    expect(store.shipments.trackable().map((o) => o.orderNo)).toEqual(['B']);
    expect(store.shipments.list({ status: 'delivered' }).map((o) => o.orderNo)).toEqual(['A']);
    expect(store.shipments.list().map((o) => o.orderNo)).toEqual(['A', 'B', 'C']);
    expect(store.shipments.byCarrierKey('KA').map((o) => o.orderNo)).toEqual(['A']);
  });

  it('records each event once, including events without a time or code', () => {
    const id = add('A', { carrierKey: 'K', carrier: 'mng' });
    const state = { trackingNumber: null, trackingUrl: null, status: 'in_transit', carrierStatusCode: null, carrierStatus: null, deliveredAt: null };
    const events = [
      { status: 'in_transit', code: null, message: 'Yolda', location: null, at: null },
      { status: 'in_transit', code: '2', message: 'Transfer', location: 'ANKARA', at: '2026-01-01T10:00:00+03:00' },
    ];
    expect(store.shipments.applyCheck(id, 'mng', '2026-01-01T08:00:00.000Z', state, events)).toBe(2);
    expect(store.shipments.applyCheck(id, 'mng', '2026-01-01T09:00:00.000Z', state, events)).toBe(0);
    const stored = store.shipments.events(id);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({ carrierCode: '2', location: 'ANKARA', occurredAt: '2026-01-01T10:00:00+03:00' });
    expect(store.shipments.get('A')?.checkedAt).toBe('2026-01-01T09:00:00.000Z');
  });

  it('keeps runs and answers lastRuns() per carrier', () => {
    const r1 = store.shipments.startRun('yurtici', 'track');
    store.shipments.finishRun(r1, { status: 'completed', checked: 3, changed: 1, errors: 0 });
    const r2 = store.shipments.startRun('yurtici', 'track');
    store.shipments.finishRun(r2, { status: 'failed', checked: 0, changed: 0, errors: 3, error: 'yurtici: refused' });
    const r3 = store.shipments.startRun('aras', 'track');
    store.shipments.startRun('aras', 'create');
    expect(store.shipments.getRun(r3)?.status).toBe('running');
    expect(store.shipments.lastRuns()).toEqual([
      expect.objectContaining({ runId: r3, carrier: 'aras', kind: 'track', status: 'running', finishedAt: null }),
      expect.objectContaining({ runId: r2, carrier: 'yurtici', status: 'failed', errors: 3, error: 'yurtici: refused' }),
    ]);
    expect(store.shipments.lastRuns({ kind: 'create' }).map((r) => r.carrier)).toEqual(['aras']);
    expect(store.shipments.runs({ carrier: 'yurtici' }).map((r) => r.runId)).toEqual([r2, r1]);
    expect(store.shipments.runs({ limit: 1 })).toHaveLength(1);
  });
});
