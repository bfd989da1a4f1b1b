import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { inflateRawSync as inflate } from 'node:zlib';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openWorkbook, findSheet } from '../../../src/import/xlsx/index.js';
import { IntegrError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/cli.js';
import { rejected } from '../../helpers/errors.js';
import { buildZip } from '../../helpers/zip.js';
import { buildXlsx, writeFixture } from './build-xlsx.js';
import { buildOleFile } from './build-ole.js';

// Every bad input is an IntegrError with exit code 2 and a one-line message that names the file.

let dir: string;
let cleanup: () => void;
let good: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('integr-xlsx-bad-'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ürünler');
  for (let i = 1; i <= 300; i++) ws.addRow([`SKU-${i}`, `Ürün ${i} çok güzel bir ürün`, i * 1.5]);
  good = join(dir, 'good.xlsx');
  await wb.xlsx.writeFile(good);
});
afterAll(() => cleanup());

async function readAll(path: string, limits?: Parameters<typeof openWorkbook>[1]): Promise<number> {
  const wb = await openWorkbook(path, limits);
  try {
    let n = 0;
    for await (const _row of wb.rows(findSheet(wb))) n++;
    return n;
  } finally {
    await wb.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<IntegrError> {
  const e = await rejected(promise);
  expect(e.exitCode).toBe(2);
  expect(e.message).not.toContain("\n");
  return e;
}

describe('files that cannot be opened', () => {
  it('a missing file', async () => {
    const path = join(dir, 'nope.xlsx');
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('FILE');
    expect(e.message).toBe(`${path}: file not found`);
  });

  it('a directory', async () => {
    const path = join(dir, 'folder.xlsx');
    mkdirSync(path);
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('FILE');
    expect(e.message).toBe(`${path}: is a directory, not an .xlsx file`);
  });

  it('an empty file', async () => {
    const path = writeFixture(dir, 'empty.xlsx', Buffer.alloc(0));
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('FILE');
    expect(e.message).toContain(`${path}: is empty (0 bytes)`);
  });
});

describe('other formats renamed to .xlsx', () => {
  it('a CSV says so, with its delimiter', async () => {
    const path = writeFixture(dir, 'products-csv.xlsx', 'sku;name;qty\nA-1;Çanta;3\nA-2;Şemsiye;5\n');
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain(path);
    expect(e.message).toContain('CSV text file (values separated by semicolons)');
    expect(e.message).toContain('save it as "Excel Workbook (.xlsx)"');
  });

  it('a comma CSV with a UTF-8 BOM', async () => {
    const path = writeFixture(dir, 'bom.xlsx', '\uFEFFsku,name\nA-1,x\n');
    const e = await failure(openWorkbook(path));
    expect(e.message).toContain('CSV text file (values separated by commas)');
  });

  it('a PDF', async () => {
    const path = writeFixture(dir, 'invoice.xlsx', Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(200, 1)]));
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain(`${path}: is not an Excel .xlsx workbook: it looks like a PDF document`);
  });

  it('an HTML page posing as a spreadsheet', async () => {
    const path = writeFixture(dir, 'export.xlsx', '<html><body><table><tr><td>sku</td></tr></table></body></html>');
    const e = await failure(openWorkbook(path));
    expect(e.message).toContain('an HTML page');
  });

  it('an old .xls (OLE binary) says so and suggests saving as .xlsx', async () => {
    const path = writeFixture(dir, 'old.xlsx', buildOleFile(['Workbook', '\u0005SummaryInformation']));
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain(`${path}: is an old Excel 97-2003 .xls workbook`);
    expect(e.message).toContain('save it as "Excel Workbook (.xlsx)"');
  });

  it('a password-protected workbook is recognised as encrypted', async () => {
    const path = writeFixture(dir, 'secret.xlsx', buildOleFile(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']));
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain(`${path}: is password-protected (encrypted)`);
    expect(e.message).toContain('remove the password');
  });

  it('an encrypted workbook with a damaged OLE header is still recognised', async () => {
    const path = writeFixture(dir, 'secret-damaged.xlsx', buildOleFile(['EncryptionInfo', 'EncryptedPackage'], { damageHeader: true }));
    const e = await failure(openWorkbook(path));
    expect(e.message).toContain('password-protected');
  });

  it('an OLE file that is no workbook', async () => {
    const path = writeFixture(dir, 'letter.xlsx', buildOleFile(['WordDocument']));
    const e = await failure(openWorkbook(path));
    expect(e.message).toContain('an old Word .doc document');
  });

  it('unrecognised binary data shows its first bytes', async () => {
    const path = writeFixture(dir, 'blob.xlsx', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xed, 0x00, 0x00, 0x10]));
    const e = await failure(openWorkbook(path));
    expect(e.message).toContain('unrecognised binary file (it starts with bytes 00 01 02 03 fe ed 00 00)');
  });
});

