import { z } from "zod";
import { csvResponse, withFormat } from "../_shared/csv.ts";
import { createFunctionApp, type FunctionDeps, success } from "../_shared/http.ts";
import type { DailySummary, LowStockRow } from "../_shared/responses.ts";
import { isoDate, queryParams } from "../_shared/validation.ts";
import { dailySummaryRows } from "./summary-csv.ts";

const dailySummaryQuery = withFormat({ date: isoDate.optional() });

const lowStockQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/**
 * `GET /reports/daily-summary?date=YYYY-MM-DD[&format=csv[&delimiter=comma|semicolon]]`,
 * `GET /reports/low-stock[?limit=N]`. Read-only, as the caller. A CSV says
 * its separator in `X-CSV-Delimiter` (docs/decisions.md: not in a `sep=` line).
 */
export function createReportsApp(deps: FunctionDeps) {
  const { app, auth, finish } = createFunctionApp("reports", deps);

  app.get("/daily-summary", auth, queryParams(dailySummaryQuery), async (c) => {
    const { date, format, delimiter } = c.req.valid("query");
    const summary = await c.var.rpc<DailySummary>("daily_sales_summary", { day: date }, { readOnly: true });
    if (format === "csv") return csvResponse(c, dailySummaryRows(summary), `resumen-${summary.date}.csv`, delimiter);
    return success(c, summary);
  });

  app.get("/low-stock", auth, queryParams(lowStockQuery), async (c) => {
    const { limit } = c.req.valid("query");
    return success(c, await c.var.rpc<LowStockRow[]>("low_stock_report", { result_limit: limit }, { readOnly: true }));
  });

  return finish();
}
