import { z } from "zod";
import { salePaymentMethod, saleStatus, timestamp, uuid } from "./responses.ts";

/**
 * The REST contract of the store's existing front end
 * (Ticlla/FrontEnd-ComercialComarapa, `src/types/*.ts`), served by the `api`
 * function under `/functions/v1/api/v1`: defined once, used by the function's
 * types and by the contract tests, which parse every answer with these
 * strict objects (a field added, dropped or of another JSON type fails).
 * Money is a string with two decimals ("37.00"), as the front end reads it.
 */
const money = z.string().regex(/^\d+\.\d{2}$/, "money as a string with two decimals");

const paginationSchema = z.strictObject({
  page: z.number().int().min(1),
  page_size: z.number().int().min(1).max(100),
  total_items: z.number().int().min(0),
  total_pages: z.number().int().min(0),
  has_next: z.boolean(),
  has_prev: z.boolean(),
});
export type Pagination = z.infer<typeof paginationSchema>;

/** `{success: true, data, message}`. */
export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.strictObject({ success: z.literal(true), data, message: z.string().nullable() });
}

/** `{success: true, data: [...], pagination, message}`. */
export function pagedSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({
    success: z.literal(true),
    data: z.array(item),
    pagination: paginationSchema,
    message: z.string().nullable(),
  });
}

/** A failure: a sentence in Spanish for a person, the developer's detail, and our code. */
export const apiErrorSchema = z.strictObject({
  success: z.literal(false),
  error: z.string().min(1),
  detail: z.string().nullable(),
  code: z.string().regex(/^[A-Z_]+$/),
});

const apiCategoryRefSchema = z.strictObject({ id: uuid, name: z.string(), description: z.string().nullable() });

export const apiProductSchema = z.strictObject({
  id: uuid,
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category_id: uuid.nullable(),
  unit_price: money,
  cost_price: money.nullable(),
  current_stock: z.number().int(),
  min_stock_level: z.number().int(),
  is_active: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
  category: apiCategoryRefSchema.nullable(),
});
export type ApiProduct = z.infer<typeof apiProductSchema>;

/** A search result: a product with its relevance (1 exact code, ≥ 0.4 words, < 0.4 a guess). */
export const apiSearchProductSchema = apiProductSchema.extend({ relevance: z.number().min(0).max(1) });
export type ApiSearchProduct = z.infer<typeof apiSearchProductSchema>;

export const apiLowStockSchema = z.strictObject({
  id: uuid,
  sku: z.string(),
  name: z.string(),
  category_name: z.string().nullable(),
  current_stock: z.number().int(),
  min_stock_level: z.number().int(),
  units_needed: z.number().int(),
});

