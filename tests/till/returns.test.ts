import { describe, expect, it } from "vitest";
import { dailySummarySchema } from "../../supabase/functions/_shared/responses.ts";
import { accountOf, balanceOf, createCustomer, expectHealthyAccountsAfterEach } from "../customers/support.ts";
import { rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import {
  createProduct,
  expectHealthyLedgerAfterEach,
  type Movement,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { cents, shareHalfUp } from "../helpers/money.ts";
import { cancelSale, createSale, refused, type Sale } from "../sales/support.ts";
import { createReturn, type ReturnArgs } from "./support.ts";

/**
 * Returns: never more back than sold, each line refunded its share of what
 * the customer paid (parts adding up to the whole line), restocked or not,
 * the money back the way it came — a credit sale's to the account.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);
expectHealthyAccountsAfterEach(db);

/** A sale by a manager (discounts and tax rates are a manager's to give). */
function sale(args: Parameters<typeof createSale>[2]): Promise<Sale> {
  return createSale(db.sql, users.manager, args);
}

function line(of: Sale, number: number) {
  const found = of.items.find((item) => item.line_number === number);
  if (!found) throw new Error(`no line ${number}`);
  return found;
}

describe("what a line gives back", () => {
  it("three partial returns of a discounted, taxed line add up exactly to what the customer paid for it", async () => {
    const a = await createProduct(db.sql, { unitPrice: "12.35", costPrice: "9.00", stock: 20 });
    const b = await createProduct(db.sql, { unitPrice: "7.10", stock: 20 });
    const sold = await sale({
      items: [
        { product_id: a.id, quantity: 3, discount: 1 },
        { product_id: b.id, quantity: 2 },
      ],
      discount: 2.5,
      tax_rate: 13,
    });
    // 3 × 12.35 − 1.00 = 36.05; 2 × 7.10 = 14.20; subtotal 50.25; less 2.50 = 47.75; tax 6.2075 → 6.21; total 53.96.
    expect(sold.total).toBe(53.96);
    // The line's share of the total, computed here: 53.96 × 36.05 / 50.25, half-up.
    const total = cents(String(sold.total));
    const paidA = shareHalfUp(total * cents("36.05"), cents("50.25"));
    expect(paidA).toBe(3871n);
    const returns = [];
    for (let i = 0; i < 3; i += 1) {
      returns.push(
        await createReturn(db.sql, users.manager, {
          sale_id: sold.id,
          items: [{ sale_item_id: line(sold, 1).id, quantity: 1 }],
        }),
      );
    }
    const refunds = returns.map((r) => cents(String(r.refund_total)));
    // round(38.71 × 1/3) = 12.90; round(38.71 × 2/3) − 12.90 = 12.91; the last takes the rest, 12.90.
    expect(refunds).toEqual([1290n, 1291n, 1290n]);
    expect(refunds.reduce((sum, x) => sum + x, 0n)).toBe(paidA);
    const rest = await createReturn(db.sql, users.manager, {
      sale_id: sold.id,
      items: [{ sale_item_id: line(sold, 2).id, quantity: 2 }],
    });
    // Every line back: the refunds are the sale's total, to the centavo.
    expect(paidA + cents(String(rest.refund_total))).toBe(total);
    expect(returns[0]?.return_number).toMatch(/^D-\d{4}-\d{6}$/);
    const numbers = [...returns, rest].map((r) => Number(r.return_number.slice(-6)));
    expect(numbers).toEqual(numbers.map((_, index) => (numbers[0] ?? 0) + index));
  });

  it("puts restocked units back with an ENTRY / RETURN movement; damaged ones stay out of stock", async () => {
    const product = await createProduct(db.sql, { unitPrice: "5.00", stock: 10 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 6 }] });
    expect(await stockOf(db.sql, product.id)).toBe(4);
    const back = await createReturn(db.sql, users.manager, {
      sale_id: sold.id,
      items: [{ sale_item_id: line(sold, 1).id, quantity: 2 }],
      reason: "No le gustó",
    });
    expect(await stockOf(db.sql, product.id)).toBe(6);
    const damaged = await createReturn(db.sql, users.manager, {
      sale_id: sold.id,
      items: [{ sale_item_id: line(sold, 1).id, quantity: 3, restock: false }],
      reason: "Envase roto",
    });
    expect(await stockOf(db.sql, product.id)).toBe(6);
    expect(damaged.items).toEqual([expect.objectContaining({ quantity: 3, restock: false, refund_amount: 15 })]);
    const movements = await db.sql<Movement[]>`
      select * from public.inventory_movements where product_id = ${product.id} and reason = 'RETURN'
    `;
    expect(movements).toEqual([
      expect.objectContaining({
        movement_type: "ENTRY",
        quantity: 2,
        previous_stock: 4,
        new_stock: 6,
        reference_id: back.id,
        created_by: users.manager.id,
      }),
    ]);
    expect(movements[0]?.notes).toContain(back.return_number);
  });
});

