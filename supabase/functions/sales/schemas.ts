import { z } from "zod";
import { storableText } from "../_shared/validation.ts";

/** An amount in bolivianos: 0 to 9,999,999,999.99, at most 2 decimals. */
export const money = z
  .number()
  .min(0)
  .max(9_999_999_999.99)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "at most 2 decimals");

export const saleLine = z
  .strictObject({
    // Any 8-4-4-4-12 hex id, as Postgres' uuid type accepts (z.uuid() would
    // refuse ids that are not RFC 9562 variants, e.g. imported fixed ids).
    product_id: z.guid("a product id (UUID)").optional(),
    sku: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,50}$/, "letters, digits and -, at most 50")
      .optional(),
    quantity: z.number().int("a whole number").min(1).max(1_000_000),
    unit_price: money.optional(),
    discount: money.optional(),
  })
  .refine((line) => (line.product_id === undefined) !== (line.sku === undefined), {
    message: "give exactly one of product_id or sku",
    path: ["product_id"],
  });

export const createSaleBody = z.strictObject({
  items: z.array(saleLine).max(100),
  discount: money.optional(),
  tax_rate: z
    .number()
    .min(0)
    .max(100)
    .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "at most 2 decimals")
    .optional(),
  payment_method: z.enum(["CASH", "CARD", "TRANSFER", "QR"]).optional(),
  notes: storableText().max(500).optional(),
  idempotency_key: storableText().min(1).max(200).optional(),
});
export type CreateSaleBody = z.infer<typeof createSaleBody>;

export const cancelSaleBody = z.strictObject({
  reason: storableText().trim().min(1).max(500),
});

export const saleIdParam = z.object({ id: z.guid("a sale id (UUID)") });

export const idempotencyKeyHeader = z.string().min(1).max(200);
