import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbook, findSheet } from '../../../src/import/xlsx/index.js';
import { IntegrError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/cli.js';
import { buildXlsx, stylesXml, worksheetXml, writeFixture, type XlsxSpec } from './build-xlsx.js';
import { byRow, readSheet } from './read-helpers.js';

// Hand-built workbooks for what writer libraries rarely produce: every value type, escapes, missing r,
// phantom rows, odd number formats and both date systems.

let dir: string;
let cleanup: () => void;
let counter = 0;
beforeAll(() => ({ dir, cleanup } = tempDir('integr-xlsx-values-')));
afterAll(() => cleanup());

const fixture = (spec: XlsxSpec) => writeFixture(dir, `f${++counter}.xlsx`, buildXlsx(spec));
const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h, min, s));

describe('strings', () => {
  it('shared strings: plain, rich text runs, phonetic runs left out, entities and _xHHHH_ escapes', async () => {
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <si><t>Çamaşır &amp; Kurutma</t></si>
      <si><r><rPr><b/><sz val="11"/></rPr><t>Kırmızı</t></r><r><t xml:space="preserve"> </t></r><r><rPr><i/></rPr><t>Şemsiye</t></r></si>
      <si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>
      <si><t>satır1_x000D_
satır2</t></si>
      <si><t>_x005F_x000D_ is literal</t></si>
      <si><t>&#x130;stanbul &#252;&lt;&gt;&quot;&apos;</t></si>
      <si/>
      <si><t/></si>
      <si><t><![CDATA[a < b & c]]></t></si>
    </sst>`;
    const cells = Array.from({ length: 9 }, (_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`).join('');
    const path = fixture({ sheets: [{ name: 'S', xml: `<row r="1">${cells}</row>` }], sharedStrings: { xml: sst } });
    const { rows } = await readSheet(path);
    expect(rows[0].cells).toEqual(['Çamaşır & Kurutma', 'Kırmızı Şemsiye', '漢字', 'satır1\r\nsatır2', '_x000D_ is literal', 'İstanbul ü<>"\'', '', '', 'a < b & c']);
  });

  it('xml:space: without "preserve" a plain <t> loses surrounding whitespace (as Excel shows it); with it, it keeps it', async () => {
    const sst = `<sst><si><t>  trimmed\t</t></si><si><t xml:space="preserve">  kept  </t></si><si><t>
        pretty-printed
      </t></si></sst>`;
    const path = fixture({
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t> in </t></is></c><c r="E1" t="inlineStr"><is><t xml:space="preserve"> in </t></is></c></row>' }],
      sharedStrings: { xml: sst },
    });
    const { rows } = await readSheet(path);
    expect(rows[0].cells).toEqual(['trimmed', '  kept  ', 'pretty-printed', 'in', ' in ']);
  });

  it('inline strings, with rich text runs and phonetic runs', async () => {
    const xml = `<row r="1">
      <c r="A1" t="inlineStr"><is><t>Ürün Adı</t></is></c>
      <c r="B1" t="inlineStr"><is><r><t>Göz</t></r><r><rPr><b/></rPr><t>lük</t></r></is></c>
      <c r="C1" t="inlineStr"><is><t>日本</t><rPh sb="0" eb="1"><t>にほん</t></rPh></is></c>
      <c r="D1" t="inlineStr"><is><t>a &amp; b_x000A_c</t></is></c>
      <c r="E1" t="inlineStr"><is><t></t></is></c>
    </row>`;
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml }] }));
    expect(rows[0].cells).toEqual(['Ürün Adı', 'Gözlük', '日本', 'a & b\nc', '']);
  });

  it('a shared-string index beyond the table is reported as damage, naming sheet and row', async () => {
    const path = fixture({ sheets: [{ name: 'Ürünler', xml: '<row r="7"><c r="A7" t="s"><v>5</v></c></row>' }], sharedStrings: ['only'] });
    const err = await readSheet(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrError);
    expect((err as IntegrError).code).toBe('NOT_XLSX');
    expect((err as IntegrError).message).toBe(`${path}: is damaged: sheet "Ürünler" row 7 refers to shared string 5, but the workbook has 1`);
  });
});

