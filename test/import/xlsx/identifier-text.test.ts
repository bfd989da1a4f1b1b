import { describe, expect, it } from 'vitest';
import { identifierText } from '../../../src/import/xlsx/index.js';
import { expandDecimal } from '../../../src/import/xlsx/identifier-text.js';

// What the mapper turns SKU and barcode cells into: the digits a person typed, never 8.69E+12 or ...11.0.

describe('identifierText', () => {
  it('number cells: the stored digits, exponent notation expanded exactly, trailing .0 dropped', () => {
    expect(identifierText({ value: 8690000000011, kind: 'number', numFmt: 'General', numFmtId: 0, raw: '8690000000011' })).toBe('8690000000011');
    expect(identifierText({ value: 8.69e12, kind: 'number', numFmt: 'General', raw: '8.69E+12' })).toBe('8690000000000');
    expect(identifierText({ value: 123, kind: 'number', numFmt: 'General', raw: '123.0' })).toBe('123');
    expect(identifierText({ value: 12345678901234567000, kind: 'number', numFmt: 'General', raw: '1.2345678901234567E+19' })).toBe('12345678901234567000');
    expect(identifierText({ value: 0.1, kind: 'number', numFmt: 'General', raw: '0.1' })).toBe('0.1');
    expect(identifierText({ value: -42, kind: 'number', numFmt: 'General', raw: '-42' })).toBe('-42');
  });

  it('a zero-padding number format pads as Excel displays it', () => {
    expect(identifierText({ value: 123, kind: 'number', numFmt: '000000', numFmtId: 164, raw: '123' })).toBe('000123');
    expect(identifierText({ value: 8690000000011, kind: 'number', numFmt: '0000000000000', raw: '8690000000011' })).toBe('8690000000011');
    expect(identifierText({ value: 12.5, kind: 'number', numFmt: '000000', raw: '12.5' })).toBe('12.5');
    expect(identifierText({ value: 123, kind: 'number', numFmt: '#,##0', raw: '123' })).toBe('123');
  });

  it('plain values from rows()', () => {
    expect(identifierText(8690000000011)).toBe('8690000000011');
    expect(identifierText(1e21)).toBe('1000000000000000000000');
    expect(identifierText(1.5e-7)).toBe('0.00000015');
    expect(identifierText('  A-001 ')).toBe('  A-001 ');
    expect(identifierText(true)).toBe('TRUE');
    expect(identifierText(new Date(Date.UTC(2024, 0, 15)))).toBe('2024-01-15');
    expect(identifierText(new Date(Date.UTC(2024, 0, 15, 9, 30)))).toBe('2024-01-15T09:30:00.000Z');
    expect(identifierText(null)).toBe('');
  });

  it('other detailed kinds use their value', () => {
    expect(identifierText({ value: 'SKU-1', kind: 'string' })).toBe('SKU-1');
    expect(identifierText({ value: '#N/A', kind: 'error', raw: '#N/A' })).toBe('#N/A');
    expect(identifierText({ value: new Date(Date.UTC(2024, 1, 29)), kind: 'date', numFmt: 'dd.mm.yyyy', raw: '45351' })).toBe('2024-02-29');
  });
});

describe('expandDecimal', () => {
  it.each([
    ['1E+3', '1000'],
    ['1.5e2', '150'],
    ['-2.50', '-2.5'],
    ['00042', '42'],
    ['4.2E-3', '0.0042'],
    ['.5', '0.5'],
    ['-0', '0'],
    ['0.000', '0'],
  ])('%s → %s', (input, output) => expect(expandDecimal(input)).toBe(output));

  it('refuses what is not a decimal', () => {
    expect(expandDecimal('abc')).toBeUndefined();
    expect(expandDecimal('')).toBeUndefined();
    expect(expandDecimal('1e999999')).toBeUndefined();
  });
});
