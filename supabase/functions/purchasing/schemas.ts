import { z } from "zod";
import { withFormat } from "../_shared/csv.ts";
import { storableText } from "../_shared/text.ts";

/**
 * The shapes the purchasing routes accept. Only the shape is checked here:
 * every rule about an invoice line, a receipt or a suggestion (quantities,
 * costs, lengths, line counts, days of cover) is the RPC's, so a broken rule
 * answers the same code through this function as through PostgREST.
 */

/** `POST /purchasing/invoices/match` as JSON: match_invoice_lines' arguments. */
export const matchInvoiceBody = z.strictObject({
  supplier_id: z.guid("a supplier id (UUID)").nullable().optional(),
  /** Lines of {description, supplier_sku?, barcode?, quantity?, unit_cost?}, checked by match_invoice_lines. */
  lines: z.array(z.unknown()),
});

/** Its query: the supplier of an invoice sent as CSV (a JSON body names it itself). */
export const matchInvoiceQuery = z.strictObject({
  supplier_id: z.guid("a supplier id (UUID)").optional(),
});

export const purchaseOrderIdParam = z.object({ id: z.guid("a purchase order id (UUID)") });

/** `POST /purchasing/purchase-orders/:id/receive`: receive_purchase_order's arguments but the order. */
export const receiveBody = z.strictObject({
  /** Lines of {purchase_order_item_id, quantity, unit_cost?, supplier_sku?}, checked by receive_purchase_order. */
  items: z.array(z.unknown()),
  supplier_invoice_number: storableText().nullable().optional(),
  notes: storableText().nullable().optional(),
  idempotency_key: storableText().optional(),
});

export const reorderQuery = withFormat({
  supplier_id: z.guid("a supplier id (UUID)").optional(),
  days_of_cover: z.coerce.number().int("a whole number of days").optional(),
});