describe("how the money goes back", () => {
  it("by the sale's method by default (cash for a mixed sale), or by the method asked", async () => {
    const product = await createProduct(db.sql, { unitPrice: "10.00", stock: 50 });
    const qr = await sale({ items: [{ product_id: product.id, quantity: 1 }], payment_method: "QR" });
    const mixed = await sale({
      items: [{ product_id: product.id, quantity: 2 }],
      payments: [
        { method: "CARD", amount: 15 },
        { method: "CASH", amount: 5 },
      ],
    });
    const first = (s: Sale) => [{ sale_item_id: line(s, 1).id, quantity: 1 }];
    expect((await createReturn(db.sql, users.manager, { sale_id: qr.id, items: first(qr) })).refund_method).toBe("QR");
    expect((await createReturn(db.sql, users.manager, { sale_id: mixed.id, items: first(mixed) })).refund_method).toBe(
      "CASH",
    );
    expect(
      (await createReturn(db.sql, users.manager, { sale_id: mixed.id, items: first(mixed), refund_method: "card" }))
        .refund_method,
    ).toBe("CARD");
  });

  it("a credit sale's refund lowers the customer's balance with a REFUND movement, never cash", async () => {
    const product = await createProduct(db.sql, { unitPrice: "25.00", stock: 50 });
    const customer = await createCustomer(db.sql, { creditLimit: 500 });
    const sold = await sale({
      items: [{ product_id: product.id, quantity: 4 }],
      customer_id: customer.id,
      payments: [
        { method: "CREDIT", amount: 80 },
        { method: "CASH", amount: 20 },
      ],
    });
    const items = [{ sale_item_id: line(sold, 1).id, quantity: 1 }];
    expect(
      await refused(db.sql, () =>
        createReturn(db.sql, users.manager, { sale_id: sold.id, items, refund_method: "CASH" }),
      ),
    ).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    const back = await createReturn(db.sql, users.manager, { sale_id: sold.id, items });
    expect(back).toMatchObject({ refund_method: "CREDIT", refund_total: 25 });
    expect(await balanceOf(db.sql, customer.id)).toBe(5500n);
    expect((await accountOf(db.sql, customer.id)).at(-1)).toMatchObject({
      movement_type: "REFUND",
      amount: "-25.00",
      sale_id: sold.id,
      reference: back.return_number,
    });
  });

  it("refuses a refund to an account for a sale without a customer (CUSTOMER_REQUIRED)", async () => {
    const product = await createProduct(db.sql, { unitPrice: "10.00", stock: 5 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 1 }] });
    const failure = await refused(db.sql, () =>
      createReturn(db.sql, users.manager, {
        sale_id: sold.id,
        items: [{ sale_item_id: line(sold, 1).id, quantity: 1 }],
        refund_method: "CREDIT",
      }),
    );
    expect(failure).toMatchObject({ message: "CUSTOMER_REQUIRED", status: 400 });
  });
});

