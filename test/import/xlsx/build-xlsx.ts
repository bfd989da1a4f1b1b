import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildZip, type ZipEntryInput } from '../../helpers/zip.js';

// Hand-built workbooks: our own parts with our own XML, so quirks no writer library produces can be tested.

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface SheetSpec {
  name: string;
  /** The rows (inside <sheetData>), or a whole worksheet document when it starts with '<?xml' or '<worksheet'. */
  xml: string;
  state?: 'hidden' | 'veryHidden';
  /** Elements before <sheetData> (dimension, cols...). */
  head?: string;
}

export interface XlsxSpec {
  sheets: SheetSpec[];
  /** Plain strings (escaped here), or the whole sharedStrings.xml. */
  sharedStrings?: string[] | { xml: string };
  /** Whole styles.xml (see stylesXml). */
  styles?: string;
  date1904?: boolean;
  /** More zip entries (after the standard ones). */
  extra?: ZipEntryInput[];
  /** Standard part names to leave out. */
  omit?: string[];
  method?: 'store' | 'deflate';
}

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function worksheetXml(rows: string, head = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}">${head}<sheetData>${rows}</sheetData></worksheet>`;
}

/** styles.xml with custom number formats and one cellXfs entry per numFmtId given (style index = position). */
export function stylesXml(cellXfNumFmtIds: number[], numFmts: Array<{ id: number; code: string }> = []): string {
  const fmts = numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeXml(f.code)}"/>`).join('')}</numFmts>` : '';
  const xfs = cellXfNumFmtIds.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">${fmts}<fonts count="1"><font><sz val="11"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/></cellStyleXfs><cellXfs count="${cellXfNumFmtIds.length}">${xfs}</cellXfs></styleSheet>`;
}

export function sharedStringsXml(strings: string[]): string {
  const items = strings.map((s) => `<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${escapeXml(s)}</t></si>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${items}</sst>`;
}

export function buildXlsx(spec: XlsxSpec): Buffer {
  const omit = new Set(spec.omit ?? []);
  const method = spec.method ?? 'deflate';
  const entries: ZipEntryInput[] = [];
  const add = (name: string, data: string) => {
    if (!omit.has(name)) entries.push({ name, data, method });
  };
  const sheetParts = spec.sheets.map((s, i) => `worksheets/sheet${i + 1}.xml`);
  add(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
  );
  add('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  const sheetsXml = spec.sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('');
  add(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${spec.date1904 ? ' date1904="1"' : ''}/><sheets>${sheetsXml}</sheets></workbook>`,
  );
  const rels = sheetParts.map((p, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="${p}"/>`);
  const n = spec.sheets.length;
  if (spec.sharedStrings) rels.push(`<Relationship Id="rId${n + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (spec.styles) rels.push(`<Relationship Id="rId${n + 2}" Type="${REL}/styles" Target="styles.xml"/>`);
  add('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`);
  spec.sheets.forEach((s, i) => {
    const whole = s.xml.startsWith('<?xml') || s.xml.startsWith('<worksheet');
    add(`xl/${sheetParts[i]}`, whole ? s.xml : worksheetXml(s.xml, s.head));
  });
  if (spec.sharedStrings) add('xl/sharedStrings.xml', Array.isArray(spec.sharedStrings) ? sharedStringsXml(spec.sharedStrings) : spec.sharedStrings.xml);
  if (spec.styles) add('xl/styles.xml', spec.styles);
  entries.push(...(spec.extra ?? []));
  return buildZip(entries);
}

/** Writes a built workbook (or any bytes) into dir and returns its path. */
export function writeFixture(dir: string, name: string, data: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}
