import { type Cell, type Delimiter, toCsv } from "../_shared/csv.ts";
import type { DailySummary } from "../_shared/responses.ts";

/** The daily summary as one CSV: the figures, then a section per table, each with its header row. */
export function dailySummaryCsv(summary: DailySummary, delimiter: Delimiter = "comma"): string {
  const rows: Cell[][] = [
    ["metric", "value"],
    ["date", summary.date],
    ["timezone", summary.timezone],
    ["sales_count", summary.sales_count],
    ["cancelled_count", summary.cancelled_count],
    ["items_sold", summary.items_sold],
    ["gross_sales", summary.gross_sales],
    ["line_discounts", summary.line_discounts],
    ["sale_discounts", summary.sale_discounts],
    ["discounts", summary.discounts],
    ["subtotal", summary.subtotal],
    ["tax", summary.tax],
    ["total", summary.total],
    ["average_ticket", summary.average_ticket],
    // Managers and admins only: an empty cell for everyone else.
    ["gross_profit", summary.gross_profit],
    [],
    ["payment_method", "sales_count", "total"],
    ...summary.by_payment_method.map((row) => [row.payment_method, row.sales_count, row.total]),
    [],
    ["top_by_quantity_rank", "sku", "name", "quantity", "revenue"],
    ...summary.top_products_by_quantity.map((row, index) => [index + 1, row.sku, row.name, row.quantity, row.revenue]),
    [],
    ["top_by_revenue_rank", "sku", "name", "quantity", "revenue"],
    ...summary.top_products_by_revenue.map((row, index) => [index + 1, row.sku, row.name, row.quantity, row.revenue]),
    [],
    ["hour", "sales_count", "total"],
    ...summary.hourly.map((row) => [`${String(row.hour).padStart(2, "0")}:00`, row.sales_count, row.total]),
  ];
  return toCsv(rows, delimiter);
}
