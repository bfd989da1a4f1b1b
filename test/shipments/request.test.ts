import { describe, expect, it } from 'vitest';
import { buildShipmentRequest, isShippableOrderStatus, normalisePhone } from '../../src/shipments/request.js';
import type { OrderForShipment, PostalAddress } from '../../src/store/shipments.js';

const none: PostalAddress = { name: null, phone: null, email: null, address: null, district: null, city: null, postalCode: null, country: null };
function order(over: Partial<OrderForShipment> = {}): OrderForShipment {
  return {
    orderId: 1, orderNo: 'TY-1', orderDate: null, orderStatus: null, channel: null, carrier: 'yurtici', carrierKey: null, trackingNumber: null, trackingUrl: null,
    status: null, carrierStatusCode: null, carrierStatus: null, shipmentCreatedAt: null, checkedAt: null, deliveredAt: null, notes: null, total: null, currency: null,
    ship: { ...none, name: 'Ayşe Yılmaz', phone: '+90 532 123 45 67', address: 'Moda Cad. 12', district: 'Kadıköy', city: 'İstanbul' },
    customer: { ...none, name: 'Someone Else', phone: '05550000000', email: 'ayse@example.com', address: 'Elsewhere 1', district: 'Konak', city: 'İzmir' },
    lines: [
      { sku: 'A', name: 'T-shirt', quantity: 2, unitWeight: 0.25 },
      { sku: 'B', name: null, quantity: 1, unitWeight: 1 },
    ],
    ...over,
  };
}

describe('buildShipmentRequest', () => {
  it("uses the order's own address, the customer's e-mail, weights and a line summary", () => {
    const r = buildShipmentRequest(order(), 'TY1');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request).toMatchObject({ orderNo: 'TY-1', carrierKey: 'TY1', pieces: 1, weightKg: 1.5, description: '2x T-shirt, 1x B', codAmount: null });
    expect(r.request.recipient).toMatchObject({ name: 'Ayşe Yılmaz', phone: '5321234567', email: 'ayse@example.com', city: 'İstanbul', district: 'Kadıköy' });
  });

  it('never completes a partial order address from the customer', () => {
    const r = buildShipmentRequest(order({ ship: { ...none, name: 'Ayşe', phone: '05321234567', district: 'Kadıköy', city: 'İstanbul' } }), 'K');
    expect(r).toEqual({ ok: false, reason: 'missing address (ship_address)' });
  });

  it("falls back to the customer's address only when the order has none at all", () => {
    const r = buildShipmentRequest(order({ ship: none }), 'K');
    expect(r.ok && r.request.recipient).toMatchObject({ name: 'Someone Else', city: 'İzmir', address: 'Elsewhere 1' });
    expect(buildShipmentRequest(order({ ship: none, customer: null }), 'K')).toMatchObject({ ok: false, reason: /recipient name.*address.*district.*city.*phone/ });
  });

  it('leaves the weight out when a line has no known weight', () => {
    const r = buildShipmentRequest(order({ lines: [{ sku: 'A', name: 'x', quantity: 1, unitWeight: null }] }), 'K');
    expect(r.ok && r.request.weightKg).toBeNull();
  });
});

describe('helpers', () => {
  it('normalises Turkish phone numbers', () => {
    expect(normalisePhone('0532 123 45 67')).toBe('5321234567');
    expect(normalisePhone('+90 (532) 123-45-67')).toBe('5321234567');
    expect(normalisePhone('5321234567')).toBe('5321234567');
  });

  it('does not ship cancelled or refunded orders', () => {
    expect(isShippableOrderStatus(null)).toBe(true);
    expect(isShippableOrderStatus('Yeni')).toBe(true);
    for (const s of ['İptal', 'iptal edildi', 'Cancelled', 'canceled', 'İade']) expect(isShippableOrderStatus(s), s).toBe(false);
  });
});
