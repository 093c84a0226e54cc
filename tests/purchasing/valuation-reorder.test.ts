import { describe, expect, it } from "vitest";
import {
  type InventoryValuation,
  inventoryValuationSchema,
  type ReorderSuggestion,
  reorderSuggestionSchema,
} from "../../supabase/functions/_shared/responses.ts";
import { type Actor, anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createCategory, createProduct, useRoleUsers } from "../helpers/fixtures.ts";
import { moveSale } from "../sales/support.ts";
import { approvedOrder, createSupplier, receive } from "./support.ts";

/**
 * What the stock is worth at cost (managers' and admins'), and what to order
 * next: below the minimum, or not enough for the days asked at the pace of
 * the last 30 days of the store's calendar, less what is already on order,
 * with the supplier it usually comes from.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

async function valuation(actor: Actor = users.manager): Promise<InventoryValuation> {
  return inventoryValuationSchema.parse(await rpcAs(db.sql, actor, "inventory_valuation"));
}

async function suggestions(
  args: Record<string, unknown> = {},
  actor: Actor = users.staff,
): Promise<ReorderSuggestion[]> {
  const rows = await rpcAs<unknown[]>(db.sql, actor, "suggest_reorder", args);
  return rows.map((row) => reorderSuggestionSchema.parse(row));
}

/** Sells `quantity` of a product with create_sale, then moves the sale to `at`. */
async function soldAt(productId: string, quantity: number, at: string) {
  const sale = await rpcAs<{ id: string }>(db.sql, users.manager, "create_sale", {
    items: [{ product_id: productId, quantity }],
  });
  await moveSale(db.sql, sale.id, at);
}

/** Midnight in La Paz (UTC−4) `days` days from today, plus `seconds`, as an ISO instant. */
async function laPazMidnight(days: number, seconds = 0): Promise<string> {
  const [row] = await db.sql<{ at: string }[]>`
    select to_char(((((now() at time zone 'America/La_Paz')::date + ${days}::int)::timestamp
                     + make_interval(secs => ${seconds})) at time zone 'America/La_Paz') at time zone 'UTC',
                   'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at`;
  return row?.at as string;
}

describe("inventory_valuation", () => {
  it("is Σ stock × cost by category and in total, to the cent, with the list-price value beside it", async () => {
    const drinks = await createCategory(db.sql, "Bebidas");
    const food = await createCategory(db.sql, "Abarrotes");
    await createProduct(db.sql, { categoryId: drinks.id, stock: 10, costPrice: "2.55", unitPrice: "4.00" });
    await createProduct(db.sql, { categoryId: drinks.id, stock: 3, costPrice: "1.33", unitPrice: "2.00" });
    await createProduct(db.sql, { categoryId: food.id, stock: 7, costPrice: "8.10", unitPrice: "10.00" });
    await createProduct(db.sql, { categoryId: food.id, costPrice: "99.00", unitPrice: "120.00" });
    // A deactivated product still holds its stock.
    await createProduct(db.sql, { stock: 2, costPrice: "0.05", unitPrice: "0.10", active: false });
    const report = await valuation();
    expect(report.currency).toBe("BOB");
    expect(report.categories).toEqual([
      // 7 × 8.10
      {
        category_id: food.id,
        category_name: "Abarrotes",
        products: 2,
        products_in_stock: 1,
        units: 7,
        value: 56.7,
        retail_value: 70,
        potential_margin: 13.3,
      },
      // 10 × 2.55 + 3 × 1.33 = 25.50 + 3.99
      {
        category_id: drinks.id,
        category_name: "Bebidas",
        products: 2,
        products_in_stock: 2,
        units: 13,
        value: 29.49,
        retail_value: 46,
        potential_margin: 16.51,
      },
      {
        category_id: null,
        category_name: null,
        products: 1,
        products_in_stock: 1,
        units: 2,
        value: 0.1,
        retail_value: 0.2,
        potential_margin: 0.1,
      },
    ]);
    expect(report.total).toEqual({
      products: 5,
      products_in_stock: 4,
      units: 22,
      value: 86.29,
      retail_value: 116.2,
      potential_margin: 29.91,
    });
  });

  it("moves with a receipt at the moving average: the value grows by exactly what was paid", async () => {
    const before = await valuation();
    const supplier = await createSupplier(db.sql);
    const product = await createProduct(db.sql, { stock: 3, costPrice: "1.00", unitPrice: "2.00" });
    const order = await approvedOrder(db.sql, users, supplier.id, [
      { product_id: product.id, quantity: 1, unit_cost: 2 },
    ]);
    await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: order.items[0]?.id, quantity: 1 }]);
    // 3 at 1.00 and 1 at 2.00 are worth 5.00; the average 1.25 × 4 says the same.
    expect(Math.round((await valuation()).total.value * 100) - Math.round(before.total.value * 100)).toBe(500 - 0);
  });

  it("is a manager's or an admin's: FORBIDDEN (403) to staff, viewers and users without a role", async () => {
    await valuation(users.admin);
    await valuation(serviceRole);
    for (const actor of [users.staff, users.viewer, users.noRole]) {
      const failure = await failureOf(rpcAs(db.sql, actor, "inventory_valuation"));
      expect({ code: failure.message, status: failure.status }).toEqual({ code: "FORBIDDEN", status: 403 });
    }
    expect((await failureOf(rpcAs(db.sql, anon, "inventory_valuation"), { anonymous: true })).status).toBe(401);
  });
});

