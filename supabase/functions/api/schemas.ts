import { z } from "zod";
import { requiredText, storableText } from "../_shared/text.ts";

/**
 * What the api function accepts, checked for shape only: JSON types, unknown
 * body fields, storable text, and the bounds of the REST contract's own
 * parameters (page, page_size, q, limit). Every rule about the data — prices,
 * quantities, reasons, names, SKUs, roles — is the RPC's, so a broken rule
 * answers the same code through this function as through PostgREST.
 * Query strings ignore parameters they do not know, as the front end's API
 * did; bodies refuse unknown fields, so a typo is not silently dropped.
 */

const id = (what: string) => z.guid(`${what} (a UUID)`);
const optionalText = storableText().nullable().optional();

/** A number, or a decimal written as a string ("37.00", as the front end reads prices). */
const amount = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d{1,15}(\.\d+)?\s*$/, "a number")
    .transform((text) => Number(text)),
]);

/** `true`/`false` (or `1`/`0`) in a query string. */
const flag = z.enum(["true", "false", "1", "0"]).transform((text) => text === "true" || text === "1");

const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
};

export const idParam = z.object({ id: id("an id") });
export const skuParam = z.object({ sku: z.string().min(1).max(100) });

export const listProductsQuery = z.object({
  ...pageQuery,
  category_id: id("a category id").optional(),
  min_price: z.coerce.number().min(0).optional(),
  max_price: z.coerce.number().min(0).optional(),
  in_stock: flag.optional(),
  is_active: flag.default(true),
});

export const searchQuery = z.object({
  q: z.string().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const lowStockQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const createProductBody = z.strictObject({
  sku: storableText(),
  name: storableText(),
  description: optionalText,
  category_id: id("a category id").nullable().optional(),
  unit_price: amount,
  cost_price: amount.nullable().optional(),
  min_stock_level: z.number().optional(),
  barcode: optionalText,
  is_active: z.boolean().optional(),
});

export const updateProductBody = createProductBody.partial();

export const pageOnlyQuery = z.object(pageQuery);

export const createCategoryBody = z.strictObject({ name: storableText(), description: optionalText });
export const updateCategoryBody = createCategoryBody.partial();

const movementFields = {
  product_id: id("a product id"),
  reason: storableText().optional(),
  notes: optionalText,
};
/** An entry or an exit; `reference` is the document the goods came with or left on (free text: "Factura 4512"). */
export const stockMoveBody = z.strictObject({ ...movementFields, reference: optionalText, quantity: z.number() });
export const stockAdjustmentBody = z.strictObject({
  ...movementFields,
  new_stock: z.number(),
  /** The stock the count started from: STOCK_CHANGED if a sale happened meanwhile. */
  expected_stock: z.number().optional(),
});

export const movementsQuery = z.object({ ...pageQuery, product_id: id("a product id").optional() });

export const salesQuery = z.object({
  ...pageQuery,
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
    .refine((text) => {
      const date = new Date(`${text}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
    }, "not a calendar date")
    .optional(),
});

export const matchProductBody = z.strictObject({
  description: requiredText(500),
  suggested_category: storableText().max(100).nullable().optional(),
});

export const autocompleteBody = z.strictObject({
  partial_text: requiredText(100).pipe(z.string().min(2)),
  context: storableText().max(500).nullable().optional(),
});

export const bulkCreateBody = z.strictObject({
  products: z.array(
    z.strictObject({
      name: storableText(),
      description: optionalText,
      category_id: id("a category id").nullable().optional(),
      category_name: optionalText,
      unit_price: amount,
      cost_price: amount.nullable().optional(),
      min_stock_level: z.number().optional(),
    }),
  ),
  create_missing_categories: z.boolean().default(false),
});
