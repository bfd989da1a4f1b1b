import { open, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { type Entry } from 'yauzl';
import { fileError, notXlsx } from './file-errors.js';
import { sniff } from './sniff.js';
import { classifyOleFile } from './ole-file.js';
import { DEFAULT_LIMITS, ZipArchive, type EntryProgress } from './zip-archive.js';
import { XmlSyntaxError, XmlTokenizer, type XmlHandler } from './xml-tokenizer.js';
import { RelationshipsHandler, WorkbookHandler, type Relationship } from './workbook-parts.js';
import { StyleTable, StylesHandler } from './styles.js';
import { SharedStringsHandler, type SharedStringTable } from './shared-strings.js';
import { rowsInDimension } from './dimension.js';
import { SheetHandler } from './sheet-parser.js';
import { WorksheetTokenizer } from './worksheet-tokenizer.js';
import { RowReader } from './row-reader.js';
import { type CellInfo, type CellValue, type DetailedRow, type Progress, type Row, type RowOptions, type SheetInfo, type Workbook, type WorkbookLimits } from './types.js';

const SAVE_AS_XLSX = 'open it in Excel (or LibreOffice) and save it as "Excel Workbook (.xlsx)", then import that file';
/** How far into a sheet part to look for <dimension> before giving up on it. */
const HEAD_BYTES = 256 * 1024;

/**
 * Opens an .xlsx workbook for streaming reads. Everything wrong with the file (missing, not an xlsx, encrypted,
 * damaged, a zip bomb) is an IntegrError 'FILE' or 'NOT_XLSX' whose one-line message names the file.
 */
export async function openWorkbook(path: string, limits: WorkbookLimits = {}): Promise<Workbook> {
  const effective = { ...DEFAULT_LIMITS, ...stripUndefined(limits) };
  const size = await checkFile(path);
  const archive = await ZipArchive.open(path, effective);
  try {
    const pkg = await readPackage(archive);
    return new XlsxWorkbook(path, size, archive, pkg);
  } catch (err) {
    archive.close();
    throw err;
  }
}

function stripUndefined(limits: WorkbookLimits): WorkbookLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

/** Exists, is a regular non-empty file, and its first bytes say zip: otherwise say what it is instead. */
async function checkFile(path: string): Promise<number> {
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

interface Package {
  date1904: boolean;
  sheets: SheetInfo[];
  sharedStrings?: Entry;
  styles: StyleTable;
}

async function readPackage(archive: ZipArchive): Promise<Package> {
  const file = archive.file;
  const rootRels = archive.find('_rels/.rels');
  const packageRels = rootRels ? (await parsePart(archive, rootRels, new RelationshipsHandler(''))).relationships : [];
  const workbookPath = packageRels.find((r) => r.type === 'officeDocument' && r.target)?.target ?? 'xl/workbook.xml';
  const workbookEntry = archive.find(workbookPath) ?? archive.find('xl/workbook.xml');
  if (!workbookEntry) throw notXlsx(file, describeOtherZip(archive));

  const workbook = await parsePart(archive, workbookEntry, new WorkbookHandler());
  if (!workbook.sawWorkbook) throw notXlsx(file, `is not an Excel workbook: ${workbookEntry.fileName} is not a workbook part`);
  if (workbook.sheets.length === 0) throw notXlsx(file, 'is damaged: the workbook lists no sheets');

  const relsPath = posix.join(posix.dirname(workbookEntry.fileName), '_rels', `${posix.basename(workbookEntry.fileName)}.rels`);
  const relsEntry = archive.find(relsPath);
  const rels: Relationship[] = relsEntry ? (await parsePart(archive, relsEntry, new RelationshipsHandler(workbookEntry.fileName))).relationships : [];
  const byId = new Map(rels.map((r) => [r.id, r]));
  const partOf = (type: string, fallback: string) => archive.find(rels.find((r) => r.type === type && r.target)?.target ?? fallback) ?? archive.find(fallback);

  const sheets: SheetInfo[] = [];
  for (const [i, sheet] of workbook.sheets.entries()) {
    const rel = byId.get(sheet.relId);
    const entry = rel?.target ? archive.find(rel.target) : undefined;
    const kind = rel?.type === 'chartsheet' ? 'chartsheet' : rel?.type === 'dialogsheet' ? 'dialogsheet' : rel?.type === 'xlMacrosheet' ? 'macrosheet' : 'worksheet';
    const info: SheetInfo = {
      name: sheet.name,
      index: i + 1,
      path: entry?.fileName ?? rel?.target ?? '',
      kind,
      state: sheet.state,
      compressedBytes: entry?.compressedSize ?? 0,
      uncompressedBytes: entry?.uncompressedSize ?? 0,
    };
    if (entry && kind === 'worksheet') {
      const dimension = await readDimension(archive, entry);
      if (dimension !== undefined) {
        info.dimension = dimension;
        const rows = rowsInDimension(dimension);
        if (rows !== undefined) info.estimatedRows = rows;
      }
    }
    sheets.push(info);
  }

  const stylesEntry = partOf('styles', 'xl/styles.xml');
  const styles = stylesEntry ? (await parsePart(archive, stylesEntry, new StylesHandler())).table() : StyleTable.empty();
  return { date1904: workbook.date1904, sheets, sharedStrings: partOf('sharedStrings', 'xl/sharedStrings.xml'), styles };
}

/** A zip without a workbook part: name what it is when we can. */
function describeOtherZip(archive: ZipArchive): string {
  const has = (name: string) => archive.find(name) !== undefined;
  if (has('xl/workbook.bin')) return `is an Excel binary workbook (.xlsb), not .xlsx: ${SAVE_AS_XLSX}`;
  if (has('word/document.xml')) return 'is a Word document (.docx), not an Excel workbook';
  if (has('ppt/presentation.xml')) return 'is a PowerPoint presentation (.pptx), not an Excel workbook';
  if (has('mimetype') && has('content.xml')) return `is an OpenDocument file (.ods/.odt), not .xlsx: ${SAVE_AS_XLSX}`;
  return 'is a zip archive but not an Excel workbook (it has no xl/workbook.xml)';
}

async function parsePart<H extends XmlHandler>(archive: ZipArchive, entry: Entry, handler: H): Promise<H> {
  const tokenizer = new XmlTokenizer(handler);
  try {
    for await (const chunk of archive.chunks(entry)) tokenizer.write(chunk);
    tokenizer.end();
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw notXlsx(archive.file, `is damaged: ${entry.fileName} is not well-formed XML (${err.message})`, undefined, err);
    throw err;
  }
  return handler;
}

async function readDimension(archive: ZipArchive, entry: Entry): Promise<string | undefined> {
  // the worksheet's own parser, told to stop at the rows: the dimension comes before them
  const context = { file: archive.file, sheetName: entry.fileName, sharedStrings: null, styles: StyleTable.empty(), date1904: false, detailed: false, fromRow: 1, headOnly: true };
  const handler = new SheetHandler(context, () => {});
  const tokenizer = new WorksheetTokenizer(handler);
  let seen = 0;
  try {
    for await (const chunk of archive.chunks(entry)) {
      tokenizer.write(chunk);
      seen += chunk.length;
      if (handler.dimension !== undefined || handler.sawSheetData || seen > HEAD_BYTES) break;
    }
  } catch (err) {
    // the sheet itself reports damage when it is read; a head that does not parse just has no dimension
    if (!(err instanceof XmlSyntaxError)) throw err;
  }
  return handler.dimension;
}

class XlsxWorkbook implements Workbook {
  readonly file: string;
  readonly size: number;
  readonly date1904: boolean;
  readonly sheets: SheetInfo[];
  private readonly archive: ZipArchive;
  private readonly pkg: Package;
  private sharedStrings: Promise<SharedStringTable | null> | undefined;
  private current: EntryProgress = { bytesRead: 0, bytesTotal: 0 };
  private readonly readers = new Set<RowReader<unknown>>();

  constructor(file: string, size: number, archive: ZipArchive, pkg: Package) {
    this.file = file;
    this.size = size;
    this.archive = archive;
    this.pkg = pkg;
    this.date1904 = pkg.date1904;
    this.sheets = pkg.sheets;
  }

  rows(sheet: SheetInfo, options: RowOptions = {}): AsyncIterable<Row> {
    return this.iterate(sheet, options, false, (rowNumber, cells) => ({ rowNumber, cells: cells as CellValue[] }));
  }

  rowsDetailed(sheet: SheetInfo, options: RowOptions = {}): AsyncIterable<DetailedRow> {
    return this.iterate(sheet, options, true, (rowNumber, cells) => ({ rowNumber, cells: cells as (CellInfo | null)[] }));
  }

  rowBatches(sheet: SheetInfo, options: RowOptions = {}): AsyncIterable<Row[]> {
    return this.iterate(sheet, options, false, (rowNumber, cells) => ({ rowNumber, cells: cells as CellValue[] }), true);
  }

  progress(): Progress {
    return { bytesRead: this.current.bytesRead, bytesTotal: this.current.bytesTotal };
  }

  async close(): Promise<void> {
    for (const reader of [...this.readers]) await reader.return();
    this.archive.close();
  }

  private iterate<T>(sheet: SheetInfo, options: RowOptions, detailed: boolean, makeRow: (rowNumber: number, cells: unknown[]) => T): AsyncIterable<T>;
  private iterate<T>(sheet: SheetInfo, options: RowOptions, detailed: boolean, makeRow: (rowNumber: number, cells: unknown[]) => T, batches: true): AsyncIterable<T[]>;
  private iterate<T>(sheet: SheetInfo, options: RowOptions, detailed: boolean, makeRow: (rowNumber: number, cells: unknown[]) => T, batches = false): AsyncIterable<T | T[]> {
    return {
      [Symbol.asyncIterator]: () => {
        let reader: RowReader<T> | undefined;
        let opening: Promise<RowReader<T>> | undefined;
        const ready = () => (opening ??= this.openReader(sheet, options, detailed, makeRow).then((r) => (reader = r)));
        const pull = (r: RowReader<T>): Promise<IteratorResult<T | T[]>> => (batches ? r.nextBatch() : r.next());
        return {
          next: () => (reader !== undefined ? pull(reader) : ready().then(pull)),
          return: async () => {
            // a reader that failed to open has nothing to release (its error went to next())
            const opened = opening ? await opening.catch(() => undefined) : undefined;
            await opened?.return();
            return { value: undefined, done: true as const };
          },
          [Symbol.asyncIterator]() {
            return this;
          },
        };
      },
    };
  }

  private async openReader<T>(sheet: SheetInfo, options: RowOptions, detailed: boolean, makeRow: (rowNumber: number, cells: unknown[]) => T): Promise<RowReader<T>> {
    const known = this.sheets.find((s) => s.index === sheet.index && s.name === sheet.name);
    if (!known) throw fileError(this.file, `has no sheet "${sheet.name}"`);
    if (known.kind !== 'worksheet') throw fileError(this.file, `sheet "${known.name}" is a ${known.kind.replace('sheet', ' sheet')}: it has no rows`);
    const entry = known.path === '' ? undefined : this.archive.find(known.path);
    if (!entry) throw notXlsx(this.file, `is damaged: the part of sheet "${known.name}" (${known.path || 'no target'}) is missing`);
    if (options.signal?.aborted) throw options.signal.reason;
    const sharedStrings = await this.loadSharedStrings();
    const progress: EntryProgress = { bytesRead: 0, bytesTotal: entry.compressedSize };
    this.current = progress;
    const reader: RowReader<T> = new RowReader(
      {
        chunks: this.archive.chunks(entry, progress, options.signal),
        context: {
          file: this.file,
          sheetName: known.name,
          sharedStrings,
          styles: this.pkg.styles,
          date1904: this.date1904,
          detailed,
          fromRow: options.fromRow ?? 1,
        },
        signal: options.signal,
        onFinish: () => this.readers.delete(reader as RowReader<unknown>),
      },
      makeRow,
    );
    this.readers.add(reader as RowReader<unknown>);
    return reader;
  }

  private loadSharedStrings(): Promise<SharedStringTable | null> {
    this.sharedStrings ??= (async () => {
      const entry = this.pkg.sharedStrings;
      if (!entry) return null;
      // decoded text is never longer than the XML holding it, so the part's size is room enough
      const handler = await parsePart(this.archive, entry, new SharedStringsHandler(entry.uncompressedSize));
      handler.table.finish();
      return handler.table;
    })();
    return this.sharedStrings;
  }
}
