import { describe, expect, it } from "vitest";
import { dailySummarySchema } from "../../supabase/functions/_shared/responses.ts";
import { rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, useRoleUsers } from "../helpers/fixtures.ts";
import { cancelSale, createSale, moveSale } from "../sales/support.ts";
import { accountOf, backdate, createCustomer, pay } from "./support.ts";

/**
 * The daily summary counts each part of a sale under its own method, cash as
 * what stayed in the drawer (never what was tendered), credit as what went on
 * account; and the day's collections, cut at midnight in La Paz.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

describe("daily_sales_summary with payments and collections", () => {
  it("counts cash received, each part under its method, and the day's collections by method", async () => {
    const DAY = "2026-08-07";
    const product = await createProduct(db.sql, { unitPrice: "37.50", stock: 100 });
    const customer = await createCustomer(db.sql, { creditLimit: 1000 });
    const other = await createCustomer(db.sql, { creditLimit: 1000 });

    // 37.50 paid with 100.00: 37.50 of cash, 62.50 given back.
    const cash = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1 }],
      payments: [{ method: "CASH", amount: 37.5, tendered: 100 }],
    });
    // 75.00: 20.00 cash, 55.00 QR.
    const mixed = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 2 }],
      payments: [
        { method: "CASH", amount: 20, tendered: 50 },
        { method: "QR", amount: 55 },
      ],
    });
    // 112.50: 12.50 cash, 100.00 on account.
    const credit = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 3 }],
      customer_id: customer.id,
      payments: [
        { method: "CASH", amount: 12.5 },
        { method: "CREDIT", amount: 100 },
      ],
    });
    // A cancelled credit sale counts nowhere.
    const cancelled = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1 }],
      customer_id: other.id,
      payment_method: "CREDIT",
    });
    await cancelSale(db.sql, users.manager, cancelled.id, "Cliente desistió");
    for (const [sale, at] of [
      [cash, "2026-08-07T14:00:00Z"],
      [mixed, "2026-08-08T03:30:00Z"], // 23:30 in La Paz: DAY's
      [cancelled, "2026-08-07T16:00:00Z"],
    ] as const) {
      await moveSale(db.sql, sale.id, at);
    }

    // Collections: 40.00 cash and 25.50 by transfer on DAY (one at 23:50 in La Paz); 10.00 at 00:10 the next day.
    const collections: [number, string, string][] = [
      [40, "CASH", "2026-08-07T13:00:00Z"],
      [25.5, "TRANSFER", "2026-08-08T03:50:00Z"],
      [10, "CASH", "2026-08-08T04:10:00Z"],
    ];
    // The credit sale and its charge at 08:00 in La Paz, before the payments, as the ledger's order says.
    const [charge] = await accountOf(db.sql, customer.id);
    expect(charge?.sale_id).toBe(credit.id);
    await backdate(db.sql, [{ seq: charge?.seq ?? "", at: "2026-08-07T12:00:00Z" }]);
    for (const [amount, method, at] of collections) {
      const payment = await pay(db.sql, users.staff, { customer_id: customer.id, amount, payment_method: method });
      await backdate(db.sql, [{ seq: String(payment.seq), at }]);
    }

    const summary = dailySummarySchema.parse(await rpcAs(db.sql, users.viewer, "daily_sales_summary", { day: DAY }));
    expect(summary).toMatchObject({ sales_count: 3, cancelled_count: 1, total: 225 });
    expect(summary.by_payment_method).toEqual([
      { payment_method: "CASH", sales_count: 3, total: 70 },
      { payment_method: "QR", sales_count: 1, total: 55 },
      { payment_method: "CREDIT", sales_count: 1, total: 100 },
    ]);
    expect(summary.collections).toEqual({
      payments_count: 2,
      total: 65.5,
      by_payment_method: [
        { payment_method: "CASH", payments_count: 1, total: 40 },
        { payment_method: "TRANSFER", payments_count: 1, total: 25.5 },
      ],
    });
    const next = dailySummarySchema.parse(
      await rpcAs(db.sql, users.viewer, "daily_sales_summary", { day: "2026-08-08" }),
    );
    expect(next.collections).toEqual({
      payments_count: 1,
      total: 10,
      by_payment_method: [{ payment_method: "CASH", payments_count: 1, total: 10 }],
    });
  });
});
