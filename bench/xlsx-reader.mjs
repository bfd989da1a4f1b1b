#!/usr/bin/env node
// Benchmark: integr's streaming xlsx reader against exceljs's streaming WorkbookReader, reading a products
// workbook (SKU, barcode as a number, Turkish names and categories, prices, dates, quantities; shared strings).
// Each contender runs in its own child process so peak RSS (getrusage max RSS) is its own.
//
//   npx tsc && node bench/xlsx-reader.mjs [--rows 200000] [--repeat 3] [--modes ours,exceljs,ours+sqlite,exceljs+sqlite]
//
// Modes: ours / ours-detailed = iterate every row; exceljs = WorkbookReader iterating every row's values;
// *+sqlite = the same rows inserted with better-sqlite3 in 1000-row transactions (the import-shaped baseline).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const OUT = join(HERE, '.out');
const READER = join(ROOT, 'dist/src/import/xlsx/index.js');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

if (args[0] === '--child') {
  await child(args[1], args[2]);
} else {
  await parent();
}

async function parent() {
  const rows = Number(arg('rows', '200000'));
  const modes = arg('modes', 'ours,ours-detailed,exceljs,ours+sqlite,exceljs+sqlite').split(',');
  if (!existsSync(READER)) {
    console.error(`build first: npx tsc -p tsconfig.json (missing ${READER})`);
    process.exit(1);
  }
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `products-${rows}.xlsx`);
  if (!existsSync(file)) {
    const t = Date.now();
    await generate(file, rows);
    console.log(`generated ${file} (${(statSync(file).size / 1024 ** 2).toFixed(1)} MiB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const repeat = Number(arg('repeat', '1'));
  console.log(`node ${process.version}, ${rows} rows x 8 columns, ${(statSync(file).size / 1024 ** 2).toFixed(1)} MiB, ${repeat} run(s) per mode, interleaved`);
  const runs = new Map(modes.map((m) => [m, []]));
  for (let r = 0; r < repeat; r++) {
    for (const mode of modes) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (run.status !== 0) {
        console.error(`${mode} failed:\n${run.stderr}`);
        process.exitCode = 1;
        continue;
      }
      runs.get(mode).push(JSON.parse(run.stdout.trim().split('\n').pop()));
    }
  }
  const summary = {};
  for (const [mode, results] of runs) {
    if (results.length === 0) continue;
    const rates = results.map((x) => x.rowsPerSec).sort((a, b) => a - b);
    const median = rates[Math.floor((rates.length - 1) / 2)];
    const best = rates[rates.length - 1];
    const rss = Math.max(...results.map((x) => x.maxRssMB));
    summary[mode] = { median, best, rss };
    const spread = results.length > 1 ? `  (best ${String(Math.round(best)).padStart(7)})` : '';
    console.log(`${mode.padEnd(16)} ${String(results[0].rows).padStart(8)} rows  median ${String(Math.round(median)).padStart(7)} rows/s${spread}  peak RSS ${String(rss).padStart(4)} MB`);
  }
  if (summary.ours && summary.exceljs) console.log(`reader speed-up over exceljs (medians): ${(summary.ours.median / summary.exceljs.median).toFixed(1)}x`);
  if (summary['ours+sqlite'] && summary['exceljs+sqlite']) {
    console.log(`reader+sqlite speed-up over exceljs+sqlite (medians): ${(summary['ours+sqlite'].median / summary['exceljs+sqlite'].median).toFixed(1)}x`);
  }
}

async function generate(file, rows) {
  const { default: ExcelJS } = await import('exceljs');
  const tmp = `${file}.tmp`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Ürünler');
  ws.columns = [
    { header: 'SKU', key: 'sku' },
    { header: 'Barkod', key: 'barcode' },
    { header: 'Ürün Adı', key: 'name' },
    { header: 'Kategori', key: 'category' },
    { header: 'Fiyat', key: 'price', style: { numFmt: '#,##0.00' } },
    { header: 'Liste Fiyatı', key: 'listPrice', style: { numFmt: '#,##0.00' } },
    { header: 'Güncelleme', key: 'updatedAt', style: { numFmt: 'dd.mm.yyyy' } },
    { header: 'Stok', key: 'quantity' },
  ];
  const adjectives = ['Şık', 'Güçlü', 'Işıklı', 'Çelik', 'Ahşap', 'Kırmızı', 'Yeşil', 'Büyük', 'Küçük', 'Öğrenci'];
  const nouns = ['Çamaşır Makinesi', 'Buzdolabı', 'Şemsiye', 'Ütü Masası', 'Çaydanlık', 'Sırt Çantası', 'Gözlük', 'Kışlık Mont', 'Ayakkabı', 'Çorap'];
  const categories = ['Beyaz Eşya', 'Ev & Yaşam', 'Giyim', 'Ayakkabı & Çanta', 'Kırtasiye', 'Küçük Ev Aletleri', 'Oyuncak', 'Spor'];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 1; i <= rows; i++) {
    ws.addRow({
      sku: `TR-${String(i).padStart(7, '0')}`,
      barcode: 8690000000000 + i,
      name: `${adjectives[i % 10]} ${nouns[(i * 7) % 10]} ${i % 97}`,
      category: categories[i % 8],
      price: Math.round(((i * 37) % 100000) + 99) / 100,
      listPrice: Math.round(((i * 37) % 100000) + 199) / 100,
      updatedAt: new Date(base + (i % 365) * 86_400_000),
      quantity: i % 250,
    }).commit();
  }
  await ws.commit();
  await wb.commit();
  renameSync(tmp, file);
}

async function child(mode, file) {
  const [reader, withSqlite] = mode.split('+');
  // modules load before the clock starts: the rate is about reading, not about import time
  const ours = reader === 'exceljs' ? null : await import(READER);
  const ExcelJS = reader === 'exceljs' ? (await import('exceljs')).default : null;
  const sink = withSqlite ? await sqliteSink(file) : null;
  const started = process.hrtime.bigint();
  let rows = 0;
  if (reader === 'ours' || reader === 'ours-detailed') {
    const { openWorkbook, findSheet } = ours;
    const wb = await openWorkbook(file);
    const sheet = findSheet(wb);
    const iterable = reader === 'ours' ? wb.rows(sheet) : wb.rowsDetailed(sheet);
    for await (const row of iterable) {
      rows++;
      if (sink && row.rowNumber > 1) sink.add(reader === 'ours' ? row.cells : row.cells.map((c) => (c ? c.value : null)));
    }
    await wb.close();
  } else if (reader === 'exceljs') {
    const wbr = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
    for await (const ws of wbr) {
      for await (const row of ws) {
        rows++;
        const values = row.values; // 1-based, values[0] empty
        if (sink && row.number > 1) sink.add(values.slice(1));
      }
    }
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  if (sink) sink.end();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ mode, rows, ms: Math.round(ms), rowsPerSec: rows / (ms / 1000), maxRssMB }));
}

async function sqliteSink(file) {
  const { default: Database } = await import('better-sqlite3');
  const path = `${file}.${process.pid}.db`;
  rmSync(path, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE products (sku TEXT PRIMARY KEY, barcode TEXT, name TEXT, category TEXT, price REAL, list_price REAL, updated_at TEXT, quantity INTEGER)');
  const insert = db.prepare('INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const batch = [];
  const flush = db.transaction((rows) => {
    for (const r of rows) {
      insert.run(String(r[0]), r[1] == null ? null : String(r[1]), r[2] ?? null, r[3] ?? null, r[4] ?? null, r[5] ?? null, r[6] instanceof Date ? r[6].toISOString() : null, r[7] ?? null);
    }
  });
  return {
    add(cells) {
      batch.push(cells);
      if (batch.length === 1000) {
        flush(batch);
        batch.length = 0;
      }
    },
    end() {
      if (batch.length) flush(batch);
      db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    },
  };
}
