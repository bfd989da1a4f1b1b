import { resolve } from 'node:path';
import { openDatabase, type Db } from './db.js';
import { KvRepo } from './kv.js';
import { ProductsRepo } from './products.js';
import { StockRepo } from './stock.js';
import { LocksRepo } from './locks.js';
import { RunsRepo } from './runs.js';
import { ShipmentsRepo } from './shipments.js';
import { ScheduleRunsRepo } from './schedules.js';

/**
 * The store: the only module that speaks SQL. Each table family has a small repository;
 * callers use those and `transaction()`, never raw SQL.
 */
export class Store {
  readonly products: ProductsRepo;
  readonly stock: StockRepo;
  readonly kv: KvRepo;
  readonly locks: LocksRepo;
  readonly runs: RunsRepo;
  readonly shipments: ShipmentsRepo;
  readonly schedules: ScheduleRunsRepo;

  private constructor(
    readonly db: Db,
    readonly path: string,
  ) {
    this.products = new ProductsRepo(db);
    this.stock = new StockRepo(db);
    this.kv = new KvRepo(db);
    this.locks = new LocksRepo(db);
    this.runs = new RunsRepo(db);
    this.shipments = new ShipmentsRepo(db);
    this.schedules = new ScheduleRunsRepo(db);
  }

  static open(path: string): Store {
    const abs = resolve(path);
    return new Store(openDatabase(abs), abs);
  }

  /** Run fn in one transaction (committed on return, rolled back on throw). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** A real write (and rollback) proving the store is writable, for doctor. */
  probeWritable(): void {
    this.db.transaction(() => {
      this.kv.set('doctor.probe', new Date().toISOString());
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
