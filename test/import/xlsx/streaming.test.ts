import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbook, findSheet } from '../../../src/import/xlsx/index.js';
import { XmlTokenizer } from '../../../src/import/xlsx/xml-tokenizer.js';
import { WorksheetTokenizer } from '../../../src/import/xlsx/worksheet-tokenizer.js';
import { SheetHandler, type SheetContext } from '../../../src/import/xlsx/sheet-parser.js';
import { SharedStringsHandler } from '../../../src/import/xlsx/shared-strings.js';
import { StylesHandler } from '../../../src/import/xlsx/styles.js';
import { tempDir } from '../../helpers/cli.js';
import { buildXlsx, escapeXml, sharedStringsXml, stylesXml, worksheetXml, writeFixture } from './build-xlsx.js';

// Streaming behaviour: chunk boundaries anywhere, many inflate chunks, stopping early, aborting.

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('integr-xlsx-stream-')));
afterAll(() => cleanup());

const strings = ['Çamaşır & Kurutma', 'Şemsiye', 'ağ', '  boşluk  '];
const styles = stylesXml([0, 14, 4], []);

/** A sheet exercising every path of the sheet parser (fast cells and the token-by-token way). */
function mixedSheet(rows: number): string {
  const out: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const cells = [
      `<c r="A${i}" t="s"><v>${i % strings.length}</v></c>`,
      `<c r="B${i}"><v>${8690000000000 + i}</v></c>`,
      `<c r="C${i}" s="1"><v>${45000 + (i % 400)}.25</v></c>`,
      `<c r="D${i}" t="inlineStr"><is><r><t>İç ${i}</t></r><r><t xml:space="preserve"> &amp; dış</t></r></is></c>`,
      i % 5 === 0 ? `<c r="E${i}" s="2"/>` : `<c r="E${i}" s="2"><f>B${i}*2</f><v>${(i * 2.5).toFixed(1)}</v></c>`,
      `<c r="G${i}" t="b"><v>${i % 2}</v></c>`,
      i % 7 === 0 ? `<c r="H${i}" t="e"><v>#REF!</v></c>` : '',
      `<c r="I${i}" t="str"><v>${escapeXml(`satır_x000D_${i} <ş>`)}</v></c>`,
    ];
    out.push(i % 11 === 0 ? `<row>${cells.join('\n  ')}</row>` : `<row r="${i}" spans="1:9">${cells.join('')}</row>`);
  }
  return worksheetXml(out.join('\n'), '<dimension ref="A1:I1"/>');
}

function parseSheet(xml: Buffer, chunkSizes: () => number, detailed = false): unknown[] {
  const sst = new SharedStringsHandler();
  const sstTokenizer = new XmlTokenizer(sst);
  const sstBytes = Buffer.from(sharedStringsXml(strings));
  for (let i = 0; i < sstBytes.length; ) {
    const n = chunkSizes();
    sstTokenizer.write(sstBytes.subarray(i, i + n));
    i += n;
  }
  sstTokenizer.end();
  sst.table.finish();
  const stylesHandler = new StylesHandler();
  const st = new XmlTokenizer(stylesHandler);
  st.write(Buffer.from(styles));
  st.end();
  const context: SheetContext = { file: 'f', sheetName: 's', sharedStrings: sst.table, styles: stylesHandler.table(), date1904: false, detailed, fromRow: 1 };
  const rows: unknown[] = [];
  const tokenizer = new WorksheetTokenizer(new SheetHandler(context, (rowNumber, cells) => rows.push({ rowNumber, cells })));
  for (let i = 0; i < xml.length; ) {
    const n = chunkSizes();
    tokenizer.write(xml.subarray(i, i + n));
    i += n;
  }
  tokenizer.end();
  return rows;
}

