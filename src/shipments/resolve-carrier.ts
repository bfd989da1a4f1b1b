import { foldName } from './text.js';

export interface KnownCarrier {
  /** The key under `carriers:` in the config. */
  name: string;
  type: string;
  /** From the adapter definition ("Yurtiçi Kargo", ...). */
  aliases: string[];
}

export type CarrierMatch = { ok: true; name: string } | { ok: false; reason: string };

const stripCargoWord = (s: string) => s.replace(/(kargo|cargo)$/, '') || s;

/**
 * Which configured carrier an order's carrier column means. Imported sheets say "yurtici",
 * "Yurtiçi Kargo", "YURTİÇİ" or the config name; an exact config name wins, then the adapter type
 * and its aliases. Two accounts of the same type cannot be told apart by type: that is an error.
 */
export function resolveCarrier(value: string | null | undefined, carriers: readonly KnownCarrier[]): CarrierMatch {
  if (value === null || value === undefined || value.trim() === '') return { ok: false, reason: 'the order names no carrier' };
  const wanted = foldName(value);
  const exact = carriers.filter((c) => foldName(c.name) === wanted);
  if (exact.length === 1) return { ok: true, name: exact[0].name };
  const loose = stripCargoWord(wanted);
  const byType = carriers.filter((c) => [c.type, ...c.aliases].some((n) => stripCargoWord(foldName(n)) === loose) || stripCargoWord(foldName(c.name)) === loose);
  if (byType.length === 1) return { ok: true, name: byType[0].name };
  if (byType.length > 1) {
    return { ok: false, reason: `carrier "${value}" matches ${byType.map((c) => c.name).join(' and ')}; use the config name in the order's carrier column` };
  }
  const known = carriers.map((c) => c.name);
  return { ok: false, reason: `carrier "${value}" is not configured${known.length ? ` (configured: ${known.join(', ')})` : ' (no carriers under `carriers:` in the config)'}` };
}
