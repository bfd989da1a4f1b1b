import { IntegrError } from '../../errors.js';
import { type SheetInfo, type Workbook } from './types.js';

/**
 * The sheet to import: by exact name, then by name ignoring case and surrounding spaces (Turkish casing too:
 * "ÜRÜNLER" finds "Ürünler"), then by 1-based index (a number, or a string of digits naming no sheet). Without a
 * choice: the first visible worksheet. A wrong choice is a usage error that lists the sheets.
 */
export function findSheet(wb: Workbook, nameOrIndex?: string | number): SheetInfo {
  const sheets = wb.sheets;
  if (nameOrIndex === undefined || nameOrIndex === '') {
    const first = sheets.find((s) => s.kind === 'worksheet' && s.state === 'visible') ?? sheets.find((s) => s.kind === 'worksheet');
    if (!first) throw new IntegrError('FILE', `${wb.file}: has no worksheet with rows (${listSheets(sheets)})`);
    return first;
  }
  let found: SheetInfo | undefined;
  if (typeof nameOrIndex === 'number') {
    found = sheets.find((s) => s.index === nameOrIndex);
  } else {
    const wanted = nameOrIndex.trim();
    found =
      sheets.find((s) => s.name === nameOrIndex) ??
      sheets.find((s) => s.name.trim() === wanted) ??
      sheets.find((s) => sameIgnoringCase(s.name.trim(), wanted)) ??
      (/^\d+$/.test(wanted) ? sheets.find((s) => s.index === Number(wanted)) : undefined);
  }
  if (!found) {
    const what = typeof nameOrIndex === 'number' ? `sheet ${nameOrIndex}` : `sheet "${nameOrIndex}"`;
    throw new IntegrError('USAGE', `${wb.file}: has no ${what}; its sheets are ${listSheets(sheets)}`);
  }
  if (found.kind !== 'worksheet') {
    throw new IntegrError('FILE', `${wb.file}: sheet "${found.name}" is a ${found.kind.replace('sheet', ' sheet')} and has no rows; its sheets are ${listSheets(sheets)}`);
  }
  return found;
}

function sameIgnoringCase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || a.toLocaleLowerCase('tr-TR') === b.toLocaleLowerCase('tr-TR');
}

function listSheets(sheets: SheetInfo[]): string {
  return sheets
    .map((s) => {
      const notes = [s.kind !== 'worksheet' ? s.kind.replace('sheet', ' sheet') : '', s.state !== 'visible' ? 'hidden' : ''].filter(Boolean);
      return `${s.index} "${s.name}"${notes.length ? ` (${notes.join(', ')})` : ''}`;
    })
    .join(', ');
}