describe('other value types', () => {
  it('formula results, booleans, errors, ISO dates and formulas without a cached value', async () => {
    const xml = `<row r="1">
      <c r="A1"><f>SUM(B2:B9)</f><v>42</v></c>
      <c r="B1" t="str"><f>A1&amp;"x"</f><v>42x &amp; y</v></c>
      <c r="C1" t="b"><v>1</v></c>
      <c r="D1" t="b"><f>FALSE()</f><v>0</v></c>
      <c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c>
      <c r="F1" t="e"><v>#N/A</v></c>
      <c r="G1" t="d"><v>2024-03-05T10:30:00</v></c>
      <c r="H1" t="d"><v>2024-03-05</v></c>
      <c r="I1"><f>NOW()</f></c>
      <c r="J1" t="str"><f>""</f><v></v></c>
      <c r="K1" t="n"><v>7</v></c>
    </row>`;
    const { rows, detailed } = await readSheet(fixture({ sheets: [{ name: 'S', xml }] }));
    expect(rows[0].cells).toEqual([42, '42x & y', true, false, '#DIV/0!', '#N/A', utc(2024, 3, 5, 10, 30), utc(2024, 3, 5), null, '', 7]);
    const kinds = detailed[0].cells.map((c) => c?.kind ?? null);
    expect(kinds).toEqual(['number', 'string', 'boolean', 'boolean', 'error', 'error', 'date', 'date', null, 'string', 'number']);
    expect(detailed[0].cells[5]).toEqual({ value: '#N/A', kind: 'error', raw: '#N/A' });
  });

  it('numbers stay exact: barcodes, negatives, decimals, exponents, long digit strings', async () => {
    const texts = ['8690000000011', '-12.5', '0.1', '1.2345678901234567E+19', '12345678901234567', '3.0000000000000004', '-0', '1E-7', '00042', '99999999999999.99'];
    const xml = `<row r="1">${texts.map((t, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${t}</v></c>`).join('')}</row>`;
    const { rows, detailed } = await readSheet(fixture({ sheets: [{ name: 'S', xml }] }));
    expect(rows[0].cells).toEqual(texts.map(Number));
    expect(detailed[0].cells.map((c) => c?.raw)).toEqual(texts);
    expect(detailed[0].cells[0]).toEqual({ value: 8690000000011, kind: 'number', numFmt: 'General', numFmtId: 0, raw: '8690000000011' });
  });

  it('paddedNumbersAsText: whole numbers in a zero-padding format come as the text Excel shows; other cells unchanged', async () => {
    // Styles: 0 General, 1 "000000", 2 "0000000000000" (13 digits, as barcodes), 3 "0.00" (not padding), 4 "0" (one digit: no padding).
    const styles = stylesXml([0, 164, 165, 2, 1], [{ id: 164, code: '000000' }, { id: 165, code: '0000000000000' }]);
    const cells = [['123', 1], ['8690000000011', 2], ['42.5', 1], ['7', 3], ['7', 4], ['123', 0], ['-5', 1], ['0', 1]];
    const xml = `<row r="1">${cells.map(([v, s], i) => `<c r="${String.fromCharCode(65 + i)}1" s="${s}"><v>${v}</v></c>`).join('')}</row>`;
    const path = fixture({ sheets: [{ name: 'S', xml }], styles });
    const wb = await openWorkbook(path);
    try {
      const sheet = findSheet(wb);
      const read = async (paddedNumbersAsText: boolean) => {
        const out: unknown[][] = [];
        for await (const row of wb.rows(sheet, { paddedNumbersAsText })) out.push(row.cells);
        return out[0];
      };
      expect(await read(true)).toEqual(['000123', '8690000000011', 42.5, 7, 7, 123, -5, '000000']);
      expect(await read(false)).toEqual([123, 8690000000011, 42.5, 7, 7, 123, -5, 0]);
      // Detailed cells keep the number and say the format; identifierText pads from that.
      const detailed = [];
      for await (const row of wb.rowsDetailed(sheet, { paddedNumbersAsText: true })) detailed.push(row);
      expect(detailed[0].cells[0]).toMatchObject({ value: 123, kind: 'number', numFmt: '000000' });
    } finally {
      await wb.close();
    }
  });

  it('a number cell with text that is no number keeps the text', async () => {
    const { rows, detailed } = await readSheet(fixture({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>N/A</v></c><c r="B1"><v> 12 </v></c><c r="C1"><v>yok ş</v></c></row>' }] }));
    expect(rows[0].cells).toEqual(['N/A', 12, 'yok ş']);
    expect(detailed[0].cells[2]).toEqual({ value: 'yok ş', kind: 'string', raw: 'yok ş' });
  });
});

describe('dates', () => {
  const formats = [
    { id: 164, code: 'dd.mm.yyyy' },
    { id: 165, code: '[$-41F]d mmmm yyyy dddd' },
    { id: 166, code: '#,##0.00 "TL"' },
    { id: 167, code: '"Tarih: "0' },
    { id: 168, code: '[Red]#,##0;[Blue]-#,##0' },
    { id: 169, code: 'yyyy-mm-dd hh:mm:ss' },
    { id: 170, code: '\\d\\a\\y 0' },
    { id: 171, code: 'DD/MM/YYYY' },
    { id: 172, code: '0.00E+00' },
  ];
  // style index → numFmtId
  const xfs = [0, 14, 22, 164, 165, 166, 167, 168, 169, 170, 171, 172, 45, 49, 4, 18];
  const styles = stylesXml(xfs, formats);
  const cell = (col: string, style: number, v: string) => `<c r="${col}1" s="${style}"><v>${v}</v></c>`;

  it('built-in date formats (14-22, 45-47) and custom codes with d/m/y/h/s outside quotes and brackets are dates', async () => {
    const xml = `<row r="1">${[
      cell('A', 0, '45306'),
      cell('B', 1, '45306'),
      cell('C', 2, '45351.572916666664'),
      cell('D', 3, '45306'),
      cell('E', 4, '45306'),
      cell('F', 5, '45306'),
      cell('G', 6, '45306'),
      cell('H', 7, '45306'),
      cell('I', 8, '45306.999988425923'),
      cell('J', 9, '45306'),
      cell('K', 10, '45306'),
      cell('L', 11, '45306'),
      cell('M', 12, '0.5'),
      cell('N', 13, '45306'),
      cell('O', 14, '45306'),
      cell('P', 15, '0.75'),
    ].join('')}</row>`;
    const { rows, detailed } = await readSheet(fixture({ sheets: [{ name: 'S', xml }], styles }));
    const d = utc(2024, 1, 15);
    expect(rows[0].cells).toEqual([45306, d, utc(2024, 2, 29, 13, 45), d, d, 45306, 45306, 45306, utc(2024, 1, 15, 23, 59, 59), 45306, d, 45306, utc(1899, 12, 31, 12), 45306, 45306, utc(1899, 12, 31, 18)]);
    expect(detailed[0].cells[3]).toEqual({ value: d, kind: 'date', numFmt: 'dd.mm.yyyy', numFmtId: 164, raw: '45306' });
    expect(detailed[0].cells[5]).toEqual({ value: 45306, kind: 'number', numFmt: '#,##0.00 "TL"', numFmtId: 166, raw: '45306' });
    expect(detailed[0].cells[14]).toMatchObject({ kind: 'number', numFmt: '#,##0.00', numFmtId: 4 });
  });

  it('the 1900 system copies Lotus: serial 60 is the phantom 1900-02-29, serials below it are one day off', async () => {
    const serials = ['1', '31', '59', '60', '61', '366', '25569', '2958465'];
    const xml = `<row r="1">${serials.map((v, i) => `<c r="${String.fromCharCode(65 + i)}1" s="1"><v>${v}</v></c>`).join('')}</row>`;
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml }], styles }));
    expect(rows[0].cells).toEqual([utc(1900, 1, 1), utc(1900, 1, 31), utc(1900, 2, 28), utc(1900, 2, 28), utc(1900, 3, 1), utc(1900, 12, 31), utc(1970, 1, 1), utc(9999, 12, 31)]);
  });

  it('the 1904 system (workbookPr date1904) counts from 1904-01-01', async () => {
    const xml = `<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43844</v></c><c r="C1" s="2"><v>1.5</v></c><c r="D1"><v>43844</v></c></row>`;
    const path = fixture({ sheets: [{ name: 'S', xml }], styles, date1904: true });
    const { rows, wb } = await readSheet(path);
    expect(wb.date1904).toBe(true);
    expect(rows[0].cells).toEqual([utc(1904, 1, 1), utc(2024, 1, 15), utc(1904, 1, 2, 12), 43844]);
  });

  it('a date-formatted serial no date can have stays a number', async () => {
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" s="1"><v>-5</v></c><c r="B1" s="1"><v>3000000</v></c></row>' }], styles }));
    expect(rows[0].cells).toEqual([-5, 3000000]);
  });
});

describe('row and cell positions', () => {
  it('missing r on rows and cells counts positions', async () => {
    const xml = `<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>
      <row><c><v>1</v></c></row>
      <row r="5"><c r="B5"><v>2</v></c></row>
      <row><c r="A6"><v>1</v></c></row>
      <row><c r="C9"><v>3</v></c></row>
      <row><c><v>10</v></c></row>`;
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml }] }));
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 5, 6, 9, 10]);
    expect(byRow(rows)).toEqual({ 1: ['a', 2, null, null, 5, 6], 2: [1], 5: [null, 2], 6: [1], 9: [null, null, 3], 10: [10] });
  });

  it('cells out of order land in their columns', async () => {
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml: '<row r="3"><c r="D3"><v>4</v></c><c r="A3"><v>1</v></c><c r="C3"><v>3</v></c></row>' }] }));
    expect(rows[0]).toEqual({ rowNumber: 3, cells: [1, null, 3, 4] });
  });

  it('very wide rows reach column XFD; beyond it is damage', async () => {
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml: '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>16384</v></c></row>' }] }));
    expect(rows[0].cells).toHaveLength(16384);
    expect(rows[0].cells[16383]).toBe(16384);
    expect(rows[0].cells.filter((c) => c !== null)).toEqual([1, 16384]);
    const err = await readSheet(fixture({ sheets: [{ name: 'S', xml: '<row r="1"><c r="XFE1"><v>1</v></c></row>' }] })).catch((e: unknown) => e);
    expect((err as IntegrError).code).toBe('NOT_XLSX');
  });

  it('empty rows and trailing phantom rows (styled, no values) are never yielded', async () => {
    const phantom = Array.from({ length: 500 }, (_, i) => `<row r="${i + 4}" spans="1:8" s="3" customFormat="1"><c r="A${i + 4}" s="3"/><c r="B${i + 4}" s="3"/></row>`).join('');
    const xml = `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"/><row r="3"><c r="A3" t="inlineStr"><is><t></t></is></c><c r="B3" s="2"/></row><row r="4" s="1"><c r="C4"><v>3</v></c></row>${phantom}`;
    const { rows, wb } = await readSheet(fixture({ sheets: [{ name: 'S', xml, head: '<dimension ref="A1:H503"/>' }] }));
    expect(rows).toEqual([
      { rowNumber: 1, cells: [1] },
      { rowNumber: 4, cells: [null, null, 3] },
    ]);
    expect(wb.sheets[0]).toMatchObject({ dimension: 'A1:H503', estimatedRows: 503 });
  });

  it('fromRow skips earlier rows without decoding them', async () => {
    // row 2 refers to a shared string that does not exist: skipped rows are never decoded, so no error
    const xml = `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>99</v></c></row><row r="3"><c r="A3"><v>3</v></c></row><row r="4"><c r="A4"><v>4</v></c></row>`;
    const path = fixture({ sheets: [{ name: 'S', xml }], sharedStrings: ['x'] });
    const { rows } = await readSheet(path, { fromRow: 3 });
    expect(rows).toEqual([
      { rowNumber: 3, cells: [3] },
      { rowNumber: 4, cells: [4] },
    ]);
    // beyond the last row: nothing, and no "no rows" error (the sheet has rows)
    expect((await readSheet(path, { fromRow: 10 })).rows).toEqual([]);
  });

  it('namespace-prefixed worksheet XML (x:row, x:c) reads the same', async () => {
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>p</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml }] }));
    expect(rows).toEqual([{ rowNumber: 1, cells: ['p', 2] }]);
  });

  it('pretty-printed XML with comments and CDATA inside values', async () => {
    const xml = worksheetXml(`
      <row r="1">
        <c r="A1" t="s">
          <v>0</v>
        </c>
        <!-- <c r="B1"><v>999</v></c> -->
        <c r="B1" t="str"><v><![CDATA[x < y]]></v></c>
        <c r="C1"><v>1<!-- split -->2</v></c>
      </row>
    `);
    const { rows } = await readSheet(fixture({ sheets: [{ name: 'S', xml }], sharedStrings: ['Şeker'] }));
    expect(rows).toEqual([{ rowNumber: 1, cells: ['Şeker', 'x < y', 12] }]);
  });

  it('stored (uncompressed) parts read the same as deflated ones', async () => {
    const spec: XlsxSpec = { sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.5</v></c></row>' }], sharedStrings: ['Çay'] };
    const stored = await readSheet(fixture({ ...spec, method: 'store' }));
    const deflated = await readSheet(fixture(spec));
    expect(stored.rows).toEqual(deflated.rows);
    expect(stored.rows).toEqual([{ rowNumber: 1, cells: ['Çay', 1.5] }]);
  });
});

