import type { Context } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { AppError } from "./errors.ts";

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

/** How deeply a request body may nest arrays and objects (a sale is 3 levels deep). */
export const MAX_JSON_DEPTH = 16;

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

/**
 * A JSON body validated by `schema`: 415 unless JSON, 400 INVALID_JSON when
 * malformed, then `checkJsonBody`.
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return validator("json", (value, c: Context) => {
    if (mediaType(c) !== "application/json") {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
    }
    return checkJsonBody(schema, value);
  });
}

export function queryParams<S extends z.ZodType>(schema: S) {
  return validator("query", (value) => check(schema, value, "query string") as z.output<S>);
}

export function pathParams<S extends z.ZodType>(schema: S) {
  return validator("param", (value) => check(schema, value, "path") as z.output<S>);
}
