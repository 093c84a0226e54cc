import { z } from "zod";
import { requiredText, storableText } from "../_shared/text.ts";

/**
 * The JSON shapes `POST /sales` and `POST /sales/:id/cancel` accept. Only
 * the shape is checked here: every rule about a sale (lines, quantities,
 * amounts, payment method, lengths) is create_sale's and cancel_sale's, so a
 * broken rule answers the same code through this function as through
 * PostgREST.
 */
export const createSaleBody = z.strictObject({
  /** Lines of {product_id or sku, quantity, unit_price?, discount?}, checked by create_sale. */
  items: z.array(z.unknown()),
  discount: z.number().optional(),
  tax_rate: z.number().optional(),
  payment_method: z.string().optional(),
  notes: storableText().optional(),
  idempotency_key: storableText().optional(),
});
export type CreateSaleBody = z.infer<typeof createSaleBody>;

export const cancelSaleBody = z.strictObject({
  reason: requiredText(500),
});

export const saleIdParam = z.object({ id: z.guid("a sale id (UUID)") });
