import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { renderTable } from '../output/table.js';

export function registerStock(program: Command): void {
  withExamples(
    program
      .command('stock')
      .argument('[sku...]', 'only these SKUs')
      .option('--warehouse <code>', 'only this warehouse')
      .description('local stock per SKU: total and per warehouse'),
    ['integr stock', 'integr stock SKU-1 SKU-2 --warehouse MAIN', 'integr stock --json'],
  ).action(
    action(async (ctx, skus: string[], opts: { warehouse?: string }) => {
      const store = await ctx.store();
      const stock = store.stock.list({ skus, warehouse: opts.warehouse });
      const notFound = [...new Set(skus)].filter((sku) => !stock.some((row) => row.sku === sku));
      if (notFound.length) ctx.out.warn(`not in the store: ${notFound.join(', ')}`);
      if (opts.warehouse) {
        const codes = store.stock.warehouseCodes();
        if (!codes.includes(opts.warehouse)) ctx.out.warn(`no stock is recorded in warehouse ${opts.warehouse}; the store has ${codes.join(', ') || 'none'} (codes are case-sensitive)`);
      }
      if (ctx.opts.json) return void ctx.out.emitJson(skus.length ? { stock, notFound } : { stock });
      if (!stock.length) return void ctx.out.result(skus.length ? 'none of those SKUs is in the store' : 'no stock in the store yet (import a products or stock workbook first)');
      const whs = [...new Set(stock.flatMap((s) => Object.keys(s.warehouses)))].sort();
      ctx.out.result(
        renderTable(
          ['SKU', 'total', ...whs],
          stock.map((s) => [s.sku, s.total, ...whs.map((w) => s.warehouses[w] ?? '')]),
          { rightAlign: [1, ...whs.map((_, i) => i + 2)] },
        ),
      );
    }),
  );
}
