import { formatExcelDate } from './excel-dates.js';
import type { CellValue } from './cell.js';
import { type Parsed, invalid, ok } from './parsed.js';

// Spreadsheets hand identifiers (SKU, barcode) to us as numbers whenever the column was typed
// "General": 8690000000011 must come out as that, never "8.69e+12" or "8690000000011.0".

/** Largest integer a spreadsheet number keeps exactly; longer digit runs were already rounded by Excel. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

export function numberToText(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  // Shortest round-trip form, without exponent for ordinary magnitudes.
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

export function parseText(cell: CellValue, options: { identifier?: boolean } = {}): Parsed<string | null> {
  if (cell === null || cell === undefined) return ok(null);
  if (typeof cell === 'string') {
    const t = cell.trim();
    return ok(t === '' ? null : t);
  }
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return invalid('is not a finite number');
    if (options.identifier && Number.isInteger(cell) && Math.abs(cell) > MAX_EXACT) {
      return invalid('has more than 15 digits stored as a number, so Excel has already rounded it; format the column as Text and re-enter it');
    }
    return ok(numberToText(cell));
  }
  if (typeof cell === 'boolean') return ok(cell ? 'TRUE' : 'FALSE');
  if (cell instanceof Date) return ok(formatExcelDate(cell));
  return invalid('is not text');
}