describe('damaged zips', () => {
  it('a truncated workbook', async () => {
    const bytes = readFileSync(good);
    const path = writeFixture(dir, 'truncated.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain(`${path}: is not a readable .xlsx: the zip is damaged or truncated`);
  });

  it('corrupt compressed sheet data', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`).join('');
    const bytes = buildXlsx({ sheets: [{ name: 'S', xml: rows }] });
    const marker = bytes.indexOf(Buffer.from('xl/worksheets/sheet1.xml'));
    // scramble the middle of the sheet's deflate stream (it follows its local header's name)
    const start = marker + 'xl/worksheets/sheet1.xml'.length + 200;
    for (let i = start; i < start + 400; i++) bytes[i] = (bytes[i] * 31 + 17) & 0xff;
    const path = writeFixture(dir, 'corrupt.xlsx', bytes);
    const e = await failure(readAll(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain(`${path}: is damaged`);
  });

  it('an entry encrypted with zip encryption', async () => {
    const bytes = buildZip([
      { name: '_rels/.rels', data: '<Relationships/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>', encryptedFlag: true },
    ]);
    const path = writeFixture(dir, 'zipcrypto.xlsx', bytes);
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain('encrypted inside the zip');
  });
});

describe('zips that are not workbooks', () => {
  it('a plain zip archive', async () => {
    const path = writeFixture(dir, 'photos.xlsx', buildZip([{ name: 'readme.txt', data: 'hello' }, { name: 'img/a.png', data: Buffer.alloc(100) }]));
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toBe(`${path}: is a zip archive but not an Excel workbook (it has no xl/workbook.xml)`);
  });

  it('a Word document', async () => {
    const path = writeFixture(dir, 'letter.docx.xlsx', buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]));
    const e = await failure(openWorkbook(path));
    expect(e.message).toContain('is a Word document (.docx)');
  });

  it('an .xlsb binary workbook', async () => {
    const path = writeFixture(dir, 'binary.xlsx', buildZip([{ name: 'xl/workbook.bin', data: Buffer.alloc(64) }]));
    const e = await failure(openWorkbook(path));
    expect(e.message).toContain('Excel binary workbook (.xlsb)');
  });
});

describe('zip bombs', () => {
  it('refuses a workbook whose declared sizes exceed the total limit, before inflating anything', async () => {
    const path = writeFixture(dir, 'big.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }], extra: [{ name: 'xl/media/blob.bin', data: Buffer.alloc(2 * 1024 * 1024, 7) }] }));
    const e = await failure(openWorkbook(path, { maxUncompressedBytes: 1024 * 1024 }));
    expect(e.code).toBe('FILE');
    expect(e.message).toContain(`${path}: expands to more than 1.0 MiB (the limit); refusing it as a likely zip bomb`);
    // the same file is fine under the default 2 GiB limit
    expect(await readAll(path)).toBe(1);
  });

  it('refuses a part with an absurd compression ratio (default limits)', async () => {
    const filler = Buffer.alloc(17 * 1024 * 1024, 0x20);
    const path = writeFixture(dir, 'ratio.xlsx', buildXlsx({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }], extra: [{ name: 'xl/media/zeros.bin', data: filler }] }));
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('FILE');
    expect(e.message).toMatch(/part xl\/media\/zeros\.bin expands \d+:1 to 17\.0 MiB \(limit 200:1\); refusing it as a likely zip bomb/);
  });

  it('stops a part that inflates beyond its declared size (a lying header)', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const bytes = buildXlsx({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }], omit: ['xl/worksheets/sheet1.xml'] });
    // rebuild with the sheet declaring 2 KB while holding ~700 KB
    const zip = buildZip([
      ...extractEntries(bytes),
      { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`, declaredSize: 2048 },
    ]);
    const path = writeFixture(dir, 'liar.xlsx', zip);
    const e = await failure(readAll(path));
    expect(e.code).toBe('FILE');
    expect(e.message).toContain(`${path}: part xl/worksheets/sheet1.xml expands beyond its declared 2048 bytes`);
  });
});

describe('workbooks without data', () => {
  it('a sheet with no rows', async () => {
    const path = writeFixture(dir, 'blank.xlsx', buildXlsx({ sheets: [{ name: 'Boş', xml: '<row r="1" spans="1:3" s="2" customFormat="1"/><row r="2"><c r="A2" s="1"/></row>' }] }));
    const e = await failure(readAll(path));
    expect(e.code).toBe('FILE');
    expect(e.message).toBe(`${path}: sheet "Boş" has no rows`);
  });

  it('findSheet lists the sheets when the choice is wrong', async () => {
    const path = writeFixture(dir, 'two.xlsx', buildXlsx({ sheets: [{ name: 'Ürünler', xml: '' }, { name: 'Stok', xml: '', state: 'hidden' }] }));
    const wb = await openWorkbook(path);
    try {
      let e: unknown;
      try {
        findSheet(wb, 'Fiyatlar');
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(IntegrError);
      expect((e as IntegrError).exitCode).toBe(2);
      expect((e as IntegrError).message).toBe(`${path}: has no sheet "Fiyatlar"; its sheets are 1 "Ürünler", 2 "Stok" (hidden)`);
      expect(() => findSheet(wb, 3)).toThrow(`${path}: has no sheet 3; its sheets are 1 "Ürünler", 2 "Stok" (hidden)`);
    } finally {
      await wb.close();
    }
  });
});

/** The entries of a zip built by buildZip, re-readable for a rebuild (stored data only needs inflating). */
function extractEntries(zip: Buffer): Array<{ name: string; data: Buffer }> {
  const out: Array<{ name: string; data: Buffer }> = [];
  let p = 0;
  while (zip.readUInt32LE(p) === 0x04034b50) {
    const method = zip.readUInt16LE(p + 8);
    const compressed = zip.readUInt32LE(p + 18);
    const nameLength = zip.readUInt16LE(p + 26);
    const name = zip.toString('utf8', p + 30, p + 30 + nameLength);
    const body = zip.subarray(p + 30 + nameLength, p + 30 + nameLength + compressed);
    out.push({ name, data: method === 8 ? inflate(body) : Buffer.from(body) });
    p += 30 + nameLength + compressed;
  }
  return out;
}
