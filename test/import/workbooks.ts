// Real .xlsx files for the import tests, written by exceljs, plus the broken files users feed us.
import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { Store } from '../../src/store/store.js';
import type { ImportDeps } from '../../src/import/pipeline.js';

export type Cell = ExcelJS.CellValue;

export interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** Row numbers to leave empty but styled (phantom rows). */
  styledEmptyRows?: number[];
  /** Column formats, 1-based column → numFmt. */
  formats?: Record<number, string>;
}

export async function writeWorkbook(path: string, sheets: SheetSpec[], options: { date1904?: boolean } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  if (options.date1904) wb.properties.date1904 = true;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => {
      const row = ws.getRow(i + 1);
      r.forEach((v, j) => {
        if (v !== undefined && v !== null) row.getCell(j + 1).value = v;
      });
      row.commit();
    });
    for (const [col, fmt] of Object.entries(s.formats ?? {})) ws.getColumn(Number(col)).numFmt = fmt;
    for (const r of s.styledEmptyRows ?? []) {
      const row = ws.getRow(r);
      row.getCell(1).style = { font: { bold: true } };
      row.getCell(2).style = { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } } };
    }
  }
  await wb.xlsx.writeFile(path);
  return path;
}

/** A streamed workbook of n generated product rows (for large-file tests: constant memory to write). */
export async function writeLargeProducts(path: string, n: number): Promise<string> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = wb.addWorksheet('Ürünler');
  ws.addRow(['Stok Kodu', 'Ürün Adı', 'Barkod', 'Fiyat', 'Stok']).commit();
  for (let i = 1; i <= n; i++) ws.addRow(productRow(i)).commit();
  ws.commit();
  await wb.commit();
  return path;
}

export const productRow = (i: number): Cell[] => [`SKU-${String(i).padStart(7, '0')}`, `Ürün ${i} Çiçekli Şal`, 8690000000000 + i, (i % 1000) + 0.9, i % 50];

export function silentLog() {
  const lines: string[] = [];
  return { lines, info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(`warn: ${m}`), verbose: () => {} };
}

export function depsFor(store: Store, config: ImportDeps['config'] = { import: {} }): ImportDeps {
  return { store, config, log: silentLog() };
}

// ---- broken inputs -------------------------------------------------------------------------

/** An OLE compound file whose directory cannot be parsed but which names `stream` (the reader then scans names). */
export function writeOleFile(path: string, stream: string): string {
  const buf = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  buf.writeUInt16LE(0, 0x1e); // no valid sector shift: the directory walk gives up
  Buffer.from(stream + '\0', 'utf16le').copy(buf, 1024);
  writeFileSync(path, buf);
  return path;
}

/** A zip with one part that inflates hugely: `bytes` of zeros deflated to a few KB. */
export function writeZipBomb(path: string, bytes: number): string {
  const data = Buffer.alloc(bytes);
  const entries: { name: string; raw: Buffer; deflated: Buffer }[] = [
    { name: '[Content_Types].xml', raw: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), deflated: Buffer.alloc(0) },
    { name: 'xl/worksheets/sheet1.xml', raw: data, deflated: Buffer.alloc(0) },
  ];
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    e.deflated = deflateRawSync(e.raw, { level: 9 });
    const name = Buffer.from(e.name);
    const crc = crc32(e.raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(e.deflated.length, 20);
    cd.writeUInt32LE(e.raw.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, e.deflated);
    central.push(cd, name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...parts, cdBuf, end]));
  return path;
}
