import { z } from "zod";
import { withFormat } from "../_shared/csv.ts";
import { storableText } from "../_shared/text.ts";

/**
 * The shapes the `cash` routes accept. Only the shape is checked here: every
 * rule about a session, an amount or a count is the RPCs', so a broken rule
 * answers the same code through this function as through PostgREST.
 */
export const sessionIdParam = z.object({ id: z.guid("a cash session id (UUID)") });

export const openSessionBody = z.strictObject({
  register_id: z.guid("a cash register id (UUID)"),
  opening_float: z.number().optional(),
  notes: storableText().optional(),
});

export const cashMovementBody = z.strictObject({
  movement_type: z.string(),
  amount: z.number(),
  reason: z.string(),
  notes: storableText().optional(),
  idempotency_key: storableText().optional(),
});

export const closeSessionBody = z.strictObject({
  counted_cash: z.number(),
  /** The count by coin and note, {"0.10": n, …, "200": n}: checked by close_cash_session. */
  denominations: z.record(z.string(), z.unknown()).optional(),
  notes: storableText().optional(),
});

export const reportQuery = withFormat({});
