import { createHash } from 'node:crypto';
import type { CarrierKeyRules } from './carrier.js';

// The carrier key (Yurtiçi cargoKey, Aras IntegrationCode, MNG referenceId) is the carrier's
// idempotency key: a retry with the same key is answered "already exists", never a second shipment.
// So it must be a pure function of the order number: same order → same key, on every run and machine.
//
// An order number that already fits the carrier's rules is used as it is. Anything else is cleaned
// to the allowed characters and given a hash suffix of the ORIGINAL order number, because cleaning
// and truncating are lossy ("ORD-1" and "ORD1" would otherwise share a key, and with it a shipment).

const HASH_LENGTH = 10;
// Crockford base32: digits and upper-case letters without I, L, O, U (no look-alikes on a label).
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TURKISH_ASCII: Record<string, string> = { İ: 'I', ı: 'i', Ş: 'S', ş: 's', Ğ: 'G', ğ: 'g', Ü: 'U', ü: 'u', Ö: 'O', ö: 'o', Ç: 'C', ç: 'c' };

/** 50 bits of sha256(orderNo) as 10 base32 characters. */
function hashSuffix(orderNo: string): string {
  const digest = createHash('sha256').update(orderNo, 'utf8').digest();
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(digest[i]);
  bits >>= 6n; // 56 bits read, 50 kept
  let out = '';
  for (let i = 0; i < HASH_LENGTH; i++) {
    out = BASE32[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

function allows(rules: CarrierKeyRules, c: string): boolean {
  return new RegExp(`^${rules.allowed.source}$`, rules.allowed.flags.replace(/[gy]/g, '')).test(c);
}

/** True when key can be sent to the carrier as it is. */
export function fitsCarrierKey(key: string, rules: CarrierKeyRules): boolean {
  if (key.length === 0 || key.length > rules.maxLength) return false;
  if (rules.upperCase && key !== key.toUpperCase()) return false;
  return [...key].every((c) => allows(rules, c));
}

/** The carrier key for an order number under one carrier's rules (deterministic). */
export function deriveCarrierKey(orderNo: string, rules: CarrierKeyRules): string {
  if (rules.maxLength <= HASH_LENGTH || ![...BASE32].every((c) => allows(rules, c))) {
    throw new Error('carrier key rules must allow A-Z and 0-9 and more than 10 characters');
  }
  const trimmed = orderNo.trim();
  if (fitsCarrierKey(trimmed, rules)) return trimmed;
  let base = trimmed
    .replace(/[İıŞşĞğÜüÖöÇç]/g, (c) => TURKISH_ASCII[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  if (rules.upperCase) base = base.toUpperCase();
  base = [...base].filter((c) => allows(rules, c)).join('');
  const room = rules.maxLength - HASH_LENGTH;
  // Keep the end of long numbers: it is where the running sequence is, the part people recognise.
  if (base.length > room) base = base.slice(base.length - room);
  return base + hashSuffix(trimmed);
}
