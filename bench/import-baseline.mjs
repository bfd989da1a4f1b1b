// The baseline for `npm run bench -- import`: the plainest streaming import people write — exceljs's
// streaming WorkbookReader, one row at a time into better-sqlite3, 1000 rows per transaction.
// Prints the number of rows inserted.
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';

const [file, dbPath] = process.argv.slice(2);
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT, barcode TEXT, brand TEXT, category TEXT, price REAL, stock INTEGER, updated TEXT)');
const insert = db.prepare('INSERT OR REPLACE INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
const flush = db.transaction((rows) => {
  for (const r of rows) insert.run(r);
});
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', styles: 'cache', hyperlinks: 'ignore' });
let n = 0;
let batch = [];
for await (const sheet of reader) {
  for await (const row of sheet) {
    if (row.number === 1) continue;
    const v = row.values;
    batch.push([String(v[1]), v[2], String(v[3]), v[4], v[5], v[6], v[7], v[8] instanceof Date ? v[8].toISOString() : null]);
    n++;
    if (batch.length === 1000) {
      flush(batch);
      batch = [];
    }
  }
  break;
}
if (batch.length) flush(batch);
db.close();
console.log(n);
