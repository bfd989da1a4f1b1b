import { IntegrError } from '../errors.js';
import type { CellValue } from './cell.js';
import { headerText, looksLikeHeader } from './match-headers.js';
import type { Template } from './templates.js';

export interface SheetRow {
  rowNumber: number;
  cells: CellValue[];
}

/** How far down a sheet integr looks for the header row (title rows, logos, export notes above it). */
export const HEADER_SEARCH_ROWS = 20;

const preview = (cells: CellValue[]) =>
  cells
    .map(headerText)
    .filter(Boolean)
    .slice(0, 8)
    .join(', ');

/**
 * Consume rows up to and including the header row and return it. With --header-row, exactly
 * that row; otherwise the first of the first 20 non-empty rows that has every required column
 * of one of the candidate templates.
 */
export async function locateHeaderRow(
  rows: AsyncIterator<SheetRow>,
  options: { headerRow?: number; templates: Template[]; where: string },
): Promise<SheetRow> {
  const { where } = options;
  if (options.headerRow !== undefined) {
    const wanted = options.headerRow;
    let last = 0;
    for (;;) {
      const next = await rows.next();
      if (next.done) throw new IntegrError('FILE', `${where}: no header row: the sheet has no row ${wanted} (its last non-empty row is ${last || 'none'})`);
      const row = next.value;
      if (row.rowNumber === wanted) return row;
      if (row.rowNumber > wanted) throw new IntegrError('FILE', `${where}: no header row: row ${wanted} is empty`, { hint: '--header-row is the 1-based row number of the headers' });
      last = row.rowNumber;
    }
  }
  let first: SheetRow | undefined;
  for (let seen = 0; seen < HEADER_SEARCH_ROWS; seen++) {
    const next = await rows.next();
    if (next.done) break;
    first ??= next.value;
    if (looksLikeHeader(options.templates, next.value.cells)) return next.value;
  }
  const names = options.templates.map((t) => t.name).join(', ');
  throw new IntegrError(
    'FILE',
    `${where}: no header row: none of the first ${HEADER_SEARCH_ROWS} non-empty rows has the columns of ${options.templates.length > 1 ? 'any of the templates' : 'the template'} (${names})` +
      (first ? `; row ${first.rowNumber} has: ${preview(first.cells) || '(no text)'}` : ''),
    { hint: 'the first row should hold column headers such as SKU / Stok Kodu; pass --header-row <n> if they are further down, and `integr templates show <name>` for the accepted headers' },
  );
}
