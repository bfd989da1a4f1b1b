// `npm run bench -- import [--rows 200000] [--big-rows 1000000] [--skip-big] [--with-stock] [--chunk-size 100]`
// integr import end to end (the CLI as users run it) on a generated products workbook, next to a
// baseline measured in the same run: the plainest exceljs streaming reader inserting rows with
// better-sqlite3 in 1000-row transactions. Prints rows/s, CPU time and peak RSS of both, and the floor:
// the store's own writes for the same rows with no reading at all (bench/import-store-floor.mjs), then
// integr on a bigger file to show how RSS grows with the row count. Workbooks are cached in bench/.out/.
// The default workbook has no stock column, so both sides write one product row per sheet row;
// --with-stock adds a run where the 7th column is Stok (integr then also writes a stock level and a
// stock movement per row, which the baseline does not).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench', '.out');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 200_000);
const BIG_ROWS = arg('big-rows', 1_000_000);
const SKIP_BIG = process.argv.includes('--skip-big');
const CHUNK = arg('chunk-size', 100);
const WITH_STOCK = process.argv.includes('--with-stock');

const BRANDS = ['Anadolu Tekstil', 'Boğaziçi Spor', 'Ege Denim', 'İstanbul Deri', 'Kapadokya Ayakkabı', 'Karadeniz Örgü', 'Bursa İpek', 'Denizli Ev'];
const CATEGORIES = ['Giyim > Tişört', 'Giyim > Pantolon', 'Ayakkabı > Spor', 'Aksesuar > Çanta', 'Ev > Banyo', 'Ev > Mutfak', 'Gıda > Kahve'];
const ADJECTIVES = ['Şık', 'Günlük', 'Çiçekli', 'Düz', 'Çizgili', 'Işıltılı', 'Yumuşak', 'Doğal'];

