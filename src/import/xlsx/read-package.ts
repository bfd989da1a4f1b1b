import { posix } from 'node:path';
import { type Entry } from 'yauzl';
import { notXlsx } from './file-errors.js';
import { SAVE_AS_XLSX } from './check-file.js';
import { type ZipArchive } from './zip-archive.js';
import { XmlSyntaxError, XmlTokenizer, type XmlHandler } from './xml-tokenizer.js';
import { RelationshipsHandler, WorkbookHandler, type Relationship } from './workbook-parts.js';
import { StyleTable, StylesHandler } from './styles.js';
import { rowsInDimension } from './dimension.js';
import { SheetHandler } from './sheet-parser.js';
import { WorksheetTokenizer } from './worksheet-tokenizer.js';
import { type SheetInfo } from './types.js';

// The workbook's structure from its small parts: package relationships -> workbook.xml (sheets, date system) ->
// workbook relationships (sheet, shared-string and style parts) -> styles; and each sheet's dimension.

/** How far into a sheet part to look for <dimension> before giving up on it. */
const HEAD_BYTES = 256 * 1024;

export interface Package {
  date1904: boolean;
  sheets: SheetInfo[];
  sharedStrings?: Entry;
  styles: StyleTable;
}

export async function readPackage(archive: ZipArchive): Promise<Package> {
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

export async function parsePart<H extends XmlHandler>(archive: ZipArchive, entry: Entry, handler: H): Promise<H> {
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

