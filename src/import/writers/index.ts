import type { ImportType } from '../kinds.js';
import type { KindWriter, WriteContext } from './context.js';
import { ordersWriter } from './orders.js';
import { productsWriter } from './products.js';
import { stockAdjustWriter, stockWriter } from './stock.js';

export function writerFor(type: ImportType, ctx: WriteContext): KindWriter {
  switch (type) {
    case 'products':
      return productsWriter(ctx);
    case 'stock':
      return stockWriter(ctx);
    case 'stock-adjust':
      return stockAdjustWriter(ctx);
    case 'orders':
      return ordersWriter(ctx);
  }
}
