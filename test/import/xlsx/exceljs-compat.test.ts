import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openWorkbook, findSheet } from '../../../src/import/xlsx/index.js';
import { type CellValue } from '../../../src/import/xlsx/types.js';
import { tempDir } from '../../helpers/cli.js';

// Real workbooks written by exceljs (both its document and its streaming writer), read by our reader and by
// exceljs's own reader; the values must agree. exceljs returns objects for formulas, rich text, hyperlinks and
// errors, which map to the plain values our rows carry (result, concatenated text, text, error text).

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('integr-xlsx-exceljs-')));
afterAll(() => cleanup());

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

/** exceljs's cell value as the plain value our reader gives. */
function plain(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== 'object') return value as CellValue;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined ? null : plain(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) return plain((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  throw new Error(`unmapped exceljs value ${JSON.stringify(value)}`);
}

const trimTrailingNulls = (cells: CellValue[]) => {
  const out = [...cells];
  while (out.length && out[out.length - 1] === null) out.pop();
  return out;
};

/** A sheet through exceljs's reader: non-empty rows, as { rowNumber, cells }. */
async function readWithExceljs(path: string, sheetName: string): Promise<Array<{ rowNumber: number; cells: CellValue[] }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(sheetName);
  if (!ws) throw new Error(`exceljs found no sheet ${sheetName}`);
  const rows: Array<{ rowNumber: number; cells: CellValue[] }> = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: CellValue[] = [];
    for (let i = 1; i < values.length; i++) cells.push(plain(values[i]));
    const trimmed = trimTrailingNulls(cells);
    if (trimmed.some((c) => c !== null && c !== '')) rows.push({ rowNumber, cells: trimmed });
  });
  return rows;
}

async function readWithOurs(path: string, sheetName: string) {
  const wb = await openWorkbook(path);
  try {
    const rows: Array<{ rowNumber: number; cells: CellValue[] }> = [];
    for await (const row of wb.rows(findSheet(wb, sheetName))) rows.push(row);
    return { rows, date1904: wb.date1904, sheets: wb.sheets.map((s) => s.name) };
  } finally {
    await wb.close();
  }
}

