import type { Context } from "hono";
import { validator } from "hono/validator";
import { z } from "zod";
import { AppError } from "./errors.ts";

/** A NUL, or half of a surrogate pair: text Postgres cannot store (it fails there with 22P05 or 22P02). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when Postgres can store this text as it is. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** A string Postgres can store: no NUL character, no lone surrogate. */
export function storableText() {
  return z.string().refine(isStorableText, "contains a NUL character or invalid Unicode");
}

/** Each zod issue as `{field, message}`, the field a dotted path (`items.0.quantity`). */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
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

/** A JSON body validated by `schema`: 415 unless JSON, 400 INVALID_JSON when malformed, 400 VALIDATION_ERROR naming each bad field. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return validator("json", (value, c: Context) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
    }
    return check(schema, value, "request body") as z.output<S>;
  });
}

export function queryParams<S extends z.ZodType>(schema: S) {
  return validator("query", (value) => check(schema, value, "query string") as z.output<S>);
}

export function pathParams<S extends z.ZodType>(schema: S) {
  return validator("param", (value) => check(schema, value, "path") as z.output<S>);
}
