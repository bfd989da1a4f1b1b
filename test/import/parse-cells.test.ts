import { describe, expect, it } from 'vitest';
import { parseDecimal, parseInteger, parseNumberText } from '../../src/import/parse-number.js';
import { parseText, numberToText } from '../../src/import/parse-text.js';
import { parseBoolean } from '../../src/import/parse-boolean.js';
import { parseDateCell } from '../../src/import/parse-date.js';
import { formatExcelDate, parseDateText, serialToDate } from '../../src/import/excel-dates.js';
import type { Parsed } from '../../src/import/parsed.js';

const value = <T>(p: Parsed<T>): T => {
  if (!p.ok) throw new Error(`expected a value, got: ${p.reason}`);
  return p.value;
};
const reason = (p: Parsed<unknown>): string => {
  if (p.ok) throw new Error(`expected a problem, got ${JSON.stringify(p.value)}`);
  return p.reason;
};

describe('decimals typed as text', () => {
  it.each([
    ['1234.56', 1234.56],
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ['1\u00a0234,56', 1234.56],
    ['1\u202f234\u202f567,5', 1234567.5],
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['0,99', 0.99],
    [',5', 0.5],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['₺1.234,56', 1234.56],
    ['1.234,56 TL', 1234.56],
    ['1.234,56TL', 1234.56],
    ['TRY 99,90', 99.9],
    ['$1,234.56', 1234.56],
    ['1 234,56 ₽', 1234.56],
    ['249,90 руб.', 249.9],
    ['-5', -5],
    ['−5,5', -5.5],
    ['(1.234,56)', -1234.56],
    ['5-', -5],
    ['₺-5', -5],
    ['-₺5', -5],
    ['+7', 7],
    ['%18', 18],
    ['20%', 20],
    ['1.5E+3', 1500],
    ['  42  ', 42],
    ['0', 0],
  ])('%j → %d', (text, expected) => {
    expect(value(parseNumberText(text))).toBe(expected);
  });

  it.each(['abc', '1.2.3,4,5', '12 34', '1,23,456', '1.234.56', '12a', '--', '', '₺', '1 234 5', '1,2.3.4', '--5', '+-5', '-+5', '5--', '-5-', '(-5)', '(5-)', '₺--5', '- -5'])('%j is not a number', (text) => {
    expect(reason(parseNumberText(text))).toMatch(/not a number/);
  });

  it('takes numeric cells as they are and empty cells as no value', () => {
    expect(value(parseDecimal(1234.5))).toBe(1234.5);
    expect(value(parseDecimal(null))).toBeNull();
    expect(value(parseDecimal('   '))).toBeNull();
    expect(reason(parseDecimal(true))).toMatch(/TRUE\/FALSE/);
    expect(reason(parseDecimal(new Date(0)))).toMatch(/date/);
    expect(reason(parseDecimal(Number.NaN))).toMatch(/finite/);
  });
});

describe('whole numbers', () => {
  it.each([
    [12, 12],
    [12.0000000001, 12],
    [-3, -3],
    ['1.234', 1234],
    ['1,234', 1234],
    ['1 234', 1234],
    ['12', 12],
    ['-7', -7],
    ['12,0', 12],
    ['1.234.567', 1234567],
  ])('%j → %d', (cell, expected) => {
    expect(value(parseInteger(cell))).toBe(expected);
  });

  it.each([[12.5], ['12,5'], ['1.23'], ['abc'], [true]])('%j is refused', (cell) => {
    expect(reason(parseInteger(cell))).toMatch(/whole number|not a number/);
  });

  it('treats -0 as 0 and refuses unsafe magnitudes', () => {
    expect(Object.is(value(parseInteger(-0)), 0)).toBe(true);
    expect(reason(parseInteger(1e20))).toMatch(/too large/);
  });
});

describe('identifiers and text', () => {
  it('keeps barcodes given as numbers as all their digits', () => {
    expect(value(parseText(8690000000011, { identifier: true }))).toBe('8690000000011');
    expect(value(parseText(8690000000011.0, { identifier: true }))).toBe('8690000000011');
    expect(value(parseText(12345678901234, { identifier: true }))).toBe('12345678901234');
    expect(numberToText(1e20)).toBe('100000000000000000000');
    expect(numberToText(0.000001)).toBe('0.000001');
    expect(numberToText(12.5)).toBe('12.5');
  });

  it('keeps leading zeros of text cells and trims', () => {
    expect(value(parseText('  00123 ', { identifier: true }))).toBe('00123');
    expect(value(parseText('0532 123 45 67'))).toBe('0532 123 45 67');
    expect(value(parseText(''))).toBeNull();
  });

  it('refuses identifiers Excel has already rounded', () => {
    expect(reason(parseText(12345678901234567890, { identifier: true }))).toMatch(/15 digits/);
  });

  it('writes booleans and dates as text', () => {
    expect(value(parseText(true))).toBe('TRUE');
    expect(value(parseText(new Date(Date.UTC(2024, 2, 5))))).toBe('2024-03-05');
  });
});

