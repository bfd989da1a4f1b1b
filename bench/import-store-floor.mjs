// The floor under `integr import` on this machine: the store's own writes for N new products (the
// rows the benchmark workbook holds, already mapped), in chunks of the import's size, each chunk one
// transaction with the job's progress, exactly as the import writes them, and no reading at all.
// Whatever the reader does, an import cannot be faster than this. Prints the number of rows written.
// Usage: node bench/import-store-floor.mjs <rows> <chunk> <db>
import { hostname } from 'node:os';
import { Store } from '../dist/src/store/store.js';
import { CatalogWrites } from '../dist/src/store/catalog-writes.js';
import { ImportJobsRepo, zeroCounts } from '../dist/src/store/import-jobs.js';
import { nowIso } from '../dist/src/store/time.js';

const [rowsArg, chunkArg, dbPath] = process.argv.slice(2);
const ROWS = Number(rowsArg);
const CHUNK = Number(chunkArg);
const CATEGORIES = ['Tişört', 'Pantolon', 'Spor', 'Çanta', 'Banyo', 'Mutfak', 'Kahve'];

const store = Store.open(dbPath);
const catalog = new CatalogWrites(store.db);
const jobs = new ImportJobsRepo(store.db);
const jobId = jobs.create({ type: 'products', template: 'products', file: 'floor', fileSize: 0, fileHash: 'floor', sheet: 'S', headerRow: 1, options: {}, pid: process.pid, host: hostname(), startedAt: nowIso() });

// Same values as the benchmark workbook's rows (bench/import.mjs), as the mapper hands them over.
const product = (i, now) => ({
  sku: `TR-${String(i).padStart(7, '0')}`,
  name: `Şık Ürün ${i % 5000} ${CATEGORIES[i % 7]}`,
  barcode: String(8690000000000 + i),
  price: Math.round(((i % 2000) + 9.9) * 100) / 100,
  list_price: Math.round(((i % 2000) + 29.9) * 100) / 100,
  currency: null, vat_rate: null,
  brand: 'Anadolu Tekstil', category: 'Giyim > Tişört', description: null, weight: null,
  attributes: `{"updated_at":"2024-01-${String(1 + (i % 28)).padStart(2, '0')}"}`,
  created_at: now, updated_at: now, created_by_job: jobId, updated_by_job: jobId,
});

const counts = zeroCounts();
const write = (from) =>
  store.transaction(() => {
    const now = nowIso();
    const to = Math.min(ROWS, from + CHUNK - 1);
    for (let i = from; i <= to; i++) if (catalog.insertProductIfNew(product(i, now))) counts.inserted++;
    counts.total = to;
    jobs.commitProgress(jobId, counts, to + 1, now);
  });
for (let i = 1; i <= ROWS; i += CHUNK) write(i);
store.close();
console.log(counts.inserted);
