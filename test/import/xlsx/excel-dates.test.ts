import { describe, expect, it } from 'vitest';
import { excelSerialToDate, dateToExcelSerial, isDateFormatCode } from '../../../src/import/xlsx/index.js';
import { isDateFormat } from '../../../src/import/xlsx/number-formats.js';

const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => new Date(Date.UTC(y, m - 1, d, h, min, s, ms));

describe('excelSerialToDate', () => {
  it('1900 system with the Lotus leap-year bug', () => {
    expect(excelSerialToDate(0, false)).toEqual(utc(1899, 12, 31));
    expect(excelSerialToDate(1, false)).toEqual(utc(1900, 1, 1));
    expect(excelSerialToDate(59, false)).toEqual(utc(1900, 2, 28));
    expect(excelSerialToDate(60, false)).toEqual(utc(1900, 2, 28)); // the phantom 1900-02-29
    expect(excelSerialToDate(61, false)).toEqual(utc(1900, 3, 1));
    expect(excelSerialToDate(45306, false)).toEqual(utc(2024, 1, 15));
    expect(excelSerialToDate(45306.5, false)).toEqual(utc(2024, 1, 15, 12));
    expect(excelSerialToDate(2958465, false)).toEqual(utc(9999, 12, 31));
  });

  it('rounds time of day to the millisecond (floating-point serials)', () => {
    expect(excelSerialToDate(45351.572916666664, false)).toEqual(utc(2024, 2, 29, 13, 45));
    expect(excelSerialToDate(45306 + 1 / 86400 / 1000, false)).toEqual(utc(2024, 1, 15, 0, 0, 0, 1));
  });

  it('1904 system', () => {
    expect(excelSerialToDate(0, true)).toEqual(utc(1904, 1, 1));
    expect(excelSerialToDate(43844, true)).toEqual(utc(2024, 1, 15));
    expect(excelSerialToDate(2957003, true)).toEqual(utc(9999, 12, 31));
  });

  it('no date for negative, non-finite or too-large serials', () => {
    expect(excelSerialToDate(-1, false)).toBeNull();
    expect(excelSerialToDate(Number.NaN, false)).toBeNull();
    expect(excelSerialToDate(2958466, false)).toBeNull();
    expect(excelSerialToDate(2957004, true)).toBeNull();
  });

  it('round-trips through dateToExcelSerial', () => {
    for (const date of [utc(1900, 1, 1), utc(1900, 2, 28), utc(1900, 3, 1), utc(2024, 2, 29, 13, 45), utc(1999, 12, 31, 23, 59, 59)]) {
      expect(excelSerialToDate(dateToExcelSerial(date, false), false)).toEqual(date);
      if (date.getUTCFullYear() >= 1904) expect(excelSerialToDate(dateToExcelSerial(date, true), true)).toEqual(date);
    }
  });
});

describe('date formats', () => {
  it.each(['dd.mm.yyyy', 'DD/MM/YYYY', 'd-mmm-yy', 'h:mm AM/PM', '[h]:mm:ss', 'yyyy-mm-dd hh:mm', '[$-41F]d mmmm yyyy', '[$-F800]dddd, mmmm dd, yyyy', 'mm:ss.0', '"Tarih:" dd.mm.yyyy'])('%s is a date', (code) => {
    expect(isDateFormatCode(code)).toBe(true);
  });

  it.each(['General', '0', '0.00', '#,##0.00 "TL"', '"Adet: "0', '[Red]#,##0;[Blue]-#,##0', '0.00E+00', '0%', '@', '\\d\\a\\y 0', '_-* #,##0.00_-', '[h]', '# ?/?', '[$€-407] #,##0.00'])('%s is not a date', (code) => {
    expect(isDateFormatCode(code)).toBe(false);
  });

  it('built-in ids 14-22 and 45-47 are dates; a custom code for an id wins', () => {
    for (const id of [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]) expect(isDateFormat(id, undefined)).toBe(true);
    for (const id of [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 40, 48, 49]) expect(isDateFormat(id, undefined)).toBe(false);
    expect(isDateFormat(14, '0.00')).toBe(false);
    expect(isDateFormat(200, 'dd.mm.yyyy')).toBe(true);
  });
});
