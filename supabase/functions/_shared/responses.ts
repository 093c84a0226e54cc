import { z } from "zod";

/**
 * The shapes the RPCs answer with, defined once: the functions type their
 * answers with them and the tests parse what the RPCs return with them
 * (strict objects: a field added or dropped in SQL fails there). Amounts
 * leave the database as JSON numbers.
 */
const uuid = z.guid();
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/);
const amount = z.number();

export const paymentMethod = z.enum(["CASH", "CARD", "TRANSFER", "QR"]);

export const saleItemSchema = z.strictObject({
  id: uuid,
  sale_id: uuid,
  line_number: z.number().int().positive(),
  product_id: uuid,
  quantity: z.number().int().positive(),
  unit_price: amount,
  list_price: amount,
  /** The product's cost at the moment of sale: managers and admins only (null for others). */
  cost_price: amount.nullable(),
  discount: amount,
  subtotal: amount,
  product: z.strictObject({ sku: z.string(), name: z.string() }),
});

export const saleSchema = z.strictObject({
  id: uuid,
  sale_number: z.string().regex(/^V-\d{4}-\d{6,}$/),
  sale_date: timestamp,
  subtotal: amount,
  /** Σ of the line discounts; `discount` is the sale's own. */
  line_discount: amount,
  discount: amount,
  tax_rate: amount,
  tax: amount,
  total: amount,
  status: z.enum(["COMPLETED", "CANCELLED"]),
  payment_method: paymentMethod,
  notes: z.string().nullable(),
  created_at: timestamp,
  created_by: uuid.nullable(),
  cancelled_at: timestamp.nullable(),
  cancelled_by: uuid.nullable(),
  cancellation_reason: z.string().nullable(),
  items: z.array(saleItemSchema),
});
export type Sale = z.infer<typeof saleSchema>;
export type SaleItem = z.infer<typeof saleItemSchema>;

const productFigure = z.strictObject({
  product_id: uuid,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  revenue: amount,
});

export const dailySummarySchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timezone: z.string(),
  from: timestamp,
  to: timestamp,
  sales_count: z.number().int(),
  cancelled_count: z.number().int(),
  items_sold: z.number().int(),
  /** Σ quantity × unit price, before any discount. */
  gross_sales: amount,
  line_discounts: amount,
  sale_discounts: amount,
  /** Every discount given: line_discounts + sale_discounts. */
  discounts: amount,
  /** gross_sales − line_discounts. */
  subtotal: amount,
  tax: amount,
  total: amount,
  average_ticket: amount,
  /** subtotal − sale_discounts − cost at sale time: managers and admins only (null for others). */
  gross_profit: amount.nullable(),
  by_payment_method: z.array(
    z.strictObject({ payment_method: paymentMethod, sales_count: z.number().int(), total: amount }),
  ),
  top_products_by_quantity: z.array(productFigure),
  top_products_by_revenue: z.array(productFigure),
  hourly: z.array(z.strictObject({ hour: z.number().int(), sales_count: z.number().int(), total: amount })),
});
export type DailySummary = z.infer<typeof dailySummarySchema>;

export const lowStockRowSchema = z.strictObject({
  id: uuid,
  sku: z.string(),
  name: z.string(),
  category_name: z.string().nullable(),
  current_stock: z.number().int(),
  min_stock_level: z.number().int(),
  units_needed: z.number().int(),
});
export type LowStockRow = z.infer<typeof lowStockRowSchema>;

// =============================================================================
// The catalog, ledger and import RPCs (get_product, list_products, …)
// =============================================================================

const embeddedCategory = z.strictObject({ id: uuid, name: z.string(), description: z.string().nullable() });

/** A product as get_product, list_products, create_product and update_product return it. */
export const catalogProductSchema = z.strictObject({
  id: uuid,
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  category_id: uuid.nullable(),
  unit_price: amount,
  /** Managers and admins only (null for others). */
  cost_price: amount.nullable(),
  current_stock: z.number().int(),
  min_stock_level: z.number().int(),
  is_active: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
  category: embeddedCategory.nullable(),
});
export type CatalogProduct = z.infer<typeof catalogProductSchema>;

