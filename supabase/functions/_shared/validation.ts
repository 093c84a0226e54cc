import type { Context } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";
import { AppError } from "./errors.ts";

/** Each zod issue as `{field, message}`, the field a dotted path (`items.0.quantity`). */
function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => {
    const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const path = issue.path.map(String).join(".");
    if (unknownKeys.length > 0) {
      return { field: unknownKeys.map((key) => (path ? `${path}.${key}` : key)).join(", "), message: "unknown field" };
    }
    return { field: path || "(body)", message: issue.message };
  });
}

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("VALIDATION_ERROR", `The ${what} is invalid.`, describeIssues(parsed.error));
  }
  return parsed.data;
}

/** How deeply a request body may nest arrays and objects (a sale is 3 levels deep). */
const MAX_JSON_DEPTH = 16;

/** True when `value` nests arrays and objects deeper than `max` (walked without recursion). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The media type of the request body, lower case, without parameters ("application/json"). */
export function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * A parsed JSON body checked by `schema`: 400 VALIDATION_ERROR when nested
 * deeper than MAX_JSON_DEPTH or naming each field of the wrong shape.
 */
export function checkJsonBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new AppError("VALIDATION_ERROR", "The request body is invalid.", [
      { field: "(body)", message: `arrays and objects nested at most ${MAX_JSON_DEPTH} deep` },
    ]);
  }
  return check(schema, value, "request body") as z.output<S>;
}

/** A body whose `idempotency_key` is resolved: the header's or the body's, never missing. */
type Idempotent<T> = Omit<T, "idempotency_key"> & { idempotency_key: string };

/**
 * A JSON body validated by `schema`: 415 unless JSON, 400 INVALID_JSON when
 * malformed, then `checkJsonBody`. With `idempotent` (what the request makes,
 * "sale"), then its `idempotency_key` from requiredIdempotencyKey.
 */
export function jsonBody<S extends z.ZodType, I extends string | undefined = undefined>(
  schema: S,
  options: { idempotent?: I } = {},
) {
  return validator("json", (value, c: Context): I extends string ? Idempotent<z.output<S>> : z.output<S> => {
    if (mediaType(c) !== "application/json") {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
    }
    const body = checkJsonBody(schema, value);
    if (options.idempotent === undefined) return body as never;
    const { idempotency_key: bodyKey, ...rest } = body as { idempotency_key?: string };
    return { ...rest, idempotency_key: requiredIdempotencyKey(c, bodyKey, options.idempotent) } as never;
  });
}

export function queryParams<S extends z.ZodType>(schema: S) {
  return validator("query", (value) => check(schema, value, "query string") as z.output<S>);
}

export function pathParams<S extends z.ZodType>(schema: S) {
  return validator("param", (value) => check(schema, value, "path") as z.output<S>);
}

/** A calendar date as YYYY-MM-DD (a day of the store's time zone, for the SQL to cut). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "a date as YYYY-MM-DD", abort: true })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return text >= "0001-01-01" && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, "not a calendar date");

/** An Idempotency-Key header's value. */
const idempotencyKeyHeader = z.string().min(1).max(200);

/**
 * The request's idempotency key, from the `Idempotency-Key` header or the
 * body's `idempotency_key` (equal when both are sent). A request that moves
 * stock or money can commit while its answer is lost (a dropped connection, a
 * 503): only a key makes the retry safe, so there is none without one.
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