describe("suggest_reorder", () => {
  it("lists every active product below its minimum, and each whose stock will not last the days asked at its recent pace", async () => {
    const low = await createProduct(db.sql, { name: "Bajo el mínimo", stock: 2, minStock: 10 });
    const atMinimum = await createProduct(db.sql, { name: "Justo en el mínimo", stock: 10, minStock: 10 });
    const fast = await createProduct(db.sql, { name: "Se vende rápido", stock: 50, minStock: 5 });
    const slow = await createProduct(db.sql, { name: "Se vende lento", stock: 60, minStock: 5 });
    const retired = await createProduct(db.sql, { name: "Desactivado", stock: 1, minStock: 10, active: false });
    // 30 units of `fast` in the last 30 days: 1 a day; `slow` sold 3.
    const yesterday = await laPazMidnight(-1, 15 * 3600);
    await soldAt(fast.id, 30, yesterday);
    await soldAt(slow.id, 3, yesterday);
    // `fast` now has 20: enough for 14 days at 1 a day, not for 30.
    const byName = (rows: ReorderSuggestion[]) => new Map(rows.map((row) => [row.name, row]));

    const in14 = byName(await suggestions());
    expect(in14.get(low.name)).toMatchObject({
      current_stock: 2,
      min_stock_level: 10,
      on_order: 0,
      sold_last_30_days: 0,
      average_daily_sales: 0,
      days_of_stock: null,
      suggested_quantity: 8,
    });
    for (const absent of [atMinimum, fast, slow, retired]) expect(in14.has(absent.name), absent.name).toBe(false);

    const in30 = byName(await suggestions({ days_of_cover: 30 }));
    // back to the minimum (5) plus 30 days at 1 a day, less the 20 in stock
    expect(in30.get(fast.name)).toMatchObject({
      current_stock: 20,
      sold_last_30_days: 30,
      average_daily_sales: 1,
      days_of_stock: 20,
      suggested_quantity: 15,
    });
    expect(in30.has(slow.name)).toBe(false);
  });

  it("counts the last 30 days of La Paz's calendar, today included: a sale a second after midnight 29 days ago counts, one a second before does not", async () => {
    const inside = await createProduct(db.sql, { name: "Vendido dentro", stock: 10, minStock: 0 });
    const outside = await createProduct(db.sql, { name: "Vendido fuera", stock: 10, minStock: 0 });
    await soldAt(inside.id, 9, await laPazMidnight(-29, 1));
    await soldAt(outside.id, 9, await laPazMidnight(-29, -1));
    const rows = await suggestions({ days_of_cover: 365 });
    expect(rows.find((row) => row.product_id === inside.id)).toMatchObject({ sold_last_30_days: 9, current_stock: 1 });
    expect(rows.find((row) => row.product_id === outside.id)).toBeUndefined();
  });

  it("subtracts what is on order (pending, approved, partly received) and names the usual supplier: last received from, else last ordered from", async () => {
    const first = await createSupplier(db.sql, { name: "Primer proveedor" });
    const second = await createSupplier(db.sql, { name: "Segundo proveedor" });
    const product = await createProduct(db.sql, { name: "Con pedido en camino", stock: 1, minStock: 20 });
    const received = await approvedOrder(db.sql, users, first.id, [
      { product_id: product.id, quantity: 8, unit_cost: 3.5 },
    ]);
    await receive(db.sql, users.staff, received.id, [
      { purchase_order_item_id: received.items[0]?.id, quantity: 5, supplier_sku: "PP-77" },
    ]);
    await approvedOrder(db.sql, users, second.id, [{ product_id: product.id, quantity: 4, unit_cost: 3.6 }]);
    const draft = await rpcAs<{ id: string }>(db.sql, users.staff, "create_purchase_order", {
      supplier_id: second.id,
      items: [{ product_id: product.id, quantity: 100, unit_cost: 3.6 }],
    });
    expect(draft.id).toBeDefined();

    const row = (await suggestions()).find((suggestion) => suggestion.product_id === product.id);
    // stock 6; on order: 3 left of the first order + 4 of the second (a draft is not on order)
    expect(row).toMatchObject({
      current_stock: 6,
      on_order: 7,
      suggested_quantity: 20 - 6 - 7,
      usual_supplier_id: first.id,
      usual_supplier_name: "Primer proveedor",
      supplier_sku: "PP-77",
      last_unit_cost: null,
    });
    const forManager = (await suggestions({}, users.manager)).find(
      (suggestion) => suggestion.product_id === product.id,
    );
    expect(forManager?.last_unit_cost).toBe(3.5);

    // With a supplier: only that supplier's products, and that supplier named.
    const fromSecond = await suggestions({ supplier_id: second.id });
    expect(fromSecond.map((suggestion) => [suggestion.product_id, suggestion.usual_supplier_id])).toEqual([
      [product.id, second.id],
    ]);
    const orphan = await createProduct(db.sql, { name: "Sin proveedor", stock: 0, minStock: 3 });
    expect((await suggestions()).find((suggestion) => suggestion.product_id === orphan.id)).toMatchObject({
      usual_supplier_id: null,
      usual_supplier_name: null,
      suggested_quantity: 3,
    });
  });

  it("puts out-of-stock products first", async () => {
    const rows = await suggestions({ days_of_cover: 365 });
    const firstInStock = rows.findIndex((row) => row.current_stock > 0);
    expect(rows.slice(firstInStock).every((row) => row.current_stock > 0)).toBe(true);
    expect(rows[0]?.current_stock).toBe(0);
  });

  it("refuses days of cover outside 1–365 (VALIDATION_ERROR), an unknown supplier (404), and callers without a role (403)", async () => {
    for (const days_of_cover of [0, 366, -1, null]) {
      const failure = await failureOf(rpcAs(db.sql, users.staff, "suggest_reorder", { days_of_cover }));
      expect({ code: failure.message, status: failure.status }, String(days_of_cover)).toEqual({
        code: "VALIDATION_ERROR",
        status: 400,
      });
    }
    const unknown = await failureOf(
      rpcAs(db.sql, users.viewer, "suggest_reorder", { supplier_id: crypto.randomUUID() }),
    );
    expect({ code: unknown.message, status: unknown.status }).toEqual({ code: "SUPPLIER_NOT_FOUND", status: 404 });
    const forbidden = await failureOf(rpcAs(db.sql, users.noRole, "suggest_reorder", {}));
    expect({ code: forbidden.message, status: forbidden.status }).toEqual({ code: "FORBIDDEN", status: 403 });
    await suggestions({}, users.viewer);
  });
});
