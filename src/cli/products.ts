import type { Command } from 'commander';
import { action } from './run.js';
import { withExamples } from './examples.js';
import { renderTable } from '../output/table.js';

export function registerProducts(program: Command): void {
  withExamples(
    program.command('products').argument('[sku...]', 'only these SKUs').description('local products'),
    ['integr products', 'integr products SKU-1 --json'],
  ).action(
    action(async (ctx, skus: string[]) => {
      const store = await ctx.store();
      const products = store.products.list(skus);
      const notFound = [...new Set(skus)].filter((sku) => !products.some((row) => row.sku === sku));
      if (notFound.length) ctx.out.warn(`not in the store: ${notFound.join(', ')}`);
      if (ctx.opts.json) return void ctx.out.emitJson(skus.length ? { products, notFound } : { products });
      if (!products.length) return void ctx.out.result(skus.length ? 'none of those SKUs is in the store' : 'no products in the store yet (run `integr import products.xlsx`)');
      ctx.out.result(
        renderTable(
          ['SKU', 'name', 'barcode', 'price', 'list price'],
          products.map((p) => [p.sku, p.name, p.barcode, p.price, p.listPrice]),
          { rightAlign: [3, 4] },
        ),
      );
    }),
  );
}
