import type { CellValue } from './cell.js';
import { formatExcelDate, parseDateText, serialToDate } from './excel-dates.js';
import { type Parsed, invalid, ok } from './parsed.js';

/**
 * A date column's cell: a date cell as the reader gives it, a number as a serial in the
 * workbook's date system, or text in ISO or day-first form. Result: 'YYYY-MM-DD' or
 * 'YYYY-MM-DDTHH:MM:SS' (wall-clock, no zone unless the text carried one).
 */
export function parseDateCell(cell: CellValue, date1904: boolean): Parsed<string | null> {
  if (cell === null || cell === undefined) return ok(null);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? invalid('is not a valid date') : ok(formatExcelDate(cell));
  if (typeof cell === 'number') {
    const d = serialToDate(cell, date1904);
    return d.ok ? ok(formatExcelDate(d.value)) : d;
  }
  if (typeof cell === 'string') return cell.trim() === '' ? ok(null) : parseDateText(cell);
  return invalid('is TRUE/FALSE, not a date');
}
