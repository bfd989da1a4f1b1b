import { open, stat } from 'node:fs/promises';
import { fileError, notXlsx } from './file-errors.js';
import { sniff } from './sniff.js';
import { classifyOleFile } from './ole-file.js';

// Before any zip parsing: the path is a readable, non-empty file whose first bytes say zip. Otherwise the message
// says what the file is instead (a CSV, a PDF, an .xls, an encrypted workbook).

export const SAVE_AS_XLSX = 'open it in Excel (or LibreOffice) and save it as "Excel Workbook (.xlsx)", then import that file';

/** Exists, is a regular non-empty file, and its first bytes say zip: otherwise say what it is instead. */
export async function checkFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw fileError(path, 'file not found', undefined, err);
    throw fileError(path, `cannot be read (${(err as Error).message})`, undefined, err);
  }
  if (info.isDirectory()) throw fileError(path, 'is a directory, not an .xlsx file');
  if (!info.isFile()) throw fileError(path, 'is not a regular file');
  if (info.size === 0) throw fileError(path, 'is empty (0 bytes), not an .xlsx workbook');

  const head = Buffer.alloc(Math.min(4096, info.size));
  try {
    const fh = await open(path, 'r');
    try {
      await fh.read(head, 0, head.length, 0);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw fileError(path, `cannot be read (${(err as Error).message})`, undefined, err);
  }
  const sniffed = sniff(head);
  if (sniffed.kind === 'zip') return info.size;
  if (sniffed.kind === 'cfb') {
    const kind = await classifyOleFile(path);
    if (kind === 'encrypted-ooxml') {
      throw notXlsx(path, 'is password-protected (encrypted), so it cannot be read: open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and import again');
    }
    if (kind === 'xls') throw notXlsx(path, `is an old Excel 97-2003 .xls workbook (OLE binary format), not .xlsx: ${SAVE_AS_XLSX}`);
    const what = { doc: 'an old Word .doc document', ppt: 'an old PowerPoint .ppt presentation', msg: 'an Outlook .msg message', other: 'an OLE compound file that holds no workbook' }[kind];
    throw notXlsx(path, `is not an Excel workbook: it is ${what}`);
  }
  throw notXlsx(path, `is not an Excel .xlsx workbook: it looks like ${sniffed.looksLike}; ${SAVE_AS_XLSX}`);
}

