import type { CellValue } from './cell.js';
import { type Parsed, invalid, ok } from './parsed.js';

// Numbers typed as text, the way ERPs and people export them:
//   1234.56  1,234.56  1.234,56  1 234,56  12,5  ₺1.234,56  1.234,56 TL  (1.234,56)  -5  %18
// The decimal separator is the last of '.' and ',' when both appear; a separator that appears
// more than once groups thousands; a single ',' or '.' is the decimal separator — except in a
// whole-number column, where a single separator followed by exactly three digits groups
// thousands ("1.234" pieces is 1234 pieces, not 1.234).

const CURRENCY = /^(?:₺|\$|€|£|₽|₸|TL|TRY|USD|EUR|GBP|RUB|руб\.?|р\.|%)\s*|\s*(?:₺|\$|€|£|₽|₸|TL|TRY|USD|EUR|GBP|RUB|руб\.?|р\.|%)$/iu;
const SPACES = /[\s\u00a0\u2007\u202f']/;
const SCIENTIFIC = /^\d+(?:\.\d+)?e[+-]?\d+$/i;

/**
 * The number's body without currency, percent and sign; undefined when the text carries more than one
 * sign ("--5", "+-5", "5--", "(-5)"): a typo, not a number to guess at.
 */
function stripAffixes(text: string): { body: string; negative: boolean } | undefined {
  let s = text.trim().replace(/\u2212/g, '-');
  let negative = false;
  let signs = 0;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    signs++;
    s = s.slice(1, -1).trim();
  }
  for (let i = 0; i < 3; i++) {
    const before = s;
    s = s.replace(CURRENCY, '').trim();
    if (s.startsWith('-') || s.startsWith('+')) {
      negative ||= s.startsWith('-');
      signs++;
      s = s.slice(1).trim();
    } else if (s.endsWith('-')) {
      negative = true;
      signs++;
      s = s.slice(0, -1).trim();
    }
    if (s === before) break;
  }
  return signs > 1 ? undefined : { body: s, negative };
}

function groupsValid(intPart: string, sep: string): boolean {
  const groups = intPart.split(sep);
  if (groups[0].length < 1 || groups[0].length > 3) return false;
  return groups.slice(1).every((g) => g.length === 3);
}

/** Parse a number typed as text. `wholeNumber` resolves "1.234" as thousands. */
export function parseNumberText(text: string, options: { wholeNumber?: boolean } = {}): Parsed<number> {
  const stripped = stripAffixes(text);
  if (!stripped) return invalid('is not a number (more than one sign)');
  const { body, negative } = stripped;
  let s = body;
  let spaceGrouped = false;
  if (SPACES.test(s)) {
    // "1 234 567,89": spaces (or apostrophes) group thousands; what follows the last group may be a fraction.
    const parts = s.split(/[\s\u00a0\u2007\u202f']+/);
    const last = parts.length - 1;
    const grouped = /^\d{1,3}$/.test(parts[0]) && parts.slice(1).every((p, i) => (i + 1 < last ? /^\d{3}$/.test(p) : /^\d{3}(?:[.,]\d*)?$/.test(p)));
    if (!grouped) return invalid('is not a number');
    s = parts.join('');
    spaceGrouped = true;
  }
  if (s === '') return invalid('is not a number');
  if (SCIENTIFIC.test(s)) return ok((negative ? -1 : 1) * Number(s));
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return invalid('is not a number');

  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart = s;
  let fracPart = '';
  let groupSep: string | null = null;
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? '.' : ',';
    groupSep = dec === '.' ? ',' : '.';
    const at = s.lastIndexOf(dec);
    intPart = s.slice(0, at);
    fracPart = s.slice(at + 1);
    if (intPart.includes(dec)) return invalid('is not a number');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const count = s.split(sep).length - 1;
    const after = s.length - s.lastIndexOf(sep) - 1;
    if (!spaceGrouped && (count > 1 || (options.wholeNumber && after === 3))) groupSep = sep;
    else if (count > 1) return invalid('is not a number');
    else {
      intPart = s.slice(0, lastDot >= 0 ? lastDot : lastComma);
      fracPart = s.slice((lastDot >= 0 ? lastDot : lastComma) + 1);
    }
  }
  if (groupSep !== null && intPart.includes(groupSep)) {
    if (spaceGrouped || !groupsValid(intPart, groupSep)) return invalid('is not a number (digits are not grouped in threes)');
    intPart = intPart.split(groupSep).join('');
  }
  if (intPart === '' && fracPart === '') return invalid('is not a number');
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart)) return invalid('is not a number');
  const value = Number(`${intPart || '0'}.${fracPart || '0'}`);
  return ok(negative && value !== 0 ? -value : value);
}

export function parseDecimal(cell: CellValue): Parsed<number | null> {
  if (cell === null || cell === undefined) return ok(null);
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : invalid('is not a finite number');
  if (typeof cell === 'string') return cell.trim() === '' ? ok(null) : parseNumberText(cell);
  if (typeof cell === 'boolean') return invalid('is TRUE/FALSE, not a number');
  return invalid('is a date, not a number');
}

/** Within this distance of a whole number, a formula's floating-point noise is rounded away. */
const WHOLE_EPSILON = 1e-9;

export function parseInteger(cell: CellValue): Parsed<number | null> {
  let n: number;
  if (cell === null || cell === undefined) return ok(null);
  if (typeof cell === 'number') n = cell;
  else if (typeof cell === 'string') {
    if (cell.trim() === '') return ok(null);
    const p = parseNumberText(cell, { wholeNumber: true });
    if (!p.ok) return p;
    n = p.value;
  } else if (typeof cell === 'boolean') return invalid('is TRUE/FALSE, not a whole number');
  else return invalid('is a date, not a whole number');
  if (!Number.isFinite(n)) return invalid('is not a finite number');
  const r = Math.round(n);
  if (Math.abs(n - r) > WHOLE_EPSILON) return invalid('is not a whole number');
  if (!Number.isSafeInteger(r)) return invalid('is too large');
  return ok(r === 0 ? 0 : r);
}
