import { openWorkbook, findSheet } from '../../../src/import/xlsx/index.js';
import { type DetailedRow, type Row, type Workbook, type WorkbookLimits } from '../../../src/import/xlsx/types.js';

/** Opens, reads one sheet's rows (plain and detailed), closes. */
export async function readSheet(
  path: string,
  options: { sheet?: string | number; fromRow?: number; limits?: WorkbookLimits } = {},
): Promise<{ rows: Row[]; detailed: DetailedRow[]; wb: Workbook }> {
  const wb = await openWorkbook(path, options.limits);
  try {
    const sheet = findSheet(wb, options.sheet);
    const rows: Row[] = [];
    for await (const row of wb.rows(sheet, { fromRow: options.fromRow })) rows.push(row);
    const detailed: DetailedRow[] = [];
    for await (const row of wb.rowsDetailed(sheet, { fromRow: options.fromRow })) detailed.push(row);
    return { rows, detailed, wb };
  } finally {
    await wb.close();
  }
}

/** Just the cell values by row number, for compact expectations. */
export const byRow = (rows: Row[]): Record<number, unknown[]> => Object.fromEntries(rows.map((r) => [r.rowNumber, r.cells]));
