import type { CellValue } from './cell.js';
import type { ColumnType } from './kinds.js';
import type { HeaderMatch } from './match-headers.js';
import { parseBoolean } from './parse-boolean.js';
import { parseDateCell } from './parse-date.js';
import { parseDecimal, parseInteger } from './parse-number.js';
import { numberToText, parseText } from './parse-text.js';
import type { Parsed } from './parsed.js';
import { formatExcelDate } from './excel-dates.js';

// The row mapper is pure: header match + cells in, typed values or the row's problems out.
// No store, no clock, no I/O; the rules about spreadsheets live in the parse-* modules it calls.

export type FieldValue = string | number | boolean;

export interface RowProblem {
  /** The column's header as written in the file. */
  column: string;
  /** The cell as text (null when empty). */
  raw: string | null;
  reason: string;
}

/** A failed row still carries the values that did parse (so a duplicate SKU is noticed even on a bad row). */
export type MappedRow = { ok: true; values: Record<string, FieldValue> } | { ok: false; values: Record<string, FieldValue>; problems: RowProblem[] };

export type RowMapper = (cells: CellValue[]) => MappedRow;

/** A cell as text, for error reports. */
export function rawText(cell: CellValue): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return numberToText(cell);
  if (cell instanceof Date) return formatExcelDate(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell;
}

export function isEmptyRow(cells: CellValue[]): boolean {
  for (const c of cells) {
    if (c === null || c === undefined) continue;
    if (typeof c === 'string' && c.trim() === '') continue;
    return false;
  }
  return true;
}

type Parser = (cell: CellValue) => Parsed<FieldValue | null>;

function parserFor(type: ColumnType, identifier: boolean, date1904: boolean): Parser {
  switch (type) {
    case 'text':
      return (c) => parseText(c, { identifier });
    case 'integer':
      return parseInteger;
    case 'decimal':
      return parseDecimal;
    case 'date':
      return (c) => parseDateCell(c, date1904);
    case 'boolean':
      return parseBoolean;
  }
}

export function compileRowMapper(match: HeaderMatch, options: { date1904: boolean }): RowMapper {
  const columns = match.matched.map((m) => ({
    index: m.index,
    header: m.header,
    key: m.column.key,
    required: m.column.required,
    parse: parserFor(m.column.type, m.column.identifier, options.date1904),
  }));
  return (cells) => {
    const values: Record<string, FieldValue> = {};
    let problems: RowProblem[] | undefined;
    for (const col of columns) {
      const cell = col.index < cells.length ? cells[col.index] : null;
      const p = col.parse(cell);
      if (!p.ok) {
        const raw = rawText(cell);
        (problems ??= []).push({ column: col.header, raw, reason: `${JSON.stringify(raw)} ${p.reason}` });
      } else if (p.value === null) {
        if (col.required) (problems ??= []).push({ column: col.header, raw: null, reason: 'is required, but the cell is empty' });
      } else values[col.key] = p.value;
    }
    return problems ? { ok: false, values, problems } : { ok: true, values };
  };
}
