import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Pagination } from "../_shared/api-responses.ts";
import type { ErrorCode } from "../_shared/error-codes.ts";
import { AppError } from "../_shared/errors.ts";
import type { AppEnv } from "../_shared/http.ts";
import type { Page } from "../_shared/responses.ts";
import { spanishMessage } from "./messages.ts";

/**
 * The front end's envelope: `{success: true, data, message}`, a page
 * `{success: true, data: [...], pagination, message}`, and a failure
 * `{success: false, error: "<a sentence in Spanish>", detail, code}`.
 */

export function ok<T>(c: Context<AppEnv>, data: T, options: { status?: ContentfulStatusCode; message?: string } = {}) {
  return c.json({ success: true as const, data, message: options.message ?? null }, options.status ?? 200);
}

function pagination(page: Pick<Page<unknown>, "page" | "page_size" | "total_items">): Pagination {
  const totalPages = Math.ceil(page.total_items / page.page_size);
  return {
    page: page.page,
    page_size: page.page_size,
    total_items: page.total_items,
    total_pages: totalPages,
    has_next: page.page < totalPages,
    has_prev: page.page > 1,
  };
}

export function paged<T, U>(c: Context<AppEnv>, page: Page<T>, present: (item: T) => U) {
  return c.json({
    success: true as const,
    data: page.items.map(present),
    pagination: pagination(page),
    message: null,
  });
}

/** An error this function raises itself, with its sentence for a person already in Spanish. */
export class ApiError extends AppError {
  readonly sentence: string;
  constructor(code: ErrorCode, sentence: string, detail?: string, details?: unknown) {
    super(code, detail ?? sentence, details);
    this.sentence = sentence;
  }
}

/** The fields a VALIDATION_ERROR names, as one line: "items.0.quantity: …; page: …". */
function describe(details: unknown): string | null {
  if (!Array.isArray(details)) return null;
  const parts = details.flatMap((issue) =>
    typeof issue === "object" && issue !== null && "field" in issue && "message" in issue
      ? [`${String(issue.field)}: ${String(issue.message)}`]
      : [],
  );
  return parts.length > 0 ? parts.join("; ") : null;
}

/**
 * Every failure of the api function. The status is the catalogue's, except
 * that a refused input (the catalogue's 400s) is 422, as the front end's
 * API answers validation errors.
 */
export function renderApiError(c: Context<AppEnv>, error: AppError): Response {
  const status = (error.status === 400 ? 422 : error.status) as ContentfulStatusCode;
  const sentence = error instanceof ApiError ? error.sentence : spanishMessage(error.code, error.details);
  const detail = describe(error.details) ?? (error.message && error.message !== sentence ? error.message : null);
  return c.json({ success: false as const, error: sentence, detail, code: error.code }, status);
}