describe("refused returns write nothing", () => {
  it("never more back than the line sold (RETURN_EXCEEDS_SOLD), counting earlier returns", async () => {
    const product = await createProduct(db.sql, { unitPrice: "3.00", stock: 10 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 3 }] });
    const item = line(sold, 1).id;
    const tooMany = await refused(db.sql, () =>
      createReturn(db.sql, users.manager, { sale_id: sold.id, items: [{ sale_item_id: item, quantity: 4 }] }),
    );
    expect(tooMany).toMatchObject({ message: "RETURN_EXCEEDS_SOLD", status: 409 });
    expect(hintOf(tooMany)).toMatchObject({ line: 1, sold: 3, returned: 0, requested: 4 });
    await createReturn(db.sql, users.manager, { sale_id: sold.id, items: [{ sale_item_id: item, quantity: 2 }] });
    const again = await refused(db.sql, () =>
      createReturn(db.sql, users.manager, { sale_id: sold.id, items: [{ sale_item_id: item, quantity: 2 }] }),
    );
    expect(hintOf(again)).toMatchObject({ sold: 3, returned: 2, requested: 2 });
  });

  it("refuses a cancelled sale (SALE_CANCELLED) and an unknown one (SALE_NOT_FOUND)", async () => {
    const product = await createProduct(db.sql, { unitPrice: "3.00", stock: 10 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 1 }] });
    await cancelSale(db.sql, users.manager, sold.id, "Anulada");
    const items = [{ sale_item_id: line(sold, 1).id, quantity: 1 }];
    expect(await refused(db.sql, () => createReturn(db.sql, users.manager, { sale_id: sold.id, items }))).toMatchObject(
      {
        message: "SALE_CANCELLED",
        status: 409,
      },
    );
    expect(
      await refused(db.sql, () => createReturn(db.sql, users.manager, { sale_id: crypto.randomUUID(), items })),
    ).toMatchObject({ message: "SALE_NOT_FOUND", status: 404 });
  });

  const BAD: [label: string, change: (item: string, other: string) => Omit<ReturnArgs, "sale_id">, message: string][] =
    [
      ["no items", () => ({ items: [] }), "VALIDATION_ERROR"],
      ["items not an array", () => ({ items: "todo" }), "VALIDATION_ERROR"],
      [
        "a line of another sale",
        (_item, other) => ({ items: [{ sale_item_id: other, quantity: 1 }] }),
        "VALIDATION_ERROR",
      ],
      [
        "a line twice",
        (item) => ({
          items: [
            { sale_item_id: item, quantity: 1 },
            { sale_item_id: item, quantity: 1 },
          ],
        }),
        "VALIDATION_ERROR",
      ],
      ["quantity 0", (item) => ({ items: [{ sale_item_id: item, quantity: 0 }] }), "INVALID_QUANTITY"],
      ["quantity 1.5", (item) => ({ items: [{ sale_item_id: item, quantity: 1.5 }] }), "INVALID_QUANTITY"],
      ["quantity -1", (item) => ({ items: [{ sale_item_id: item, quantity: -1 }] }), "INVALID_QUANTITY"],
      ["an unknown key", (item) => ({ items: [{ sale_item_id: item, quantity: 1, price: 1 }] }), "VALIDATION_ERROR"],
      [
        "restock as text",
        (item) => ({ items: [{ sale_item_id: item, quantity: 1, restock: "sí" }] }),
        "VALIDATION_ERROR",
      ],
      [
        "a sale_item_id that is not a UUID",
        () => ({ items: [{ sale_item_id: "1", quantity: 1 }] }),
        "VALIDATION_ERROR",
      ],
      [
        "an invisible reason",
        (item) => ({ items: [{ sale_item_id: item, quantity: 1 }], reason: "\u00a0" }),
        "VALIDATION_ERROR",
      ],
      [
        "refund by BITCOIN",
        (item) => ({ items: [{ sale_item_id: item, quantity: 1 }], refund_method: "BITCOIN" }),
        "VALIDATION_ERROR",
      ],
      [
        "refund MIXED",
        (item) => ({ items: [{ sale_item_id: item, quantity: 1 }], refund_method: "MIXED" }),
        "VALIDATION_ERROR",
      ],
      [
        "an empty key",
        (item) => ({ items: [{ sale_item_id: item, quantity: 1 }], idempotency_key: "" }),
        "VALIDATION_ERROR",
      ],
    ];

  it.each(BAD)("refuses %s (%s)", async (_label, change, message) => {
    const product = await createProduct(db.sql, { unitPrice: "3.00", stock: 10 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 2 }] });
    const other = await sale({ items: [{ product_id: product.id, quantity: 1 }] });
    const failure = await refused(db.sql, () =>
      createReturn(db.sql, users.manager, { sale_id: sold.id, ...change(line(sold, 1).id, line(other, 1).id) }),
    );
    expect(failure.message).toBe(message);
  });

  it("is a manager's", async () => {
    const product = await createProduct(db.sql, { unitPrice: "3.00", stock: 10 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 1 }] });
    for (const actor of [users.staff, users.viewer, users.noRole]) {
      expect(
        await refused(db.sql, () =>
          createReturn(db.sql, actor, { sale_id: sold.id, items: [{ sale_item_id: line(sold, 1).id, quantity: 1 }] }),
        ),
      ).toMatchObject({ message: "FORBIDDEN", status: 403 });
    }
  });

  it("returns the first return for a retry with the same key, and refuses the key for another return", async () => {
    const product = await createProduct(db.sql, { unitPrice: "3.00", stock: 10 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 3 }] });
    const args = {
      sale_id: sold.id,
      items: [{ sale_item_id: line(sold, 1).id, quantity: 1 }],
      idempotency_key: "devolucion-1",
    };
    const first = await createReturn(db.sql, users.manager, args);
    expect(await createReturn(db.sql, users.manager, args)).toEqual(first);
    expect(
      await refused(db.sql, () =>
        createReturn(db.sql, users.manager, { ...args, items: [{ sale_item_id: line(sold, 1).id, quantity: 2 }] }),
      ),
    ).toMatchObject({ message: "IDEMPOTENCY_KEY_REUSED", status: 409 });
    expect(await stockOf(db.sql, product.id)).toBe(8);
  });
});

