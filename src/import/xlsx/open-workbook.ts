import { fileError, notXlsx } from './file-errors.js';
import { checkFile } from './check-file.js';
import { DEFAULT_LIMITS, ZipArchive, type EntryProgress } from './zip-archive.js';
import { parsePart, readPackage, type Package } from './read-package.js';
import { SharedStringsHandler, type SharedStringTable } from './shared-strings.js';
import { RowReader } from './row-reader.js';
import { type CellInfo, type CellValue, type DetailedRow, type Progress, type Row, type RowOptions, type SheetInfo, type Workbook, type WorkbookLimits } from './types.js';

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
          paddedNumbersAsText: !detailed && options.paddedNumbersAsText === true,
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
