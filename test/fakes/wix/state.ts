import { randomUUID } from 'node:crypto';

// The fake site's catalog, kept once and rendered either as Catalog V1 (products with variants,
// one inventory item per product) or Catalog V3 (one inventory item per variant and location).

export const ZERO_VARIANT_ID = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_LOCATION_ID = '5f0a1b2c-3d4e-4f60-8a7b-9c0d1e2f3a4b';
export const QUANTITY_LIMIT = 99_999;

export type CatalogVersion = 'V1_CATALOG' | 'V3_CATALOG' | 'STORES_NOT_INSTALLED';

export interface FakeVariant {
  /** V1 variant id: the all-zero id for products without managed variants. */
  v1Id: string;
  /** V3 variant id (always a real id) and the V3 inventory item of the default location. */
  v3Id: string;
  v3InventoryItemId: string;
  revision: number;
  sku: string;
  choices: Record<string, string>;
  /** Meaningful only when the product tracks quantity. */
  quantity: number;
  inStock: boolean;
  updatedDate: string;
}

export interface FakeProduct {
  id: string;
  name: string;
  numericId: string;
  inventoryItemId: string;
  manageVariants: boolean;
  trackInventory: boolean;
  visible: boolean;
  createdDate: string;
  variants: FakeVariant[];
}

export interface NewProduct {
  name?: string;
  /** Hidden products are returned by V1 queries only with includeHiddenProducts. */
  hidden?: boolean;
  /** false: the product does not track quantities (untracked; only in/out of stock). */
  tracked?: boolean;
  /** One entry: a simple product (no managed variants). Several: a product with managed variants. */
  variants: Array<{ sku: string; quantity?: number; choices?: Record<string, string>; inStock?: boolean }>;
}

export interface CreatedProduct {
  productId: string;
  inventoryItemId: string;
  variants: Array<{ sku: string; variantId: string; v3VariantId: string; v3InventoryItemId: string }>;
}

const now = () => new Date().toISOString();

export class WixCatalog {
  readonly products: FakeProduct[] = [];
  private numeric = 1_608_035_843_758_000;
  /** How many times a write changed each SKU. */
  readonly applied = new Map<string, number>();
  private readonly skus = new Set<string>();

  add(p: NewProduct): CreatedProduct {
    if (p.variants.length === 0) throw new Error('a product needs at least one variant');
    for (const v of p.variants) if (this.skus.has(v.sku)) throw new Error(`fake: SKU ${v.sku} already exists`);
    for (const v of p.variants) this.skus.add(v.sku);
    const managed = p.variants.length > 1;
    const tracked = p.tracked ?? true;
    const product: FakeProduct = {
      id: randomUUID(),
      name: p.name ?? (managed ? `Product ${p.variants[0].sku}` : p.variants[0].sku),
      numericId: String((this.numeric += 1000)),
      inventoryItemId: randomUUID(),
      manageVariants: managed,
      trackInventory: tracked,
      visible: !p.hidden,
      createdDate: now(),
      variants: p.variants.map((v, i) => ({
        v1Id: managed ? randomUUID() : ZERO_VARIANT_ID,
        v3Id: randomUUID(),
        v3InventoryItemId: randomUUID(),
        revision: 1,
        sku: v.sku,
        choices: v.choices ?? (managed ? { Option: `#${i + 1}` } : {}),
        quantity: tracked ? (v.quantity ?? 0) : 0,
        inStock: tracked ? (v.quantity ?? 0) > 0 : (v.inStock ?? true),
        updatedDate: now(),
      })),
    };
    this.products.push(product);
    return {
      productId: product.id,
      inventoryItemId: product.inventoryItemId,
      variants: product.variants.map((v) => ({ sku: v.sku, variantId: v.v1Id, v3VariantId: v.v3Id, v3InventoryItemId: v.v3InventoryItemId })),
    };
  }

  findBySku(sku: string): { product: FakeProduct; variant: FakeVariant } | undefined {
    for (const product of this.products) for (const variant of product.variants) if (variant.sku === sku) return { product, variant };
    return undefined;
  }

  /** V1 addressing: productId or inventoryId, plus the V1 variant id. */
  findV1(key: { productId?: string; inventoryId?: string; variantId?: string }): { product: FakeProduct; variant: FakeVariant } | undefined {
    const product = this.products.find((p) => (key.productId !== undefined ? p.id === key.productId : p.inventoryItemId === key.inventoryId));
    const variant = product?.variants.find((v) => v.v1Id === key.variantId);
    return product && variant ? { product, variant } : undefined;
  }

  findV3Item(inventoryItemId: string): { product: FakeProduct; variant: FakeVariant } | undefined {
    for (const product of this.products) for (const variant of product.variants) if (variant.v3InventoryItemId === inventoryItemId) return { product, variant };
    return undefined;
  }

  /** Apply a delta to a tracked variant (the caller has validated it). */
  adjust(variant: FakeVariant, delta: number): void {
    variant.quantity += delta;
    variant.inStock = variant.quantity > 0;
    variant.revision += 1;
    variant.updatedDate = now();
    this.applied.set(variant.sku, (this.applied.get(variant.sku) ?? 0) + 1);
  }

  setQuantity(sku: string, quantity: number): void {
    const hit = this.findBySku(sku);
    if (!hit) throw new Error(`fake: no SKU ${sku}`);
    if (!hit.product.trackInventory) throw new Error(`fake: SKU ${sku} is untracked`);
    hit.variant.quantity = quantity;
    hit.variant.inStock = quantity > 0;
    hit.variant.revision += 1;
  }

  quantities(): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const p of this.products) for (const v of p.variants) out[v.sku] = p.trackInventory ? v.quantity : null;
    return out;
  }
}