describe("the daily summary counts returns", () => {
  it("by the day they were taken: refunds by method, net total, and the margin net of what came back", async () => {
    const product = await createProduct(db.sql, { unitPrice: "40.00", costPrice: "30.00", stock: 50 });
    const sold = await sale({ items: [{ product_id: product.id, quantity: 4 }], tax_rate: 13 });
    // 160.00 + 13 % = 180.80; two units back (one restocked, one damaged): 45.20 each, 40.00 of it revenue.
    const restocked = await createReturn(db.sql, users.manager, {
      sale_id: sold.id,
      items: [{ sale_item_id: line(sold, 1).id, quantity: 1 }],
    });
    const damaged = await createReturn(db.sql, users.manager, {
      sale_id: sold.id,
      items: [{ sale_item_id: line(sold, 1).id, quantity: 1, restock: false }],
      refund_method: "QR",
    });
    // Moved to a day of their own (tests cannot change now()): the sale at 11:00 and the returns at 12:00 in La Paz.
    await db.sql.begin(async (tx) => {
      await tx`alter table public.sales disable trigger sales_guard`;
      await tx`alter table public.sale_returns disable trigger sale_returns_append_only`;
      await tx`update public.sales set sale_date = '2026-02-10T15:00:00Z' where id = ${sold.id}`;
      await tx`update public.sale_returns set created_at = '2026-02-10T16:00:00Z' where id in ${tx([restocked.id, damaged.id])}`;
      await tx`alter table public.sale_returns enable trigger sale_returns_append_only`;
      await tx`alter table public.sales enable trigger sales_guard`;
    });
    const summary = dailySummarySchema.parse(
      await rpcAs(db.sql, users.manager, "daily_sales_summary", { day: "2026-02-10" }),
    );
    expect(summary).toMatchObject({
      sales_count: 1,
      total: 180.8,
      gross_profit: 40,
      returns: {
        count: 2,
        refunded: 90.4,
        by_refund_method: [
          { refund_method: "CASH", returns_count: 1, total: 45.2 },
          { refund_method: "QR", returns_count: 1, total: 45.2 },
        ],
      },
      net_total: 90.4,
      // 40.00 less the revenue of both units (80.00), plus the cost of the one back on the shelf (30.00).
      net_gross_profit: -10,
    });
    const viewer = dailySummarySchema.parse(
      await rpcAs(db.sql, users.viewer, "daily_sales_summary", { day: "2026-02-10" }),
    );
    expect(viewer.net_gross_profit).toBeNull();
  });
});
