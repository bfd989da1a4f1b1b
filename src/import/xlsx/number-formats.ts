// Which number formats make a number cell a date. Excel stores dates as serial numbers; only the cell's
// style (styles.xml cellXfs -> numFmtId -> built-in id or custom format code) tells them apart.

/** Built-in formats every reader must know (ECMA-376 Part 1, 18.8.30); custom ones start at 164. */
export const builtinFormats: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

const builtinDateIds = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** The format code of a built-in id, or `#<id>` for locale-dependent built-ins no table can name. */
export const builtinFormatCode = (id: number): string => builtinFormats[id] ?? `#${id}`;

/**
 * A custom format is a date/time format when, outside quoted literals, [brackets] (colours, locales, conditions,
 * elapsed-time markers), backslash-escaped characters and the `_x` / `*x` spacing and fill directives, it contains
 * d, m, y, h or s (either case; `AM/PM` contains m, which is right: it is a time).
 */
export function isDateFormatCode(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      if (close < 0) return false;
      i = close;
    } else if (c === '[') {
      const close = code.indexOf(']', i + 1);
      if (close < 0) return false;
      i = close;
    } else if (c === '\\' || c === '_' || c === '*') {
      i++;
    } else {
      const lower = c.toLowerCase();
      if (lower === 'd' || lower === 'm' || lower === 'y' || lower === 'h' || lower === 's') return true;
    }
  }
  return false;
}

export function isDateFormat(id: number, customCode: string | undefined): boolean {
  if (customCode !== undefined) return isDateFormatCode(customCode);
  return builtinDateIds.has(id);
}
