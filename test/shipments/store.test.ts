import { describe, expect, it } from 'vitest';
import type { NewOrder } from '../../src/store/shipments.js';
import { useTempStore } from '../helpers/temp-store.js';

describe('store.shipments', () => {
  const tmp = useTempStore('integr-shipments-store-');

  const add = (orderNo: string, extra: Partial<NewOrder> = {}) =>
    tmp.store.shipments.addOrder({ orderNo, ship: { name: 'Ayşe', phone: '05321234567', address: 'Moda 1', district: 'Kadıköy', city: 'İstanbul' }, lines: [{ sku: 'S1', quantity: 1 }], ...extra });

  it('lists pending orders, and trackable ones until they are final', () => {
    const a = add('A');
    add('B', { carrierKey: 'KB', carrier: 'Aras Kargo' });
    add('C', { trackingNumber: '123' });
    expect(tmp.store.shipments.pending().map((o) => o.orderNo)).toEqual(['A']);
    expect(tmp.store.shipments.pending()[0].lines).toEqual([{ sku: 'S1', name: null, quantity: 1, unitWeight: null }]);
    expect(tmp.store.shipments.trackable().map((o) => o.orderNo)).toEqual(['B']);

    expect(tmp.store.shipments.recordCreated(a, { carrier: 'yurtici', carrierKey: 'KA', trackingNumber: null, trackingUrl: null, at: '2026-01-01T00:00:00.000Z' })).toBe(true);
    expect(tmp.store.shipments.recordCreated(a, { carrier: 'yurtici', carrierKey: 'KA', trackingNumber: null, trackingUrl: null, at: '2026-01-02T00:00:00.000Z' })).toBe(false);
    const row = tmp.store.shipments.get('A')!;
    expect(row).toMatchObject({ carrier: 'yurtici', carrierKey: 'KA', status: 'created', shipmentCreatedAt: '2026-01-01T00:00:00.000Z' });
    expect(tmp.store.shipments.events(a)).toHaveLength(1);
    expect(tmp.store.shipments.pending()).toHaveLength(0);
    expect(tmp.store.shipments.trackable().map((o) => o.orderNo)).toEqual(['A', 'B']);

    const delivered = { trackingNumber: 'T', trackingUrl: null, status: 'delivered', carrierStatusCode: '5', carrierStatus: 'DLV', deliveredAt: '2026-01-03T00:00:00.000Z' };
    tmp.store.shipments.applyCheck(a, 'yurtici', '2026-01-03T00:00:00.000Z', delivered, []);
    expect(tmp.store.shipments.trackable().map((o) => o.orderNo)).toEqual(['B']);
    expect(tmp.store.shipments.list({ status: 'delivered' }).map((o) => o.orderNo)).toEqual(['A']);
    expect(tmp.store.shipments.list().map((o) => o.orderNo)).toEqual(['A', 'B', 'C']);
    expect(tmp.store.shipments.byCarrierKey('KA').map((o) => o.orderNo)).toEqual(['A']);
  });

  it('records each event once, including events without a time or code', () => {
    const id = add('A', { carrierKey: 'K', carrier: 'mng' });
    const state = { trackingNumber: null, trackingUrl: null, status: 'in_transit', carrierStatusCode: null, carrierStatus: null, deliveredAt: null };
    const events = [
      { status: 'in_transit', code: null, message: 'Yolda', location: null, at: null },
      { status: 'in_transit', code: '2', message: 'Transfer', location: 'ANKARA', at: '2026-01-01T10:00:00+03:00' },
    ];
    expect(tmp.store.shipments.applyCheck(id, 'mng', '2026-01-01T08:00:00.000Z', state, events)).toBe(2);
    expect(tmp.store.shipments.applyCheck(id, 'mng', '2026-01-01T09:00:00.000Z', state, events)).toBe(0);
    const stored = tmp.store.shipments.events(id);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({ carrierCode: '2', location: 'ANKARA', occurredAt: '2026-01-01T10:00:00+03:00' });
    expect(tmp.store.shipments.get('A')?.checkedAt).toBe('2026-01-01T09:00:00.000Z');
  });

  it('keeps runs and answers lastRuns() per carrier', () => {
    const r1 = tmp.store.shipments.startRun('yurtici', 'track');
    tmp.store.shipments.finishRun(r1, { status: 'completed', checked: 3, changed: 1, errors: 0 });
    const r2 = tmp.store.shipments.startRun('yurtici', 'track');
    tmp.store.shipments.finishRun(r2, { status: 'failed', checked: 0, changed: 0, errors: 3, error: 'yurtici: refused' });
    const r3 = tmp.store.shipments.startRun('aras', 'track');
    tmp.store.shipments.startRun('aras', 'create');
    expect(tmp.store.shipments.getRun(r3)?.status).toBe('running');
    expect(tmp.store.shipments.lastRuns()).toEqual([
      expect.objectContaining({ runId: r3, carrier: 'aras', kind: 'track', status: 'running', finishedAt: null }),
      expect.objectContaining({ runId: r2, carrier: 'yurtici', status: 'failed', errors: 3, error: 'yurtici: refused' }),
    ]);
    expect(tmp.store.shipments.lastRuns({ kind: 'create' }).map((r) => r.carrier)).toEqual(['aras']);
    expect(tmp.store.shipments.runs({ carrier: 'yurtici' }).map((r) => r.runId)).toEqual([r2, r1]);
    expect(tmp.store.shipments.runs({ limit: 1 })).toHaveLength(1);
  });
});