/** A row of search_products as JSON: a catalog product with its relevance (0–1). */
export const searchRowSchema = catalogProductSchema.extend({ relevance: z.number() });
export type SearchRow = z.infer<typeof searchRowSchema>;

export const categorySchema = z.strictObject({
  id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type Category = z.infer<typeof categorySchema>;

/** A movement as the stock RPCs return it (a row of inventory_movements, as JSON). */
export const movementSchema = z.strictObject({
  id: uuid,
  seq: z.number().int(),
  product_id: uuid,
  movement_type: z.enum(["ENTRY", "EXIT", "ADJUSTMENT"]),
  quantity: z.number().int(),
  reason: z.string(),
  reference_id: uuid.nullable(),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
  previous_stock: z.number().int(),
  new_stock: z.number().int(),
  created_at: timestamp,
  created_by: uuid.nullable(),
});
export type Movement = z.infer<typeof movementSchema>;

/** A movement of list_movements: with its product's name and SKU. */
export const listedMovementSchema = movementSchema.extend({ product_name: z.string(), product_sku: z.string() });
export type ListedMovement = z.infer<typeof listedMovementSchema>;

/** A sale of list_sales. */
export const listedSaleSchema = z.strictObject({
  id: uuid,
  sale_number: z.string(),
  sale_date: timestamp,
  subtotal: amount,
  line_discount: amount,
  discount: amount,
  tax: amount,
  total: amount,
  status: z.enum(["COMPLETED", "CANCELLED"]),
  payment_method: paymentMethod,
  item_count: z.number().int(),
  created_by: uuid.nullable(),
  cancelled_at: timestamp.nullable(),
});
export type ListedSale = z.infer<typeof listedSaleSchema>;

/** A page of a list RPC: the items, how many there are in all, which page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total_items: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });
}
export type Page<T> = { items: T[]; total_items: number; page: number; page_size: number };

/** delete_product's answer: the product went, or stayed deactivated (it has history). */
export const deletedProductSchema = z.strictObject({
  id: uuid,
  action: z.enum(["deleted", "deactivated"]),
  product: catalogProductSchema.nullable(),
});

/** match_product_lines' answer: for each line (1-based), its candidates, best first. */
export const lineMatchesSchema = z.array(
  z.strictObject({
    line: z.number().int(),
    matches: z.array(
      z.strictObject({
        product_id: uuid,
        sku: z.string(),
        name: z.string(),
        category_id: uuid.nullable(),
        category_name: z.string().nullable(),
        confidence: z.number(),
        reason: z.enum(["barcode", "sku", "name"]),
      }),
    ),
  }),
);
export type LineMatches = z.infer<typeof lineMatchesSchema>;

/** resolve_category_names' answer, in the order of the names. */
export const resolvedCategoriesSchema = z.array(
  z.strictObject({
    name: z.string().nullable(),
    key: z.string().nullable(),
    category_id: uuid.nullable(),
    category_name: z.string().nullable(),
  }),
);
export type ResolvedCategories = z.infer<typeof resolvedCategoriesSchema>;

/** import_products' answer. */
export const importedProductsSchema = z.strictObject({
  total_requested: z.number().int(),
  total_created: z.number().int(),
  total_failed: z.number().int(),
  categories_created: z.number().int(),
  results: z.array(
    z.strictObject({
      index: z.number().int(),
      success: z.boolean(),
      product_id: uuid.nullable(),
      product_sku: z.string().nullable(),
      error: z
        .strictObject({ code: z.string(), message: z.string().nullable(), field: z.string().nullable() })
        .nullable(),
    }),
  ),
});
export type ImportedProducts = z.infer<typeof importedProductsSchema>;
