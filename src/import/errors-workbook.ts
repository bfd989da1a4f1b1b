import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IntegrError, usageError } from '../errors.js';
import type { ImportJobRecord, ImportJobsRepo } from '../store/import-jobs.js';
import type { CellValue } from './cell.js';
import { decodeCells } from './cells-json.js';
import { numberToText } from './parse-text.js';

interface JobLayout {
  headerCells?: string[];
  textColumns?: number[];
}

/** The same file: one path, or two names (a link, `./x` and `x`) of one inode. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const sa = statSync(a, { throwIfNoEntry: false });
  const sb = statSync(b, { throwIfNoEntry: false });
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}

/**
 * Where an errors workbook may go: an .xlsx path that is not the workbook being imported and not
 * the store (or its WAL files). Checked before an import starts, so a typo costs nothing. An
 * existing errors workbook of that name is replaced. Returns the absolute path.
 */
export function checkErrorsTarget(path: string, protect: { workbook: string; store: string }): string {
  const abs = resolve(path);
  if (!/\.xlsx$/i.test(abs)) throw usageError(`the errors workbook must be an .xlsx file: ${path}`, 'for example --errors-out errors.xlsx');
  if (sameFile(abs, protect.workbook)) throw usageError(`the errors workbook ${path} is the workbook being imported; writing it would destroy the rows that did not fail`, 'pick another name, for example errors.xlsx');
  for (const f of [protect.store, `${protect.store}-wal`, `${protect.store}-shm`]) {
    if (sameFile(abs, f)) throw usageError(`the errors workbook ${path} is integr's store; pick another name`);
  }
  const st = statSync(abs, { throwIfNoEntry: false });
  if (st && !st.isFile()) throw usageError(`the errors workbook ${path} exists and is not a file`);
  return abs;
}

/**
 * The failed rows of a job as a workbook people can fix and import again: the original header
 * row and cells, in their original columns, plus an Error column saying what was wrong (every
 * problem of the row, with its row number in the source). Streamed: a million failed rows are
 * fine.
 */
export async function writeErrorsWorkbook(jobs: ImportJobsRepo, job: ImportJobRecord, target: string, storePath: string): Promise<{ rows: number }> {
  const path = checkErrorsTarget(target, { workbook: job.file, store: storePath });
  const { default: ExcelJS } = await import('exceljs');
  const layout = job.options as JobLayout;
  const headers = layout.headerCells ?? [];
  const textColumns = new Set(layout.textColumns ?? []);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw new IntegrError('FILE', `cannot create the folder for ${path}: ${(err as Error).message}`);
  }
  // Written beside the target and renamed over it at the end: a failure never leaves half a workbook.
  const partial = `${path}.${process.pid}.partial`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useStyles: true, useSharedStrings: false });
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
    renameSync(partial, path);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new IntegrError('FILE', `cannot write ${path}: ${(err as Error).message}`, { cause: err });
  }
  return { rows };
}
