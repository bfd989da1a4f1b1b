// The four kinds of import and the fields each one understands. A template (built-in or the
// user's) maps spreadsheet headers onto these fields; the kind's writer knows what they mean.

export const IMPORT_TYPES = ['products', 'stock', 'stock-adjust', 'orders'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

export const COLUMN_TYPES = ['text', 'integer', 'decimal', 'date', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface FieldSpec {
  type: ColumnType;
  /** The kind cannot work without it: a template must declare it required. */
  required?: boolean;
  /** An identifier (SKU, barcode, order number): a number cell too long to be exact is an error. */
  identifier?: boolean;
}

export interface KindSpec {
  fields: Record<string, FieldSpec>;
  /** Products keep any other template column in their `attributes` JSON. */
  extraFields: boolean;
}

const text: FieldSpec = { type: 'text' };
const id: FieldSpec = { type: 'text', identifier: true };
const decimal: FieldSpec = { type: 'decimal' };

export const KINDS: Record<ImportType, KindSpec> = {
  products: {
    extraFields: true,
    fields: {
      sku: { ...id, required: true },
      name: text,
      barcode: id,
      price: decimal,
      list_price: decimal,
      currency: text,
      vat_rate: decimal,
      brand: text,
      category: text,
      description: text,
      weight: decimal,
      stock: { type: 'integer' },
    },
  },
  stock: {
    extraFields: false,
    fields: { sku: { ...id, required: true }, quantity: { type: 'integer', required: true }, warehouse: text },
  },
  'stock-adjust': {
    extraFields: false,
    fields: { sku: { ...id, required: true }, delta: { type: 'integer', required: true }, warehouse: text, reason: text },
  },
  orders: {
    extraFields: false,
    fields: {
      order_no: { ...id, required: true },
      order_date: { type: 'date' },
      status: text,
      channel: text,
      currency: text,
      total: decimal,
      notes: text,
      customer_code: id,
      customer_name: text,
      email: text,
      phone: id,
      address: text,
      district: text,
      city: text,
      postal_code: id,
      country: text,
      tax_number: id,
      line_no: { type: 'integer' },
      sku: { ...id, required: true },
      product_name: text,
      quantity: { type: 'integer', required: true },
      unit_price: decimal,
      vat_rate: decimal,
      carrier: text,
      carrier_key: id,
      tracking_number: id,
    },
  },
};

export function isImportType(s: string): s is ImportType {
  return (IMPORT_TYPES as readonly string[]).includes(s);
}
