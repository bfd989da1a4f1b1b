// Excel date serials to JS Dates (UTC). Two systems: 1900 (Windows default) counts days from 1899-12-31 and,
// copying Lotus 1-2-3, believes 1900 was a leap year (serial 60 is the phantom 1900-02-29); 1904 (old Mac,
// `<workbookPr date1904="1"/>`) counts days from 1904-01-01.

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last day Excel shows, in the 1900 system (the 1904 maximum is 1462 lower). */
const MAX_SERIAL_1900 = 2_958_465;

/**
 * The Date for a serial, or null when no Excel date has that serial (negative, beyond 9999-12-31).
 * Serials 1-59 are 1900-01-01..1900-02-28; the phantom 60 is read as 1900-02-28 too (it does not exist);
 * 61 onward are shifted back by the phantom day. Time of day is rounded to the millisecond.
 */
export function excelSerialToDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  if (date1904) {
    if (serial >= MAX_SERIAL_1900 - 1462 + 1) return null;
    return new Date(EPOCH_1904 + Math.round(serial * DAY_MS));
  }
  if (serial >= MAX_SERIAL_1900 + 1) return null;
  const days = serial >= 60 ? serial - 1 : serial;
  return new Date(EPOCH_1900 + Math.round(days * DAY_MS));
}

/** The inverse: the serial Excel stores for a UTC Date. */
export function dateToExcelSerial(date: Date, date1904: boolean): number {
  if (date1904) return (date.getTime() - EPOCH_1904) / DAY_MS;
  const days = (date.getTime() - EPOCH_1900) / DAY_MS;
  return days >= 60 ? days + 1 : days;
}
