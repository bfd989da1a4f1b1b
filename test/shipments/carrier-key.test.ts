import { describe, expect, it } from 'vitest';
import { deriveCarrierKey, fitsCarrierKey } from '../../src/shipments/carrier-key.js';
import type { CarrierKeyRules } from '../../src/shipments/carrier.js';

const upper20: CarrierKeyRules = { maxLength: 20, allowed: /[A-Z0-9]/, upperCase: true };
const mixed32: CarrierKeyRules = { maxLength: 32, allowed: /[A-Za-z0-9-]/, upperCase: false };

describe('deriveCarrierKey', () => {
  it('uses an order number that already fits as it is', () => {
    expect(deriveCarrierKey('100234', upper20)).toBe('100234');
    expect(deriveCarrierKey('TY100234', upper20)).toBe('TY100234');
    expect(deriveCarrierKey(' TY-100234 ', mixed32)).toBe('TY-100234');
  });

  it('is deterministic and stays within the rules for anything else', () => {
    for (const no of ['TY-100234', 'sipariş/2026-ÇĞ-0001', 'order #12 (retry)', 'ş', '', 'A'.repeat(200)]) {
      const a = deriveCarrierKey(no, upper20);
      expect(a).toBe(deriveCarrierKey(no, upper20));
      expect(fitsCarrierKey(a, upper20)).toBe(true);
      const b = deriveCarrierKey(no, mixed32);
      expect(fitsCarrierKey(b, mixed32)).toBe(true);
    }
  });

  it('gives different keys to order numbers that clean to the same text', () => {
    const keys = ['ORD-1', 'ORD1', 'ord1', 'ORD 1', 'ORD_1'].map((n) => deriveCarrierKey(n, upper20));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[1]).toBe('ORD1');
  });

  it('keeps the recognisable tail of long numbers and folds Turkish letters', () => {
    const key = deriveCarrierKey('MARKETPLACE-2026-000123456', upper20);
    expect(key).toHaveLength(20);
    expect(key.slice(0, 10)).toBe('6000123456');
    expect(deriveCarrierKey('Ş-ÇİĞ', upper20).startsWith('SCIG')).toBe(true);
    const long = Array.from({ length: 500 }, (_, i) => deriveCarrierKey(`MARKETPLACE-2026-${String(i).padStart(12, '0')}`, upper20));
    expect(new Set(long).size).toBe(500);
  });

  it('refuses rules that cannot hold a hashed key', () => {
    expect(() => deriveCarrierKey('x-1', { maxLength: 8, allowed: /[A-Z0-9]/, upperCase: true })).toThrow(/rules/);
    expect(() => deriveCarrierKey('x-1', { maxLength: 30, allowed: /[0-9]/, upperCase: true })).toThrow(/rules/);
  });
});

describe('fitsCarrierKey', () => {
  it('checks length, case and characters', () => {
    expect(fitsCarrierKey('ABC123', upper20)).toBe(true);
    expect(fitsCarrierKey('abc123', upper20)).toBe(false);
    expect(fitsCarrierKey('ABC-123', upper20)).toBe(false);
    expect(fitsCarrierKey('A'.repeat(21), upper20)).toBe(false);
    expect(fitsCarrierKey('', upper20)).toBe(false);
  });
});
