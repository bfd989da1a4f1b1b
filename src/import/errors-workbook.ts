import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { IntegrError } from '../errors.js';
import type { ImportJobRecord, ImportJobsRepo } from '../store/import-jobs.js';
import type { CellValue } from './cell.js';
import { decodeCells } from './cells-json.js';
import { numberToText } from './parse-text.js';

interface JobLayout {
  headerCells?: string[];
  textColumns?: number[];
}

/**
 * The failed rows of a job as a workbook people can fix and import again: the original header
 * row and cells, in their original columns, plus an Error column saying what was wrong (every
 * problem of the row, with its row number in the source). Streamed: a million failed rows are
 * fine.
 */
export async function writeErrorsWorkbook(jobs: ImportJobsRepo, job: ImportJobRecord, path: string): Promise<{ rows: number }> {
  const { default: ExcelJS } = await import('exceljs');
  const layout = job.options as JobLayout;
  const headers = layout.headerCells ?? [];
  const textColumns = new Set(layout.textColumns ?? []);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw new IntegrError('FILE', `cannot create the folder for ${path}: ${(err as Error).message}`);
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet((job.sheet ?? 'Errors').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  let width = headers.length;
  let rows = 0;
  let current: { rowNumber: number; cells: CellValue[]; reasons: string[] } | undefined;

  const flush = () => {
    if (!current) return;
    const cells = current.cells.map((c, i) => (textColumns.has(i) && typeof c === 'number' ? numberToText(c) : c));
    while (cells.length < width) cells.push(null);
    const row = ws.addRow([...cells, `row ${current.rowNumber}: ${current.reasons.join('; ')}`]);
    row.commit();
    rows++;
  };

  // The widest failed row decides where the Error column goes; headers alone may be narrower.
  for (const e of jobs.errors(job.id)) if (e.rowData) width = Math.max(width, decodeCells(e.rowData).length);
  const header = ws.addRow([...headers, ...Array(Math.max(0, width - headers.length)).fill(null), 'Error']);
  header.font = { bold: true };
  header.commit();
  for (const e of jobs.errors(job.id)) {
    if (!current || current.rowNumber !== e.rowNumber) {
      flush();
      current = { rowNumber: e.rowNumber, cells: decodeCells(e.rowData), reasons: [] };
    }
    current.reasons.push(e.column ? `${e.column}: ${e.reason}` : e.reason);
  }
  flush();
  ws.getColumn(width + 1).width = 60;
  ws.commit();
  try {
    await wb.commit();
  } catch (err) {
    throw new IntegrError('FILE', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
  return { rows };
}