describe('workbook structure', () => {
  it('lists sheets in tab order with their state; findSheet by name, Turkish case, index and digits', async () => {
    const path = fixture({
      sheets: [
        { name: 'Ürünler', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
        { name: 'İade', xml: '<row r="1"><c r="A1"><v>2</v></c></row>', state: 'hidden' },
        { name: '2024', xml: '<row r="1"><c r="A1"><v>3</v></c></row>' },
      ],
    });
    const wb = await openWorkbook(path);
    try {
      expect(wb.sheets.map((s) => [s.index, s.name, s.state, s.kind, s.path])).toEqual([
        [1, 'Ürünler', 'visible', 'worksheet', 'xl/worksheets/sheet1.xml'],
        [2, 'İade', 'hidden', 'worksheet', 'xl/worksheets/sheet2.xml'],
        [3, '2024', 'visible', 'worksheet', 'xl/worksheets/sheet3.xml'],
      ]);
      expect(findSheet(wb).name).toBe('Ürünler');
      expect(findSheet(wb, 'ÜRÜNLER').name).toBe('Ürünler');
      expect(findSheet(wb, 'iade').name).toBe('İade');
      expect(findSheet(wb, 2).name).toBe('İade');
      expect(findSheet(wb, '2').name).toBe('İade');
      expect(findSheet(wb, '2024').name).toBe('2024');
      const values: unknown[] = [];
      for await (const row of wb.rows(findSheet(wb, 'İade'))) values.push(row.cells[0]);
      expect(values).toEqual([2]);
    } finally {
      await wb.close();
    }
  });

  it('reads parts in any zip order and reports progress in compressed bytes', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i % 3}</v></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('');
    const path = fixture({ sheets: [{ name: 'S', xml: rows }], sharedStrings: ['a', 'b', 'c'] });
    const wb = await openWorkbook(path);
    try {
      const sheet = findSheet(wb);
      let count = 0;
      for await (const row of wb.rows(sheet)) {
        count++;
        const p = wb.progress();
        expect(p.bytesTotal).toBe(sheet.compressedBytes);
        expect(row.cells[1]).toBe(row.rowNumber - 1);
      }
      expect(count).toBe(3000);
      expect(wb.progress()).toEqual({ bytesRead: sheet.compressedBytes, bytesTotal: sheet.compressedBytes });
    } finally {
      await wb.close();
    }
  });
});
