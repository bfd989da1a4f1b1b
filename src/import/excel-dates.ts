import { type Parsed, invalid, ok } from './parsed.js';

// Excel stores dates as day serials. In the 1900 system serial 1 is 1900-01-01 and serial 60 is
// 1900-02-29, a day that never existed (Lotus 1-2-3's leap-year bug, kept for compatibility), so
// serials from 61 on are one day ahead of a plain count from 1899-12-31. In the 1904 system (old
// Mac workbooks, `<workbookPr date1904="1"/>`) serial 0 is 1904-01-01.
// Dates are wall-clock values with no zone: we keep them in a Date's UTC fields and print them
// without an offset.

const DAY_MS = 86_400_000;
const EPOCH_1900_BEFORE_BUG = Date.UTC(1899, 11, 31);
const EPOCH_1900_AFTER_BUG = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31 in the 1900 system: Excel's last date. */
const MAX_SERIAL = 2_958_465;

export function serialToDate(serial: number, date1904: boolean): Parsed<Date> {
  if (!Number.isFinite(serial)) return invalid('is not a date');
  if (serial < (date1904 ? 0 : 1) || serial > MAX_SERIAL) return invalid(`${serial} is not a date serial number Excel can show`);
  const day = Math.floor(serial);
  // Round the time of day to whole seconds: serials carry binary fractions (0.1 day is not exact).
  const seconds = Math.round((serial - day) * 86_400);
  let base: number;
  if (date1904) base = EPOCH_1904;
  else if (day === 60) return invalid('serial 60 is 1900-02-29, a day that does not exist (a spreadsheet leap-year bug)');
  else base = day < 60 ? EPOCH_1900_BEFORE_BUG : EPOCH_1900_AFTER_BUG;
  return ok(new Date(base + day * DAY_MS + seconds * 1000));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' for a date, 'YYYY-MM-DDTHH:MM:SS' when it has a time of day. */
export function formatExcelDate(d: Date): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${date}T${pad(h)}:${pad(m)}:${pad(s)}` : date;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const ISO = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Date strings as people type them: ISO (2024-03-05, 2024-03-05T14:30, 2024-03-05 14:30:00+03:00)
 * and day-first (05.03.2024, 05/03/2024, 5-3-24, with an optional time). Day-first is the only
 * reading for dd/mm: integr's users write dates the Turkish, Russian and European way.
 */
export function parseDateText(text: string): Parsed<string> {
  const t = text.trim();
  let y: number, mo: number, d: number, h = 0, mi = 0, s = 0;
  let zone: string | undefined;
  let hasTime = false;
  let m = ISO.exec(t);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) {
      hasTime = true;
      [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    }
    zone = m[7];
  } else if ((m = DAY_FIRST.exec(t))) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3].length === 2) y += y < 70 ? 2000 : 1900;
    if (m[4] !== undefined) {
      hasTime = true;
      [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    }
  } else {
    return invalid('is not a date (use 2024-03-05, 05.03.2024 or 05/03/2024, or a date cell)');
  }
  if (mo < 1 || mo > 12) return invalid(`has month ${mo}; dates are read day first (dd.mm.yyyy) or ISO (yyyy-mm-dd)`);
  if (d < 1 || d > daysInMonth(y, mo)) return invalid(`has day ${d}, which ${pad(mo)}/${y} does not have`);
  if (h > 23 || mi > 59 || s > 59) return invalid('has an impossible time of day');
  const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  if (!hasTime) return ok(date);
  let out = `${date}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  if (zone) out += zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  return ok(out);
}
