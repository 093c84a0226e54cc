import { z } from "zod";
import { DELIMITERS, type Delimiter } from "../_shared/csv.ts";
import { createFunctionApp, type FunctionDeps, finish, success } from "../_shared/http.ts";
import type { DailySummary, LowStockRow } from "../_shared/responses.ts";
import { queryParams } from "../_shared/validation.ts";
import { dailySummaryCsv } from "./summary-csv.ts";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "a date as YYYY-MM-DD", abort: true })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return text >= "0001-01-01" && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, "not a calendar date");

const dailySummaryQuery = z
  .strictObject({
    date: isoDate.optional(),
    format: z.enum(["json", "csv"]).default("json"),
    /** The CSV's separator: `semicolon` for a spreadsheet that splits on ';' (Excel in es-BO). */
    delimiter: z.enum(Object.keys(DELIMITERS) as [Delimiter, ...Delimiter[]]).optional(),
  })
  .refine((query) => query.delimiter === undefined || query.format === "csv", {
    message: "only with format=csv",
    path: ["delimiter"],
  });

const lowStockQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/**
 * `GET /reports/daily-summary?date=YYYY-MM-DD[&format=csv[&delimiter=comma|semicolon]]`,
 * `GET /reports/low-stock[?limit=N]`. Read-only, as the caller. A CSV says
 * its separator in `X-CSV-Delimiter` (docs/decisions.md: not in a `sep=` line).
 */
export function createReportsApp(deps: FunctionDeps) {
  const { app, auth } = createFunctionApp("reports", deps);

  app.get("/daily-summary", auth, queryParams(dailySummaryQuery), async (c) => {
    const { date, format, delimiter = "comma" } = c.req.valid("query");
    const summary = await c.var.rpc<DailySummary>("daily_sales_summary", { day: date }, { readOnly: true });
    if (format === "csv") {
      return c.body(dailySummaryCsv(summary, delimiter), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="resumen-${summary.date}.csv"`,
        "x-csv-delimiter": delimiter,
      });
    }
    return success(c, summary);
  });

  app.get("/low-stock", auth, queryParams(lowStockQuery), async (c) => {
    const { limit } = c.req.valid("query");
    return success(c, await c.var.rpc<LowStockRow[]>("low_stock_report", { result_limit: limit }, { readOnly: true }));
  });

  return finish(app);
}
