import { ERROR_CODES, type ErrorCode, isErrorCode } from "./error-codes.ts";

/** A failure with a stable code, answered as `{success: false, error: {code, message, details}}`. */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }
}

/** The fields of an error Postgres raised, as node-postgres (constraint) and postgres.js (constraint_name) expose them. */
interface PgErrorLike {
  code: string;
  message?: string;
  detail?: string;
  hint?: string;
  where?: string;
  constraint?: string;
  constraint_name?: string;
}

/** True for an error Postgres raised (it carries a SQLSTATE and a severity); false for a client's own. */
export function isSqlError(error: unknown): error is PgErrorLike {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof code === "string" &&
    /^[0-9A-Z]{5}$/.test(code) &&
    "severity" in error
  );
}

/** The database could not be reached, or a connection broke while a request used it: retry. */
export class DatabaseUnavailable extends Error {
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "DatabaseUnavailable";
    this.cause = cause;
  }
}

/** Unique constraints whose violation has a code of its own. */
const UNIQUE_CONSTRAINT_CODES: Record<string, ErrorCode> = {
  products_sku_key: "DUPLICATE_SKU",
  products_barcode_key: "DUPLICATE_BARCODE",
  categories_name_key: "DUPLICATE_CATEGORY",
  customers_document_key: "DUPLICATE_CUSTOMER_DOCUMENT",
};

function parseHint(hint: string | undefined): unknown {
  if (!hint) return undefined;
  try {
    return JSON.parse(hint);
  } catch {
    return hint;
  }
}

/** True when the error was raised while a SQL or PL/pgSQL function ran (its context names the function). */
function insideFunction(error: PgErrorLike): boolean {
  return /\b(PL\/pgSQL|SQL) function\b/.test(error.where ?? "");
}

/**
 * Maps a database error to the catalogue the way PostgREST maps statuses
 * (`PTnnn` → nnn, `P0001` and class 22 of the arguments → 400, `23505`/`23503` → 409, `42501` → 401/403),
 * keeping the domain code our functions raise in `message`. Nothing from an
 * unexpected error (SQL, stack) reaches the caller.
 */
export function fromDatabaseError(error: unknown, options: { anonymous?: boolean } = {}): AppError | undefined {
  if (error instanceof DatabaseUnavailable) {
    return new AppError("SERVICE_UNAVAILABLE", ERROR_CODES.SERVICE_UNAVAILABLE.meaning);
  }
  if (!isSqlError(error)) return undefined;
  const sqlstate = error.code ?? "";
  const details = parseHint(error.hint);
  if (sqlstate.startsWith("PT") && isErrorCode(error.message)) {
    return new AppError(error.message, error.detail ?? ERROR_CODES[error.message].meaning, details);
  }
  switch (sqlstate) {
    case "23505": {
      const constraint = error.constraint_name ?? error.constraint;
      const code = UNIQUE_CONSTRAINT_CODES[constraint ?? ""] ?? "CONFLICT";
      return new AppError(code, ERROR_CODES[code].meaning, { constraint });
    }
    case "23503":
      return new AppError("CONFLICT", "The row refers to, or is referred to by, another row.", {
        constraint: error.constraint_name ?? error.constraint,
      });
    case "42501":
      return options.anonymous
        ? new AppError("UNAUTHORIZED", "Sign in first.")
        : new AppError("FORBIDDEN", ERROR_CODES.FORBIDDEN.meaning);
    case "23502":
    case "23514":
      return new AppError("VALIDATION_ERROR", "A value is not valid for its field.", { sqlstate });
    case "P0001":
      return new AppError("VALIDATION_ERROR", error.message ?? "Rejected by the database.", details);
    case "57014": // a statement timeout (or a cancel)
    case "55P03": // a lock wait past lock_timeout
      return new AppError("DATABASE_TIMEOUT", ERROR_CODES.DATABASE_TIMEOUT.meaning, { sqlstate });
    case "25P03": // idle in a transaction past its limit
    case "57P01":
    case "08006":
    case "08001":
    case "40001":
    case "40P01":
      return new AppError("SERVICE_UNAVAILABLE", ERROR_CODES.SERVICE_UNAVAILABLE.meaning, { sqlstate });
    default:
      // Class 08 (connection) and 53 (too many connections, out of memory).
      if (sqlstate.startsWith("08") || sqlstate.startsWith("53") || sqlstate === "57P03") {
        return new AppError("SERVICE_UNAVAILABLE", ERROR_CODES.SERVICE_UNAVAILABLE.meaning, { sqlstate });
      }
      // Class 22 (data exception) is the input's fault when it comes from
      // reading the arguments (a value of the wrong type or range, text
      // Postgres cannot store). Raised inside a function's body, it is ours:
      // the functions check their input and raise coded errors, so an
      // arithmetic or conversion error there is a bug, answered 500.
      if (sqlstate.startsWith("22") && !insideFunction(error)) {
        return new AppError("VALIDATION_ERROR", "A value is not valid for its field.", { sqlstate });
      }
      return undefined;
  }
}
