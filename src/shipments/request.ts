import type { OrderForShipment, PostalAddress } from '../store/shipments.js';
import type { ShipmentRequest } from './carrier.js';
import { foldText } from './text.js';

export type RequestBuild = { ok: true; request: ShipmentRequest } | { ok: false; reason: string };

const DESCRIPTION_MAX = 100;

/** Order statuses (as imported) for which no shipment is ever created. */
const NOT_SHIPPABLE = /^(cancel+ed|iptal( edildi)?|refunded|iade( edildi)?|returned)$/;

export function isShippableOrderStatus(status: string | null): boolean {
  return status === null || !NOT_SHIPPABLE.test(foldText(status));
}

/**
 * The shipment request for an order: pure. The recipient is the order's own ship-to fields; only an
 * order with none at all falls back to its customer's address (imports match customers by code,
 * e-mail, phone or name, so a customer's address may belong to another order's recipient: never
 * mix the two). Every carrier needs a name, a full address with city and district, and a phone,
 * so those are checked here, before any remote call.
 */
export function buildShipmentRequest(order: OrderForShipment, carrierKey: string): RequestBuild {
  const s = order.ship;
  const orderHasAddress = [s.name, s.phone, s.address, s.district, s.city, s.postalCode, s.country].some((v) => v !== null && v.trim() !== '');
  const from: PostalAddress = orderHasAddress || !order.customer ? { ...s, email: order.customer?.email ?? null } : order.customer;
  const name = from.name;
  const phone = from.phone;
  const missing: string[] = [];
  if (!name) missing.push('recipient name (ship_name)');
  if (!from.address) missing.push('address (ship_address)');
  if (!from.district) missing.push('district (ship_district)');
  if (!from.city) missing.push('city (ship_city)');
  if (!phone) missing.push('phone (ship_phone)');
  if (missing.length) return { ok: false, reason: `missing ${missing.join(', ')}` };

  const weights = order.lines.map((l) => (l.unitWeight === null ? null : l.unitWeight * l.quantity));
  const weightKg = weights.length > 0 && weights.every((w) => w !== null) ? round2((weights as number[]).reduce((a, b) => a + b, 0)) : null;
  const items = order.lines.map((l) => `${l.quantity}x ${l.name ?? l.sku}`).join(', ');
  const description = items ? (items.length > DESCRIPTION_MAX ? items.slice(0, DESCRIPTION_MAX - 1) + '…' : items) : null;
  return {
    ok: true,
    request: {
      orderNo: order.orderNo,
      carrierKey,
      recipient: {
        name: name as string,
        phone: normalisePhone(phone as string),
        email: from.email ?? null,
        address: from.address as string,
        district: from.district,
        city: from.city,
        postalCode: from.postalCode,
        country: from.country,
      },
      pieces: 1,
      weightKg: weightKg !== null && weightKg > 0 ? weightKg : null,
      desi: null,
      codAmount: null,
      description,
    },
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Turkish numbers as carriers want them: 10 digits without +90 / 0 prefix ("0532 123 45 67" → "5321234567"). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 12 && digits.startsWith('90')) return digits.slice(2);
  if (digits.length === 11 && digits.startsWith('0')) return digits.slice(1);
  return digits || phone.trim();
}
