import type { Cell } from "../_shared/csv.ts";
import type { ReorderSuggestion } from "../_shared/responses.ts";

/** The reorder suggestions as the rows of one CSV table, a row per product (last_unit_cost empty unless a manager asks). */
export function reorderRows(rows: ReorderSuggestion[]): Cell[][] {
  return [
    [
      "sku",
      "name",
      "category",
      "current_stock",
      "min_stock_level",
      "on_order",
      "sold_last_30_days",
      "average_daily_sales",
      "days_of_stock",
      "suggested_quantity",
      "supplier",
      "supplier_sku",
      "last_unit_cost",
    ],
    ...rows.map((row) => [
      row.sku,
      row.name,
      row.category_name,
      row.current_stock,
      row.min_stock_level,
      row.on_order,
      row.sold_last_30_days,
      row.average_daily_sales,
      row.days_of_stock,
      row.suggested_quantity,
      row.usual_supplier_name,
      row.supplier_sku,
      row.last_unit_cost,
    ]),
  ];
}