describe('agreement with exceljs on exceljs-written workbooks', () => {
  let path: string;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const products = wb.addWorksheet('Ürünler');
    products.addRow(['SKU', 'Barkod', 'Ürün Adı', 'Fiyat', 'Tarih', 'Stok', 'Aktif', 'Toplam', 'Not']);
    products.getColumn(5).numFmt = 'dd.mm.yyyy';
    products.getColumn(4).numFmt = '#,##0.00 "TL"';
    const names = ['Çamaşır Makinesi', 'Işıklı Ayna', 'Şemsiye', 'Ütü', 'Göz Damlası', 'Ağaç Oyuncak'];
    for (let i = 1; i <= 250; i++) {
      products.addRow([
        `TR-${String(i).padStart(5, '0')}`,
        8690000000000 + i,
        names[i % names.length],
        Math.round(i * 137.3) / 100,
        utc(2024, 1 + (i % 12), 1 + (i % 28)),
        i % 7 === 0 ? 0 : i * 3,
        i % 2 === 0,
        { formula: `D${i + 1}*F${i + 1}`, result: Math.round(i * 137.3 * i * 3) / 100 },
        i % 10 === 0 ? { richText: [{ text: 'İndirim ' }, { font: { bold: true }, text: '%20' }] } : i % 25 === 0 ? { error: '#N/A' } : null,
      ]);
    }
    products.addRow([]);
    products.addRow(['  boşluklu  ', 'a & b < c > d "e"', 'satır1\nsatır2', null, null, null, null, { formula: 'A1&"x"', result: 'SKUx' }]);
    products.getCell('J300').value = { text: 'site', hyperlink: 'https://example.com' };
    // styled but empty cells far below the data (phantom rows)
    for (let r = 400; r < 420; r++) products.getCell(`A${r}`).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };

    const second = wb.addWorksheet('Stok Hareketleri');
    second.addRow(['SKU', 'Depo', 'Adet']);
    second.addRow(['TR-00001', 'MERKEZ', -3]);
    second.getCell('E10').value = 'uzak hücre';

    path = join(dir, 'exceljs.xlsx');
    await wb.xlsx.writeFile(path);
  });

  it('products sheet: same rows and values', async () => {
    const ours = await readWithOurs(path, 'Ürünler');
    const theirs = await readWithExceljs(path, 'Ürünler');
    expect(ours.rows.length).toBeGreaterThan(250);
    expect(ours.rows).toEqual(theirs);
    expect(ours.sheets).toEqual(['Ürünler', 'Stok Hareketleri']);
  });

  it('spot checks against what was written', async () => {
    const { rows } = await readWithOurs(path, 'Ürünler');
    const row = rows.find((r) => r.rowNumber === 11)!;
    expect(row.cells).toEqual(['TR-00010', 8690000000010, 'Göz Damlası', 13.73, utc(2024, 11, 11), 30, true, 411.9, 'İndirim %20']);
    expect(rows.find((r) => r.rowNumber === 26)!.cells[8]).toBe('#N/A');
    expect(rows.find((r) => r.rowNumber === 253)!.cells).toEqual(['  boşluklu  ', 'a & b < c > d "e"', 'satır1\nsatır2', null, null, null, null, 'SKUx']);
    expect(rows.find((r) => r.rowNumber === 300)!.cells[9]).toBe('site');
    expect(rows.at(-1)!.rowNumber).toBe(300);
  });

  it('second sheet, with a far cell', async () => {
    const ours = await readWithOurs(path, 'Stok Hareketleri');
    expect(ours.rows).toEqual(await readWithExceljs(path, 'Stok Hareketleri'));
    expect(ours.rows.at(-1)).toEqual({ rowNumber: 10, cells: [null, null, null, null, 'uzak hücre'] });
  });

  it('the streaming writer with shared strings (the import benchmark shape)', async () => {
    const streamed = join(dir, 'streamed.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: streamed, useSharedStrings: true, useStyles: true });
    const ws = writer.addWorksheet('Ürünler');
    ws.columns = [
      { header: 'SKU', key: 'sku' },
      { header: 'Barkod', key: 'barcode' },
      { header: 'Ad', key: 'name' },
      { header: 'Güncelleme', key: 'date', style: { numFmt: 'dd.mm.yyyy hh:mm' } },
      { header: 'Fiyat', key: 'price', style: { numFmt: '#,##0.00' } },
    ];
    for (let i = 1; i <= 1000; i++) {
      ws.addRow({ sku: `S${i}`, barcode: 8680000000000 + i * 11, name: i % 3 ? 'Kırmızı Çanta' : `Özel ürün ${i}`, date: utc(2023, 1 + (i % 12), 1 + (i % 28), i % 24, i % 60), price: i / 4 }).commit();
    }
    await ws.commit();
    await writer.commit();
    const ours = await readWithOurs(streamed, 'Ürünler');
    expect(ours.rows).toHaveLength(1001);
    expect(ours.rows).toEqual(await readWithExceljs(streamed, 'Ürünler'));
  });

  it('a 1904-system workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Mac');
    ws.addRow(['Tarih', utc(2024, 1, 15), utc(1999, 12, 31, 6, 30)]);
    const mac = join(dir, 'mac.xlsx');
    await wb.xlsx.writeFile(mac);
    const ours = await readWithOurs(mac, 'Mac');
    expect(ours.date1904).toBe(true);
    expect(ours.rows).toEqual([{ rowNumber: 1, cells: ['Tarih', utc(2024, 1, 15), utc(1999, 12, 31, 6, 30)] }]);
    expect(ours.rows).toEqual(await readWithExceljs(mac, 'Mac'));
  });
});
