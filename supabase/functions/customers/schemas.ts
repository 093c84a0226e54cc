import { z } from "zod";
import { withFormat } from "../_shared/csv.ts";
import { storableText } from "../_shared/text.ts";
import { isoDate } from "../_shared/validation.ts";

/**
 * The shapes the `customers` routes accept. Only the shape is checked here:
 * every rule about an amount, a method or a balance is the RPCs', so a broken
 * rule answers the same code through this function as through PostgREST.
 */
export const customerIdParam = z.object({ id: z.guid("a customer id (UUID)") });

export const statementQuery = withFormat({ from: isoDate.optional(), to: isoDate.optional() });

export const receivablesQuery = withFormat({ as_of: isoDate.optional() });

export const paymentBody = z.strictObject({
  /** Checked by register_customer_payment: above 0, at most 2 decimals, at most what is owed. */
  amount: z.number(),
  payment_method: z.string().optional(),
  reference: storableText().optional(),
  notes: storableText().optional(),
  idempotency_key: storableText().optional(),
});