/** 8 columns: SKU, Turkish name, numeric barcode, brand and category (shared strings), price, list price or stock, date. */
async function generate(path, rows, withStock = false) {
  if (existsSync(path)) return;
  const t = Date.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path + '.tmp', useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Ürünler');
  ws.addRow(['Stok Kodu', 'Ürün Adı', 'Barkod', 'Marka', 'Kategori', 'Satış Fiyatı', withStock ? 'Stok' : 'Liste Fiyatı', 'Güncelleme Tarihi']).commit();
  for (let i = 1; i <= rows; i++) {
    const row = ws.addRow([
      `TR-${String(i).padStart(7, '0')}`,
      `${ADJECTIVES[i % 8]} Ürün ${i % 5000} ${CATEGORIES[i % 7].split(' > ')[1]}`,
      8690000000000 + i,
      BRANDS[i % 8],
      CATEGORIES[i % 7],
      Math.round(((i % 2000) + 9.9) * 100) / 100,
      withStock ? i % 120 : Math.round(((i % 2000) + 29.9) * 100) / 100,
      new Date(Date.UTC(2024, 0, 1 + (i % 365))),
    ]);
    row.getCell(8).numFmt = 'dd.mm.yyyy';
    row.commit();
  }
  ws.commit();
  await wb.commit();
  const { renameSync } = await import('node:fs');
  renameSync(path + '.tmp', path);
  console.log(`  generated ${path} (${rows.toLocaleString('en-US')} rows, ${(statSync(path).size / 1e6).toFixed(1)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** Run a Node script as a child; its peak RSS comes from a preload that reports resourceUsage() at exit. */
function runMeasured(args) {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'integr-bench-rss-')), 'rss');
  const preload = join(import.meta.dirname, 'peak-rss.mjs');
  return new Promise((res, rej) => {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', preload, ...args], { cwd: root, env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.on('error', rej);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const usage = existsSync(rssFile) ? JSON.parse(readFileSync(rssFile, 'utf8')) : { maxRssKb: NaN, cpuUs: NaN };
      rmSync(rssFile, { force: true });
      if (code !== 0 && code !== 3) return rej(new Error(`${args.join(' ')} exited ${code}: ${stdout.slice(0, 500)}`));
      res({ ms, rssMb: usage.maxRssKb / 1024, cpuMs: usage.cpuUs / 1000, stdout });
    });
  });
}

async function integr(file, rows) {
  const dir = mkdtempSync(join(tmpdir(), 'integr-bench-import-'));
  try {
    const r = await runMeasured([join(root, 'bin', 'integr.js'), '--db', join(dir, 'integr.db'), 'import', file, '--no-progress', '--json', '--chunk-size', String(CHUNK)]);
    const report = JSON.parse(r.stdout);
    if (report.rows.inserted !== rows) throw new Error(`integr inserted ${report.rows.inserted} of ${rows} rows`);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function baseline(file, rows) {
  const dir = mkdtempSync(join(tmpdir(), 'integr-bench-baseline-'));
  try {
    const r = await runMeasured([join(import.meta.dirname, 'import-baseline.mjs'), file, join(dir, 'baseline.db')]);
    if (Number(r.stdout.trim()) !== rows) throw new Error(`baseline inserted ${r.stdout.trim()} of ${rows} rows`);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The store's writes alone for the same rows: the floor under any import on this machine. */
async function storeFloor(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'integr-bench-floor-'));
  try {
    const r = await runMeasured([join(import.meta.dirname, 'import-store-floor.mjs'), String(rows), String(CHUNK), join(dir, 'floor.db')]);
    if (Number(r.stdout.trim()) !== rows) throw new Error(`the store floor wrote ${r.stdout.trim()} of ${rows} rows`);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const line = (name, rows, r) =>
  console.log(
    `  ${name.padEnd(30)} ${fmt(rows).padStart(10)} rows  ${(r.ms / 1000).toFixed(2).padStart(7)} s  ${fmt((rows / r.ms) * 1000).padStart(9)} rows/s` +
      `  (CPU ${(r.cpuMs / 1000).toFixed(2)} s, ${fmt((rows / r.cpuMs) * 1000)} rows per CPU-s)  peak RSS ${fmt(r.rssMb).padStart(5)} MB`,
  );

mkdirSync(out, { recursive: true });
console.log(`import benchmark: ${fmt(ROWS)} rows × 8 columns (chunk size ${CHUNK}), node ${process.version}, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
const file = join(out, `products-${ROWS}.xlsx`);
const stockFile = join(out, `products-stock-${ROWS}.xlsx`);
const bigFile = join(out, `products-${BIG_ROWS}.xlsx`);
// Every workbook is written before anything is timed: measured right after the 56 MB big file was
// written, the 1M-row import twice peaked at over 410 MB where later runs of the same file peak at
// about 185 MB (most likely V8 growing its heap further while the machine was still flushing the new file).
await generate(file, ROWS);
if (WITH_STOCK) await generate(stockFile, ROWS, true);
if (!SKIP_BIG) await generate(bigFile, BIG_ROWS);
const base = await baseline(file, ROWS);
line('baseline (exceljs + sqlite)', ROWS, base);
const mine = await integr(file, ROWS);
line('integr import', ROWS, mine);
const speedup = base.ms / mine.ms;
console.log(`  integr vs baseline: ${speedup.toFixed(2)}× the speed (${(base.cpuMs / mine.cpuMs).toFixed(2)}× in CPU time), ${(mine.rssMb / base.rssMb).toFixed(2)}× the peak RSS`);
const floor = await storeFloor(ROWS);
line('store writes alone (no reading)', ROWS, floor);
console.log(`  the store's writes alone take ${((floor.ms / mine.ms) * 100).toFixed(0)}% of integr's time: no reader could take an import past ${fmt((ROWS / floor.ms) * 1000)} rows/s here`);
console.log(`  targets: ≥100,000 rows/s ${(ROWS / mine.ms) * 1000 >= 100_000 ? 'met' : 'NOT met'} · ≥2× baseline ${speedup >= 2 ? 'met' : 'NOT met'} · RSS ≤ baseline ${mine.rssMb <= base.rssMb ? 'met' : 'NOT met'}`);

if (WITH_STOCK) {
  const b = await baseline(stockFile, ROWS);
  line('baseline, stock column', ROWS, b);
  const m = await integr(stockFile, ROWS);
  line('integr, stock column', ROWS, m);
  console.log(`  with stock: ${(b.ms / m.ms).toFixed(2)}× the speed (${(b.cpuMs / m.cpuMs).toFixed(2)}× in CPU time); integr writes product + stock level + movement per row`);
}

if (!SKIP_BIG) {
  const big = await integr(bigFile, BIG_ROWS);
  line('integr import (big file)', BIG_ROWS, big);
  const growth = big.rssMb / mine.rssMb;
  console.log(`  RSS growth: ${(BIG_ROWS / ROWS).toFixed(1)}× the rows → ${growth.toFixed(2)}× the peak RSS (${growth < (BIG_ROWS / ROWS) / 2 ? 'sub-linear' : 'NOT clearly sub-linear'})`);
}