export const apiCategorySchema = z.strictObject({
  id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** DELETE's answer: `{success, id, message}` (the front end's DeleteResponse) and what happened in `data`. */
export const apiDeletedSchema = z.strictObject({
  success: z.literal(true),
  id: uuid,
  data: z.strictObject({ id: uuid, action: z.enum(["deleted", "deactivated"]) }),
  message: z.string(),
});

export const apiMovementSchema = z.strictObject({
  id: uuid,
  product_id: uuid,
  product_name: z.string(),
  product_sku: z.string(),
  movement_type: z.enum(["ENTRY", "EXIT", "ADJUSTMENT"]),
  quantity: z.number().int(),
  reason: z.string(),
  reference: z.string().nullable(),
  reference_id: uuid.nullable(),
  notes: z.string().nullable(),
  previous_stock: z.number().int(),
  new_stock: z.number().int(),
  created_at: timestamp,
  created_by: uuid.nullable(),
});
export type ApiMovement = z.infer<typeof apiMovementSchema>;

const apiSaleItemSchema = z.strictObject({
  id: uuid,
  line_number: z.number().int(),
  product_id: uuid,
  product_name: z.string(),
  product_sku: z.string(),
  quantity: z.number().int(),
  unit_price: money,
  list_price: money,
  cost_price: money.nullable(),
  discount: money,
  subtotal: money,
});

export const apiSaleSchema = z.strictObject({
  id: uuid,
  sale_number: z.string(),
  sale_date: timestamp,
  items: z.array(apiSaleItemSchema),
  subtotal: money,
  line_discount: money,
  discount: money,
  tax_rate: money,
  tax: money,
  total: money,
  status: saleStatus,
  payment_method: salePaymentMethod,
  notes: z.string().nullable(),
  created_at: timestamp,
  created_by: uuid.nullable(),
  cancelled_at: timestamp.nullable(),
  cancelled_by: uuid.nullable(),
  cancellation_reason: z.string().nullable(),
});
export type ApiSale = z.infer<typeof apiSaleSchema>;

export const apiSaleListItemSchema = z.strictObject({
  id: uuid,
  sale_number: z.string(),
  sale_date: timestamp,
  subtotal: money,
  line_discount: money,
  discount: money,
  tax: money,
  total: money,
  status: saleStatus,
  payment_method: salePaymentMethod,
  item_count: z.number().int(),
  created_by: uuid.nullable(),
  cancelled_at: timestamp.nullable(),
});

// =============================================================================
// The invoice import (src/types/import.ts); no envelope
// =============================================================================

export const importHealthSchema = z.strictObject({
  status: z.enum(["healthy", "degraded"]),
  ai_configured: z.boolean(),
  ai_model: z.string().nullable(),
  max_images_per_batch: z.literal(20),
  max_image_size_mb: z.literal(10),
});

const extractedProductSchema = z.strictObject({
  quantity: z.number(),
  description: z.string(),
  unit_price: z.number(),
  total_price: z.number(),
  suggested_category: z.string().nullable(),
});

const extractionSchema = z.strictObject({
  invoice: z.strictObject({
    supplier_name: z.string().nullable(),
    invoice_number: z.string().nullable(),
    invoice_date: z.string().nullable(),
    image_index: z.number().int(),
  }),
  products: z.array(extractedProductSchema),
  extraction_confidence: z.number().min(0).max(1),
});
export type Extraction = z.infer<typeof extractionSchema>;

const productMatchSchema = z.strictObject({
  existing_product_id: uuid,
  existing_product_name: z.string(),
  existing_product_sku: z.string(),
  similarity_score: z.number().min(0).max(1),
  confidence: z.enum(["high", "medium", "low"]),
});

const matchedProductSchema = z.strictObject({
  extracted: extractedProductSchema,
  matches: z.array(productMatchSchema),
  is_new_product: z.boolean(),
  suggested_name: z.string(),
});
export type MatchedProduct = z.infer<typeof matchedProductSchema>;

const detectedCategorySchema = z.strictObject({
  name: z.string(),
  exists_in_catalog: z.boolean(),
  existing_category_id: uuid.nullable(),
  product_count: z.number().int().min(1),
});
export type DetectedCategory = z.infer<typeof detectedCategorySchema>;

export const batchExtractionSchema = z.strictObject({
  extractions: z.array(extractionSchema),
  matched_products: z.array(matchedProductSchema),
  detected_categories: z.array(detectedCategorySchema),
  total_products: z.number().int(),
  total_images_processed: z.number().int(),
  processing_time_ms: z.number().int().min(0),
});

export const matchProductResponseSchema = z.strictObject({
  matched: matchedProductSchema,
  processing_time_ms: z.number().int().min(0),
});

/** A product name the model (or, without one, the catalog) suggests for what is being typed. */
const autocompleteSuggestionSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  category: z.string().nullable(),
});
export type AutocompleteSuggestion = z.infer<typeof autocompleteSuggestionSchema>;

export const autocompleteResponseSchema = z.strictObject({
  suggestions: z.array(autocompleteSuggestionSchema).max(5),
});

export const bulkCreateResponseSchema = z.strictObject({
  total_requested: z.number().int(),
  total_created: z.number().int(),
  total_failed: z.number().int(),
  results: z.array(
    z.strictObject({
      index: z.number().int(),
      success: z.boolean(),
      product_id: uuid.nullable(),
      product_sku: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
  categories_created: z.number().int(),
  processing_time_ms: z.number().int().min(0),
});