describe('booleans', () => {
  it.each([
    ['Evet', true], ['EVET', true], ['Hayır', false], ['HAYIR', false], ['hayir', false],
    ['Да', true], ['нет', false], ['НЕТ', false], ['yes', true], ['No', false], ['TRUE', true], ['false', false],
    ['1', true], ['0', false], ['Var', true], ['Yok', false], ['Aktif', true], ['Pasif', false],
    [1, true], [0, false], [true, true], [false, false],
  ] as const)('%j → %s', (cell, expected) => {
    expect(value(parseBoolean(cell))).toBe(expected);
  });

  it('refuses anything else', () => {
    expect(reason(parseBoolean('maybe'))).toMatch(/yes\/no/);
    expect(reason(parseBoolean(2))).toMatch(/yes\/no/);
    expect(value(parseBoolean(''))).toBeNull();
  });
});

describe('Excel date serials', () => {
  const iso = (serial: number, date1904 = false) => formatExcelDate(value(serialToDate(serial, date1904)));

  it('follows the 1900 system, including its phantom 29 February', () => {
    expect(iso(1)).toBe('1900-01-01');
    expect(iso(59)).toBe('1900-02-28');
    expect(reason(serialToDate(60, false))).toMatch(/1900-02-29/);
    expect(iso(61)).toBe('1900-03-01');
    expect(iso(45356)).toBe('2024-03-05');
    expect(iso(2958465)).toBe('9999-12-31');
  });

  it('follows the 1904 system when the workbook says so', () => {
    expect(iso(0, true)).toBe('1904-01-01');
    expect(iso(43894, true)).toBe('2024-03-05');
    expect(iso(60, true)).toBe('1904-03-01');
  });

  it('keeps the time of day, rounded to the second', () => {
    expect(iso(45356.5)).toBe('2024-03-05T12:00:00');
    expect(iso(45356 + 14.5 / 24)).toBe('2024-03-05T14:30:00');
    expect(iso(45356 + 86399 / 86400)).toBe('2024-03-05T23:59:59');
    expect(iso(45356.999999999)).toBe('2024-03-06');
  });

  it('refuses serials out of range', () => {
    expect(reason(serialToDate(0, false))).toMatch(/serial/);
    expect(reason(serialToDate(-1, true))).toMatch(/serial/);
    expect(reason(serialToDate(3e6, false))).toMatch(/serial/);
  });
});

describe('date text', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-3-5', '2024-03-05'],
    ['2024-03-05T14:30', '2024-03-05T14:30:00'],
    ['2024-03-05 14:30:15', '2024-03-05T14:30:15'],
    ['2024-03-05T14:30:15.123Z', '2024-03-05T14:30:15Z'],
    ['2024-03-05T14:30:15+0300', '2024-03-05T14:30:15+03:00'],
    ['05.03.2024', '2024-03-05'],
    ['5.3.2024', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['05-03-2024', '2024-03-05'],
    ['05.03.24', '2024-03-05'],
    ['05.03.99', '1999-03-05'],
    ['05.03.2024 09:15', '2024-03-05T09:15:00'],
    ['29.02.2024', '2024-02-29'],
  ])('%j → %s', (text, expected) => {
    expect(value(parseDateText(text))).toBe(expected);
  });

  it.each([
    ['29.02.2023', /day 29/],
    ['31.04.2024', /day 31/],
    ['03/13/2024', /month 13/],
    ['2024-13-01', /month 13/],
    ['next tuesday', /not a date/],
    ['45356', /not a date/],
    ['05.03.2024 25:00', /time/],
  ])('%j is refused', (text, why) => {
    expect(reason(parseDateText(text))).toMatch(why);
  });

  it('trusts date cells, reads numbers as serials in the workbook system', () => {
    expect(value(parseDateCell(new Date(Date.UTC(2024, 2, 5, 10, 0, 0)), false))).toBe('2024-03-05T10:00:00');
    expect(value(parseDateCell(45356, false))).toBe('2024-03-05');
    expect(value(parseDateCell(43894, true))).toBe('2024-03-05');
    expect(value(parseDateCell('05.03.2024', true))).toBe('2024-03-05');
    expect(value(parseDateCell(null, false))).toBeNull();
    expect(reason(parseDateCell(true, false))).toMatch(/TRUE\/FALSE/);
    expect(reason(parseDateCell(new Date(Number.NaN), false))).toMatch(/valid/);
  });
});
