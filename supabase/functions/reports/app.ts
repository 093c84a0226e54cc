import type { Context } from "hono";
import { z } from "zod";
import { createTokenVerifier } from "../_shared/auth.ts";
import { asCaller, rpc, type Sql } from "../_shared/db.ts";
import { type AppEnv, createFunctionApp, methodNotAllowed, requireCaller, success } from "../_shared/http.ts";
import { queryParams } from "../_shared/validation.ts";
import { type DailySummary, dailySummaryCsv } from "./summary-csv.ts";

export interface ReportsDeps {
  sql: Sql;
  jwks?: { keys: unknown[] };
  jwtSecret?: string;
  log?: (line: string) => void;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "a date as YYYY-MM-DD", abort: true })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return text >= "0001-01-01" && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, "not a calendar date");

const dailySummaryQuery = z.strictObject({
  date: isoDate.optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

const lowStockQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** `GET /reports/daily-summary?date=YYYY-MM-DD[&format=csv]`, `GET /reports/low-stock[?limit=N]`. Read-only, as the caller. */
export function createReportsApp(deps: ReportsDeps) {
  const app = createFunctionApp("reports", { log: deps.log });
  const auth = requireCaller(createTokenVerifier({ jwks: deps.jwks, jwtSecret: deps.jwtSecret }));

  const readAsCaller = <T>(c: Context<AppEnv>, fn: Parameters<typeof asCaller<T>>[2]) => {
    const caller = c.get("caller");
    return asCaller(
      deps.sql,
      {
        role: caller.role,
        claims: caller.claims,
        method: "GET",
        path: c.req.path,
        headers: { "x-request-id": c.get("requestId") },
        readOnly: true,
      },
      fn,
    );
  };

  app.get("/daily-summary", auth, queryParams(dailySummaryQuery), async (c) => {
    const { date, format } = c.req.valid("query");
    const summary = await readAsCaller(c, (tx) => rpc<DailySummary>(tx, "daily_sales_summary", { day: date }));
    if (format === "csv") {
      return c.body(dailySummaryCsv(summary), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="resumen-${summary.date}.csv"`,
      });
    }
    return success(c, summary);
  });

  app.get("/low-stock", auth, queryParams(lowStockQuery), async (c) => {
    const { limit } = c.req.valid("query");
    const rows = await readAsCaller(c, async (tx) => {
      // The view is security invoker, so RLS would answer a caller without a
      // store role with an empty list; say 403 as daily_sales_summary does.
      await tx`select private.require_role('viewer', 'read reports')`;
      return tx`select * from public.low_stock_products limit ${limit}`;
    });
    return success(c, rows);
  });

  app.all("/daily-summary", methodNotAllowed(["GET"]));
  app.all("/low-stock", methodNotAllowed(["GET"]));
  return app;
}
