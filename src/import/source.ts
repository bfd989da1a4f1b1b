import { openWorkbook, findSheet } from './xlsx/index.js';
import type { Workbook, SheetInfo } from './xlsx/index.js';

export type { Workbook, SheetInfo };

/** Open the workbook and pick the sheet (--sheet: name or 1-based index; default the first). */
export async function openSheet(file: string, sheet: string | number | undefined, limits: { maxUncompressedBytes?: number }): Promise<{ wb: Workbook; sheet: SheetInfo }> {
  const wb = await openWorkbook(file, limits);
  try {
    return { wb, sheet: findSheet(wb, sheet) };
  } catch (err) {
    await wb.close();
    throw err;
  }
}
