import { describe, expect, it } from 'vitest';
import type { TrackingResult } from '../../src/shipments/carrier.js';
import { planTrackingUpdate } from '../../src/shipments/tracking-update.js';
import type { OrderShipment } from '../../src/store/shipments.js';

const prev = (over: Partial<OrderShipment> = {}): OrderShipment => ({
  orderId: 1, orderNo: 'TY-1', orderDate: null, orderStatus: null, channel: null, carrier: 'aras', carrierKey: 'K1', trackingNumber: null, trackingUrl: null,
  status: 'created', carrierStatusCode: null, carrierStatus: null, shipmentCreatedAt: '2026-01-01T00:00:00.000Z', checkedAt: null, deliveredAt: null, ...over,
});
const result = (over: Partial<TrackingResult> = {}): TrackingResult => ({
  carrierKey: 'K1', found: true, status: 'in_transit', carrierCode: '2', carrierMessage: 'YOLDA', trackingNumber: '3000000001', trackingUrl: 'https://t/3000000001', deliveredAt: null, events: [], ...over,
});
const NOW = '2026-01-02T10:00:00.000Z';

describe('planTrackingUpdate', () => {
  it('records a status change as one event when the carrier gives no history', () => {
    const plan = planTrackingUpdate(prev(), result(), NOW);
    expect(plan.changed).toBe(true);
    expect(plan).toMatchObject({ from: 'created', to: 'in_transit' });
    expect(plan.state).toMatchObject({ status: 'in_transit', carrierStatusCode: '2', carrierStatus: 'YOLDA', trackingNumber: '3000000001' });
    expect(plan.events).toEqual([{ status: 'in_transit', code: '2', message: 'YOLDA', location: null, at: null }]);
  });

  it('changes nothing when the answer is the same', () => {
    const before = prev({ status: 'in_transit', carrierStatusCode: '2', carrierStatus: 'YOLDA', trackingNumber: '3000000001', trackingUrl: 'https://t/3000000001' });
    const plan = planTrackingUpdate(before, result(), NOW);
    expect(plan.changed).toBe(false);
    expect(plan.events).toEqual([]);
  });

  it('keeps what it knows when the carrier does not list the key (yet)', () => {
    const plan = planTrackingUpdate(prev({ trackingNumber: 'T1' }), result({ found: false, status: 'unknown', trackingNumber: null }), NOW);
    expect(plan.changed).toBe(false);
    expect(plan.state).toMatchObject({ status: 'created', trackingNumber: 'T1' });
    expect(planTrackingUpdate(prev({ status: null }), result({ found: false, status: 'unknown' }), NOW).state.status).toBe('unknown');
  });

  it('stamps delivery: the carrier time when given, else the first check that saw it', () => {
    expect(planTrackingUpdate(prev(), result({ status: 'delivered', deliveredAt: '2026-01-02T09:00:00+03:00' }), NOW).state.deliveredAt).toBe('2026-01-02T09:00:00+03:00');
    const seen = planTrackingUpdate(prev(), result({ status: 'delivered' }), NOW);
    expect(seen.state.deliveredAt).toBe(NOW);
    expect(planTrackingUpdate(prev({ status: 'delivered', deliveredAt: seen.state.deliveredAt }), result({ status: 'delivered' }), '2026-01-03T00:00:00.000Z').state.deliveredAt).toBe(NOW);
  });

  it("passes the carrier's history through instead of synthesising events", () => {
    const events = [{ at: '2026-01-01T10:00:00+03:00', status: 'in_transit' as const, code: '1', message: 'Kabul', location: 'KADIKÖY' }];
    expect(planTrackingUpdate(prev(), result({ events }), NOW).events).toEqual(events);
  });
});
