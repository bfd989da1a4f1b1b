import { type CellInfo, type CellValue } from './types.js';

// SKU, barcode and order-number columns are text to people even when Excel stored a number: 8690000000011
// must not become "8.69E+12", "8690000000011.0" or lose a leading zero the cell's format displays. Prefer the
// detailed cell (rowsDetailed): its raw XML text and number format make this exact.

/**
 * The text a person sees for an identifier cell.
 * - strings: unchanged (trimming is the caller's policy)
 * - numbers: the stored digits, with exponent notation expanded exactly from the stored text and a trailing
 *   ".0" dropped; a zero-padding format such as `000000` pads as Excel displays it (123 → "000123")
 * - dates: `YYYY-MM-DD` (with time when it has one, ISO 8601 UTC); booleans `TRUE`/`FALSE`; errors as written
 * - empty: ''
 */
export function identifierText(cell: CellInfo | CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (isCellInfo(cell)) {
    if (cell.kind === 'number' && typeof cell.value === 'number') {
      const digits = (cell.raw !== undefined ? expandDecimal(cell.raw) : undefined) ?? numberText(cell.value);
      return cell.numFmt !== undefined ? applyZeroPadding(digits, cell.numFmt) : digits;
    }
    return identifierText(cell.value);
  }
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  const iso = cell.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

const isCellInfo = (cell: CellInfo | CellValue): cell is CellInfo => typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'kind' in cell;

/** A JS number as plain digits (no exponent): integers beyond 1e21 as the exact integer the double holds. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const s = String(n);
  return s.includes('e') ? (expandDecimal(s) ?? s) : s;
}

/** Decimal text (`8.69E+12`, `123.0`, `-0.5`, `00123`) as plain digits, exactly as written; undefined if not decimal. */
export function expandDecimal(text: string): string | undefined {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  const all = m[2] + (m[3] ?? '');
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (Math.abs(exponent) > 400) return undefined;
  let point = m[2].length + exponent;
  let digits = all;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(point).replace(/0+$/, '');
  const body = fraction === '' ? integer : `${integer}.${fraction}`;
  return body === '0' ? '0' : sign + body;
}

/** Excel shows 123 with format `000000` as 000123: identifiers typed with leading zeros often live like this. */
function applyZeroPadding(digits: string, numFmt: string): string {
  if (!/^0+$/.test(numFmt) || !/^\d+$/.test(digits)) return digits;
  return digits.padStart(numFmt.length, '0');
}
