import { z } from "zod";
import { AppError } from "./errors.ts";

export const idempotencyKeyHeader = z.string().min(1).max(200);

/**
 * The Idempotency-Key of a request that moves stock or money: the header, or
 * the body's `idempotency_key` (equal when both are sent). A sale can commit
 * while its answer is lost (a dropped connection, a 503): only a key makes
 * the retry safe, so there is none without one (IDEMPOTENCY_KEY_REQUIRED).
 */
export function requiredIdempotencyKey(header: string | undefined, bodyKey: string | undefined): string {
  if (header !== undefined && (!idempotencyKeyHeader.safeParse(header).success || (bodyKey ?? header) !== header)) {
    throw new AppError("VALIDATION_ERROR", "The Idempotency-Key header is invalid or differs from the body's key.", [
      { field: "Idempotency-Key", message: "1 to 200 characters, equal to idempotency_key when both are sent" },
    ]);
  }
  const key = header ?? bodyKey;
  if (key === undefined) {
    throw new AppError(
      "IDEMPOTENCY_KEY_REQUIRED",
      "Send an Idempotency-Key header (or idempotency_key), new for each sale and the same on every retry of it.",
      [{ field: "Idempotency-Key", message: "required" }],
    );
  }
  return key;
}
