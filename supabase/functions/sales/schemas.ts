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
  /** The customer: required for a CREDIT part, checked by create_sale. */
  customer_id: z.guid("a customer id (UUID)").optional(),
  /** The parts of the payment [{method, amount, tendered?, reference?}], checked by create_sale. */
  payments: z.array(z.unknown()).optional(),
  /** A manager's sale past the customer's credit limit. */
  override_credit_limit: z.boolean().optional(),
  /** The cash session it belongs to (default: the seller's open one). */
  cash_session_id: z.guid("a cash session id (UUID)").optional(),
});

export const cancelSaleBody = z.strictObject({
  reason: requiredText(500),
  /** The cash session its cash goes back from (default: the canceller's open one). */
  cash_session_id: z.guid("a cash session id (UUID)").optional(),
});

/** `POST /sales/:id/returns`: lines [{sale_item_id, quantity, restock?}], checked by create_return. */
export const createReturnBody = z.strictObject({
  items: z.array(z.unknown()),
  reason: z.string(),
  refund_method: z.string().optional(),
  notes: storableText().optional(),
  idempotency_key: storableText().optional(),
  cash_session_id: z.guid("a cash session id (UUID)").optional(),
});

export const saleIdParam = z.object({ id: z.guid("a sale id (UUID)") });
