import type { CellValue } from './cell.js';

// A failed row's original cells are kept (as JSON) so that the errors workbook can give them back
// as they were: dates stay dates, numbers stay numbers.

type Stored = string | number | boolean | null | { d: string };

export function encodeCells(cells: CellValue[]): string {
  return JSON.stringify(cells.map((c): Stored => (c instanceof Date ? { d: c.toISOString() } : (c ?? null))));
}

export function decodeCells(json: string | null): CellValue[] {
  if (!json) return [];
  return (JSON.parse(json) as Stored[]).map((c) => (c !== null && typeof c === 'object' ? new Date(c.d) : c));
}
