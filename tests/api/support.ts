import { expect } from "vitest";
import type { z } from "zod";
import { apiErrorSchema } from "../../supabase/functions/_shared/api-responses.ts";
import { expectNoLeak } from "../functions/support.ts";
import { type Actor, tokenFor } from "../helpers/act.ts";
import type { ServedFunctions } from "../helpers/functions.ts";

export { expectNoLeak, type Users, useUsers, writesNothing } from "../functions/support.ts";

/** The front end's base URL on the local stack: `<gateway>/api/v1`. */
export function apiBase(served: ServedFunctions): string {
  return `${served.url}/api/v1`;
}

export interface CallOptions {
  /** An actor (a token is signed for it), a raw token, or null/undefined for no Authorization header. */
  as?: Actor | string | null;
  /** A JSON body (sent as given when a string), or FormData. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** One request to the api function over HTTP, its answer parsed as JSON. */
export async function call<T = unknown>(
  served: ServedFunctions,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) {
    headers.authorization = `Bearer ${typeof options.as === "string" ? options.as : await tokenFor(options.as)}`;
  }
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(`${apiBase(served)}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: T;
  try {
    parsed = JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (${res.status}) from ${method} ${path}: ${text.slice(0, 300)}`);
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Expects `status` and a body that is exactly `schema` (strict objects: no field more or less). */
export function expectShape<S extends z.ZodType>(answer: Answer, status: number, schema: S): z.output<S> {
  expect(answer.status, answer.text).toBe(status);
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    throw new Error(
      `${answer.text.slice(0, 600)}\ndoes not match the contract: ${JSON.stringify(parsed.error.issues)}`,
    );
  }
  return parsed.data;
}

/**
 * Expects the front end's error envelope `{success: false, error: "<Spanish>",
 * detail: string | null, code}` with this status and code, `error` a string
 * (the front end renders it as text), and nothing of the database leaking.
 */
export function expectApiError(answer: Answer, status: number, code: string) {
  expect({ status: answer.status, code: (answer.body as { code?: string })?.code }, answer.text).toEqual({
    status,
    code,
  });
  const body = apiErrorSchema.parse(answer.body);
  expect(typeof body.error).toBe("string");
  expectNoLeak(answer.text);
  return body;
}
