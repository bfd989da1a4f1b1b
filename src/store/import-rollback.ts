import type { Db } from './db.js';

/**
 * The set-based half of rolling back an import job: what the job created (found by
 * created_by_job) and the stock it moved (found by its stock movements). Row-by-row updates are
 * undone from import_changes by the caller. Everything here runs inside the caller's transaction.
 */
export class ImportRollbackSql {
  private readonly stmts;

  constructor(private readonly db: Db) {
    // Per connection; emptied around each use.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS rollback_stock (sku TEXT NOT NULL, warehouse TEXT NOT NULL, quantity_before INTEGER, PRIMARY KEY (sku, warehouse)) WITHOUT ROWID');
    this.stmts = {
      createdProducts: db.prepare('SELECT COUNT(*) FROM products WHERE created_by_job = ?').pluck(),
      createdOrders: db.prepare('SELECT COUNT(*) FROM orders WHERE created_by_job = ?').pluck(),
      createdCustomers: db.prepare('SELECT COUNT(*) FROM customers WHERE created_by_job = ?').pluck(),
      laterProductJobs: db.prepare(
        'SELECT updated_by_job AS jobId, COUNT(*) AS keys FROM products WHERE created_by_job = ? AND updated_by_job IS NOT created_by_job GROUP BY updated_by_job',
      ),
      laterOrderJobs: db.prepare('SELECT updated_by_job AS jobId, COUNT(*) AS keys FROM orders WHERE created_by_job = ? AND updated_by_job IS NOT created_by_job GROUP BY updated_by_job'),
      laterStockJobs: db.prepare(
        `WITH mine AS (
           SELECT sku, warehouse, MAX(id) AS last FROM stock_movements WHERE job_id = @job AND reason != 'rollback' GROUP BY sku, warehouse
         ),
         later AS (
           SELECT m.job_id, m.sku, m.warehouse FROM mine JOIN stock_movements m ON m.sku = mine.sku AND m.warehouse = mine.warehouse AND m.id > mine.last
           UNION
           SELECT m.job_id, m.sku, m.warehouse FROM products p JOIN stock_movements m ON m.sku = p.sku
            WHERE p.created_by_job = @job AND (m.job_id IS NULL OR m.job_id != @job)
         )
         SELECT later.job_id AS jobId, COUNT(*) AS keys FROM later LEFT JOIN import_jobs j ON j.id = later.job_id
          WHERE later.job_id IS NULL OR (later.job_id != @job AND j.rolled_back_at IS NULL)
          GROUP BY later.job_id ORDER BY later.job_id`,
      ),
      clearTemp: db.prepare('DELETE FROM temp.rollback_stock'),
      fillTemp: db.prepare(
        `INSERT INTO temp.rollback_stock (sku, warehouse, quantity_before)
         SELECT sku, warehouse, quantity_before FROM stock_movements
          WHERE id IN (SELECT MIN(id) FROM stock_movements WHERE job_id = ? AND reason IN ('import', 'adjust') GROUP BY sku, warehouse)`,
      ),
      stockMoves: db.prepare(
        `INSERT INTO stock_movements (sku, warehouse, delta, quantity_before, quantity_after, reason, job_id, note, created_at)
         SELECT r.sku, r.warehouse, COALESCE(r.quantity_before, 0) - COALESCE(s.quantity, 0), s.quantity, COALESCE(r.quantity_before, 0), 'rollback', @job, @note, @at
           FROM temp.rollback_stock r LEFT JOIN stock s ON s.sku = r.sku AND s.warehouse = r.warehouse
          WHERE s.quantity IS NOT r.quantity_before`,
      ),
      stockRestore: db.prepare(
        `UPDATE stock SET quantity = (SELECT r.quantity_before FROM temp.rollback_stock r WHERE r.sku = stock.sku AND r.warehouse = stock.warehouse), updated_at = ?
          WHERE EXISTS (SELECT 1 FROM temp.rollback_stock r WHERE r.sku = stock.sku AND r.warehouse = stock.warehouse AND r.quantity_before IS NOT NULL)`,
      ),
      stockReinsert: db.prepare(
        `INSERT INTO stock (sku, warehouse, quantity, updated_at)
         SELECT r.sku, r.warehouse, r.quantity_before, @at FROM temp.rollback_stock r
          WHERE r.quantity_before IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stock s WHERE s.sku = r.sku AND s.warehouse = r.warehouse)
            AND EXISTS (SELECT 1 FROM products p WHERE p.sku = r.sku)`,
      ),
      stockDelete: db.prepare(
        'DELETE FROM stock WHERE EXISTS (SELECT 1 FROM temp.rollback_stock r WHERE r.sku = stock.sku AND r.warehouse = stock.warehouse AND r.quantity_before IS NULL)',
      ),
      stockKeys: db.prepare('SELECT COUNT(*) FROM temp.rollback_stock').pluck(),
      linesOfCreatedOrders: db.prepare('SELECT COUNT(*) FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE created_by_job = ?)').pluck(),
      deleteOrders: db.prepare('DELETE FROM orders WHERE created_by_job = ?'),
      deleteCustomers: db.prepare('DELETE FROM customers WHERE created_by_job = ? AND id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL)'),
      deleteProducts: db.prepare('DELETE FROM products WHERE created_by_job = ? AND sku NOT IN (SELECT sku FROM order_lines)'),
    };
  }

  /** What the job created and still exists. */
  createdCounts(jobId: number): { products: number; orders: number; customers: number } {
    return {
      products: this.stmts.createdProducts.get(jobId) as number,
      orders: this.stmts.createdOrders.get(jobId) as number,
      customers: this.stmts.createdCustomers.get(jobId) as number,
    };
  }

  /**
   * Later work on what the job created or moved: imports that updated its products or orders,
   * and stock movements after its own (jobId null: not an import, e.g. a manual change).
   */
  laterWork(jobId: number): { jobId: number | null; keys: number }[] {
    const rows = [
      ...(this.stmts.laterProductJobs.all(jobId) as { jobId: number | null; keys: number }[]),
      ...(this.stmts.laterOrderJobs.all(jobId) as { jobId: number | null; keys: number }[]),
      ...(this.stmts.laterStockJobs.all({ job: jobId }) as { jobId: number | null; keys: number }[]),
    ];
    const notRolledBack = this.db.prepare('SELECT rolled_back_at FROM import_jobs WHERE id = ?').pluck();
    return rows.filter((r) => r.jobId === null || (r.jobId !== jobId && notRolledBack.get(r.jobId) === null));
  }

  /** Put every SKU × warehouse the job moved back to its quantity before the job's first movement. Returns how many. */
  restoreStock(jobId: number, at: string): number {
    this.stmts.clearTemp.run();
    try {
      this.stmts.fillTemp.run(jobId);
      this.stmts.stockMoves.run({ job: jobId, note: `rollback of job ${jobId}`, at });
      this.stmts.stockRestore.run(at);
      this.stmts.stockReinsert.run({ at });
      this.stmts.stockDelete.run();
      return this.stmts.stockKeys.get() as number;
    } finally {
      this.stmts.clearTemp.run();
    }
  }

  /** Delete what the job created, unless something else now refers to it; returns how many went. */
  deleteCreated(jobId: number): { orders: number; orderLines: number; customers: number; products: number } {
    return {
      orderLines: this.stmts.linesOfCreatedOrders.get(jobId) as number,
      orders: this.stmts.deleteOrders.run(jobId).changes,
      customers: this.stmts.deleteCustomers.run(jobId).changes,
      products: this.stmts.deleteProducts.run(jobId).changes,
    };
  }
}