describe('chunk boundaries', () => {
  const xml = Buffer.from(mixedSheet(60));

  it('the sheet parser gives the same rows when fed one byte at a time', () => {
    const whole = parseSheet(xml, () => xml.length);
    expect(whole).toHaveLength(60);
    expect(parseSheet(xml, () => 1)).toEqual(whole);
    expect(parseSheet(xml, () => 1, true)).toEqual(parseSheet(xml, () => xml.length, true));
  });

  it('and for pseudo-random chunk sizes', () => {
    const whole = parseSheet(xml, () => xml.length);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return 1 + (seed % 97);
    };
    for (let round = 0; round < 20; round++) expect(parseSheet(xml, random)).toEqual(whole);
  });

  it('values are right, whichever path parsed them', () => {
    const rows = parseSheet(xml, () => 3) as Array<{ rowNumber: number; cells: unknown[] }>;
    expect(rows[10]).toEqual({
      rowNumber: 11,
      cells: ['  boşluk  ', 8690000000011, new Date(Date.UTC(2023, 2, 26, 6)), 'İç 11 & dış', 27.5, null, true, null, 'satır\r11 <ş>'],
    });
    expect(rows[4].cells[4]).toBeNull();
    expect(rows[6].cells[7]).toBe('#REF!');
  });
});

describe('reading a workbook as a stream', () => {
  let path: string;
  const ROWS = 30_000;

  beforeAll(() => {
    const rows: string[] = [];
    for (let i = 1; i <= ROWS; i++) {
      rows.push(`<row r="${i}"><c r="A${i}" t="s"><v>${i - 1}</v></c><c r="B${i}"><v>${8690000000000 + i}</v></c><c r="C${i}" t="s"><v>${ROWS + (i % 4)}</v></c><c r="D${i}" s="1"><v>${45000 + (i % 365)}</v></c><c r="E${i}" s="2"><v>${i / 8}</v></c></row>`);
    }
    const sst = [...Array.from({ length: ROWS }, (_, i) => `SKU-${i + 1}`), ...strings];
    path = writeFixture(dir, 'big.xlsx', buildXlsx({ sheets: [{ name: 'Ürünler', xml: rows.join('') }], sharedStrings: sst, styles }));
  });

  it('reads every row across many inflate chunks, with exact values', async () => {
    const wb = await openWorkbook(path);
    try {
      const sheet = findSheet(wb);
      expect(sheet.uncompressedBytes).toBeGreaterThan(1024 * 1024);
      let count = 0;
      const wrong: unknown[] = [];
      for await (const row of wb.rows(sheet)) {
        const i = ++count;
        const want = [`SKU-${i}`, 8690000000000 + i, strings[i % 4], new Date(Date.UTC(1899, 11, 30) + (45000 + (i % 365)) * 86_400_000), i / 8];
        if (row.rowNumber !== i || JSON.stringify(row.cells) !== JSON.stringify(want)) wrong.push(row);
      }
      expect(wrong).toEqual([]);
      expect(count).toBe(ROWS);
    } finally {
      await wb.close();
    }
  });

  it('breaking out early releases the sheet; the workbook can read it again and close', async () => {
    const wb = await openWorkbook(path);
    const sheet = findSheet(wb);
    let first = 0;
    for await (const row of wb.rows(sheet)) {
      first = row.rowNumber;
      if (row.rowNumber === 5) break;
    }
    expect(first).toBe(5);
    let count = 0;
    for await (const _row of wb.rows(sheet, { fromRow: ROWS - 9 })) count++;
    expect(count).toBe(10);
    await wb.close();
  });

  it('aborting stops the read with the signal reason', async () => {
    const wb = await openWorkbook(path);
    const controller = new AbortController();
    let seen = 0;
    const reading = (async () => {
      for await (const _row of wb.rows(findSheet(wb), { signal: controller.signal })) {
        seen++;
        if (seen === 100) controller.abort(new Error('stop: interrupted'));
      }
    })();
    await expect(reading).rejects.toThrow('stop: interrupted');
    expect(seen).toBeLessThan(ROWS);
    await wb.close();
  });

  it('an already aborted signal reads nothing', async () => {
    const wb = await openWorkbook(path);
    const controller = new AbortController();
    controller.abort();
    const iterator = wb.rows(findSheet(wb), { signal: controller.signal })[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ name: 'AbortError' });
    await wb.close();
  });

  it('close() during a read ends it', async () => {
    const wb = await openWorkbook(path);
    const iterator = wb.rows(findSheet(wb))[Symbol.asyncIterator]();
    expect((await iterator.next()).value.rowNumber).toBe(1);
    await wb.close();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});
