import { IntegrError } from '../../errors.js';

// Every problem with the input file is one line that names the file, with exit code 2.

/** The file cannot be used as given (missing, a directory, empty, too large, no rows). */
export const fileError = (file: string, problem: string, hint?: string, cause?: unknown) =>
  new IntegrError('FILE', `${file}: ${problem}`, { hint, cause });

/** The file is not a readable .xlsx workbook (another format, damaged, encrypted). */
export const notXlsx = (file: string, problem: string, hint?: string, cause?: unknown) =>
  new IntegrError('NOT_XLSX', `${file}: ${problem}`, { hint, cause });
