import type { Context } from "hono";
import { z } from "zod";
import { AppError } from "./errors.ts";

/** An Idempotency-Key as the RPCs take it: 1 to 200 characters. */
export const idempotencyKeyHeader = z.string().min(1).max(200);

/**
 * The key of a request that moves stock or money: the `Idempotency-Key`
 * header, or `idempotency_key` in the body (equal when both are sent). Such a
 * request can commit while its answer is lost (a dropped connection, a 503):
 * only a key makes the retry safe, so there is none without one (400
 * IDEMPOTENCY_KEY_REQUIRED). `what` names the thing made ("sale", "delivery").
 */
export function requiredIdempotencyKey(c: Context, bodyKey: string | undefined, what: string): string {
  const header = c.req.header("idempotency-key");
  if (header !== undefined && (!idempotencyKeyHeader.safeParse(header).success || (bodyKey ?? header) !== header)) {
    throw new AppError("VALIDATION_ERROR", "The Idempotency-Key header is invalid or differs from the body's key.", [
      { field: "Idempotency-Key", message: "1 to 200 characters, equal to idempotency_key when both are sent" },
    ]);
  }
  const key = header ?? bodyKey;
  if (key === undefined) {
    throw new AppError(
      "IDEMPOTENCY_KEY_REQUIRED",
      `Send an Idempotency-Key header (or idempotency_key), new for each ${what} and the same on every retry of it.`,
      [{ field: "Idempotency-Key", message: "required" }],
    );
  }
  return key;
}
