import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, useRoleUsers } from "../helpers/fixtures.ts";
import { cents } from "../helpers/money.ts";
import { cancelSale, createSale, refusedSale, type SaleArgs } from "../sales/support.ts";
import { accountOf, balanceOf, createCustomer, expectHealthyAccountsAfterEach, pay } from "./support.ts";

/**
 * create_sale with payments and a customer: the parts add up to the total
 * exactly, cash change is never money received, a CREDIT part is a CHARGE on
 * the customer's account within a limit that blocks, and cancelling takes back
 * exactly what was charged.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);
expectHealthyAccountsAfterEach(db);

/** A product at a price, with stock. */
function product(unitPrice: string, stock = 100) {
  return createProduct(db.sql, { unitPrice, stock });
}

describe("a sale paid several ways", () => {
  it("records each part; cash tendered gives change that is not counted as paid; the sale is MIXED", async () => {
    const rice = await product("37.50");
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: rice.id, quantity: 2 }],
      payments: [
        { method: "CASH", amount: 50, tendered: 100 },
        { method: "QR", amount: 25, reference: "QR-778812" },
      ],
    });
    expect(sale.total).toBe(75);
    expect(sale.payment_method).toBe("MIXED");
    expect(sale.payments).toEqual([
      { method: "CASH", amount: 50, tendered: 100, change: 50, reference: null },
      { method: "QR", amount: 25, tendered: null, change: null, reference: "QR-778812" },
    ]);
    const rows = await db.sql`
      select position, method::text, amount::text, tendered::text, change::text
        from public.sale_payments where sale_id = ${sale.id} order by position
    `;
    expect(rows).toEqual([
      { position: 1, method: "CASH", amount: "50.00", tendered: "100.00", change: "50.00" },
      { position: 2, method: "QR", amount: "25.00", tendered: null, change: null },
    ]);
  });

  it("is of one method when every part is (two cards are still CARD), and accepts the exact change", async () => {
    const soap = await product("12.40");
    const twoCards = await createSale(db.sql, users.staff, {
      items: [{ product_id: soap.id, quantity: 5 }],
      payments: [
        { method: "CARD", amount: 40, reference: "VISA 4411" },
        { method: "CARD", amount: 22, reference: "MC 9902" },
      ],
    });
    expect(twoCards.payment_method).toBe("CARD");
    const exact = await createSale(db.sql, users.staff, {
      items: [{ product_id: soap.id, quantity: 1 }],
      payments: [{ method: "cash", amount: 12.4, tendered: 12.4 }],
    });
    expect(exact.payments).toEqual([{ method: "CASH", amount: 12.4, tendered: 12.4, change: 0, reference: null }]);
  });

  it("keeps the old call: payment_method alone pays the whole total in one part", async () => {
    const milk = await product("6.50");
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: milk.id, quantity: 3 }],
      payment_method: "TRANSFER",
    });
    expect(sale.payment_method).toBe("TRANSFER");
    expect(sale.payments).toEqual([
      { method: "TRANSFER", amount: 19.5, tendered: null, change: null, reference: null },
    ]);
  });
});

describe("a sale on credit (fiado)", () => {
  it("charges the customer's account: a CHARGE movement with the sale, the balance up by the credit part", async () => {
    const sugar = await product("8.00");
    const customer = await createCustomer(db.sql, { name: "Doña Eulalia Rojas", creditLimit: 500 });
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: sugar.id, quantity: 10 }],
      customer_id: customer.id,
      payments: [
        { method: "CASH", amount: 30 },
        { method: "CREDIT", amount: 50 },
      ],
    });
    expect(sale).toMatchObject({ payment_method: "MIXED", customer_id: customer.id, total: 80 });
    expect(sale.customer).toEqual({
      id: customer.id,
      name: "Doña Eulalia Rojas",
      document_type: "CI",
      document_number: expect.any(String),
    });
    expect(await balanceOf(db.sql, customer.id)).toBe(5000n);
    expect(await accountOf(db.sql, customer.id)).toEqual([
      expect.objectContaining({
        movement_type: "CHARGE",
        amount: "50.00",
        previous_balance: "0.00",
        new_balance: "50.00",
        sale_id: sale.id,
        reference: sale.sale_number,
      }),
    ]);
  });

  it("sells on credit with payment_method alone, and up to the limit exactly", async () => {
    const flour = await product("45.00");
    const customer = await createCustomer(db.sql, { creditLimit: 90 });
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: flour.id, quantity: 2 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    expect(sale.payment_method).toBe("CREDIT");
    expect(await balanceOf(db.sql, customer.id)).toBe(9000n);
  });

  it("blocks a sale past the limit (CREDIT_LIMIT_EXCEEDED, 409) and writes nothing; a cash sale still goes through", async () => {
    const oil = await product("15.00");
    const customer = await createCustomer(db.sql, { creditLimit: 100 });
    await createSale(db.sql, users.staff, {
      items: [{ product_id: oil.id, quantity: 6 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    const failure = await refusedSale(db.sql, users.staff, {
      items: [{ product_id: oil.id, quantity: 1 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    expect(failure).toMatchObject({ message: "CREDIT_LIMIT_EXCEEDED", status: 409 });
    expect(hintOf(failure)).toMatchObject({ balance: 90, credit_limit: 100, requested: 15, available: 10 });
    // The 10 left fit a credit part of 10 with the rest in cash.
    await createSale(db.sql, users.staff, {
      items: [{ product_id: oil.id, quantity: 1 }],
      customer_id: customer.id,
      payments: [
        { method: "CREDIT", amount: 10 },
        { method: "CASH", amount: 5 },
      ],
    });
    expect(await balanceOf(db.sql, customer.id)).toBe(10000n);
    // A customer with no credit limit (0) gets no credit at all.
    const noCredit = await createCustomer(db.sql);
    const none = await refusedSale(db.sql, users.staff, {
      items: [{ product_id: oil.id, quantity: 1 }],
      customer_id: noCredit.id,
      payment_method: "CREDIT",
    });
    expect(none).toMatchObject({ message: "CREDIT_LIMIT_EXCEEDED" });
  });

  it("lets only a manager pass override_credit_limit: staff get FORBIDDEN even within the limit", async () => {
    const oil = await product("15.00");
    const customer = await createCustomer(db.sql, { creditLimit: 20 });
    const args: SaleArgs = {
      items: [{ product_id: oil.id, quantity: 1 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
      override_credit_limit: true,
    };
    expect(await refusedSale(db.sql, users.staff, args)).toMatchObject({ message: "FORBIDDEN", status: 403 });
    await createSale(db.sql, users.manager, args);
    await createSale(db.sql, users.manager, args);
    expect(await balanceOf(db.sql, customer.id)).toBe(3000n); // past the limit, by a manager's decision
  });

  it("cancelling takes back exactly the charge; what was already paid stays as money in the customer's favour", async () => {
    const beans = await product("22.50");
    const customer = await createCustomer(db.sql, { creditLimit: 1000 });
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: beans.id, quantity: 4 }],
      customer_id: customer.id,
      payments: [
        { method: "CREDIT", amount: 60 },
        { method: "QR", amount: 30 },
      ],
    });
    await pay(db.sql, users.staff, { customer_id: customer.id, amount: 60, payment_method: "CASH" });
    expect(await balanceOf(db.sql, customer.id)).toBe(0n);
    await cancelSale(db.sql, users.manager, sale.id, "Devolvió todo el pedido");
    const ledger = await accountOf(db.sql, customer.id);
    expect(ledger.map((row) => [row.movement_type, row.amount, row.new_balance])).toEqual([
      ["CHARGE", "60.00", "60.00"],
      ["PAYMENT", "-60.00", "0.00"],
      ["SALE_CANCELLATION", "-60.00", "-60.00"],
    ]);
    expect(ledger[2]).toMatchObject({
      sale_id: sale.id,
      reference: sale.sale_number,
      notes: "Devolvió todo el pedido",
    });
    // No cash was handed out by the cancellation: the sale's cash parts are untouched history.
    expect(await balanceOf(db.sql, customer.id)).toBe(-6000n);
  });

  it("cancelling a sale without a credit part leaves the customer's account alone", async () => {
    const beans = await product("22.50");
    const customer = await createCustomer(db.sql, { creditLimit: 1000 });
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: beans.id, quantity: 1 }],
      customer_id: customer.id,
      payment_method: "CASH",
    });
    await cancelSale(db.sql, users.manager, sale.id, "Error de cobro");
    expect(await accountOf(db.sql, customer.id)).toEqual([]);
  });

  it("a retry with the same key returns the first sale and charges once; other payments under that key are refused", async () => {
    const beans = await product("22.50");
    const customer = await createCustomer(db.sql, { creditLimit: 1000 });
    const args: SaleArgs = {
      items: [{ product_id: beans.id, quantity: 2 }],
      customer_id: customer.id,
      payments: [{ method: "CREDIT", amount: 45 }],
      idempotency_key: "fiado-retry-1",
    };
    const first = await createSale(db.sql, users.staff, args);
    const retry = await createSale(db.sql, users.staff, args);
    expect(retry.id).toBe(first.id);
    expect(await accountOf(db.sql, customer.id)).toHaveLength(1);
    const reused = await refusedSale(db.sql, users.staff, {
      ...args,
      payments: [
        { method: "CREDIT", amount: 40 },
        { method: "CASH", amount: 5 },
      ],
    });
    expect(reused).toMatchObject({ message: "IDEMPOTENCY_KEY_REUSED", status: 409 });
    const otherCustomer = await createCustomer(db.sql, { creditLimit: 1000 });
    expect(await refusedSale(db.sql, users.staff, { ...args, customer_id: otherCustomer.id })).toMatchObject({
      message: "IDEMPOTENCY_KEY_REUSED",
    });
  });
});

describe("refused payments write nothing", () => {
  interface Case {
    label: string;
    args: (ids: { product: string; customer: string; inactive: string }) => Partial<SaleArgs>;
    message: string;
    status: number;
    hint?: Record<string, unknown>;
  }
  const missing = "00000000-0000-4000-8000-000000000001";
  // The sale costs 20.00.
  const CASES: Case[] = [
    {
      label: "credit without a customer",
      args: () => ({ payment_method: "CREDIT" }),
      message: "CUSTOMER_REQUIRED",
      status: 400,
    },
    {
      label: "a credit part without a customer",
      args: () => ({
        payments: [
          { method: "CASH", amount: 10 },
          { method: "CREDIT", amount: 10 },
        ],
      }),
      message: "CUSTOMER_REQUIRED",
      status: 400,
    },
    {
      label: "an unknown customer",
      args: () => ({ payment_method: "CREDIT", customer_id: missing }),
      message: "CUSTOMER_NOT_FOUND",
      status: 404,
    },
    {
      label: "an unknown customer on a cash sale",
      args: () => ({ customer_id: missing }),
      message: "CUSTOMER_NOT_FOUND",
      status: 404,
    },
    {
      label: "a deactivated customer",
      args: ({ inactive }) => ({ payment_method: "CREDIT", customer_id: inactive }),
      message: "CUSTOMER_INACTIVE",
      status: 409,
    },
    {
      label: "a deactivated customer on a cash sale",
      args: ({ inactive }) => ({ customer_id: inactive }),
      message: "CUSTOMER_INACTIVE",
      status: 409,
    },
    {
      label: "parts short of the total",
      args: () => ({ payments: [{ method: "CASH", amount: 19.99 }] }),
      message: "PAYMENT_MISMATCH",
      status: 400,
      hint: { paid: 19.99, total: 20 },
    },
    {
      label: "parts over the total",
      args: () => ({
        payments: [
          { method: "CASH", amount: 15 },
          { method: "QR", amount: 5.01 },
        ],
      }),
      message: "PAYMENT_MISMATCH",
      status: 400,
    },
    ...[0, -5, 10.005, 1e12].map((amount) => ({
      label: `an amount of ${amount}`,
      args: () => ({ payments: [{ method: "CASH", amount }] }),
      message: "INVALID_PRICE",
      status: 400,
      hint: { field: "amount", payment: 1 },
    })),
    ...["NaN", "20", null, true].map((amount) => ({
      label: `an amount of ${JSON.stringify(amount)}`,
      args: () => ({ payments: [{ method: "CASH", amount }] }),
      message: "INVALID_PRICE",
      status: 400,
    })),
    ...["BITCOIN", "MIXED", "", 7].map((method) => ({
      label: `a method ${JSON.stringify(method)}`,
      args: () => ({ payments: [{ method, amount: 20 }] }),
      message: "VALIDATION_ERROR",
      status: 400,
      hint: { field: "method", payment: 1 },
    })),
    ...["MIXED", "FIADO", "efectivo"].map((method) => ({
      label: `payment_method ${method}`,
      args: () => ({ payment_method: method }),
      message: "VALIDATION_ERROR",
      status: 400,
      hint: { field: "payment_method" },
    })),
    {
      label: "a tendered card",
      args: () => ({ payments: [{ method: "CARD", amount: 20, tendered: 50 }] }),
      message: "VALIDATION_ERROR",
      status: 400,
      hint: { field: "tendered" },
    },
    {
      label: "less cash tendered than it pays",
      args: () => ({ payments: [{ method: "CASH", amount: 20, tendered: 19.5 }] }),
      message: "VALIDATION_ERROR",
      status: 400,
      hint: { field: "tendered" },
    },
    {
      label: "a tendered amount with 3 decimals",
      args: () => ({ payments: [{ method: "CASH", amount: 20, tendered: 20.001 }] }),
      message: "INVALID_PRICE",
      status: 400,
    },
    {
      label: "an unknown key in a part",
      args: () => ({ payments: [{ method: "CASH", amount: 20, change: 0 }] }),
      message: "VALIDATION_ERROR",
      status: 400,
    },
    ...[{}, [], "CASH", Array.from({ length: 11 }, () => ({ method: "CASH", amount: 1 }))].map((payments) => ({
      label: `payments ${JSON.stringify(payments).slice(0, 30)}`,
      args: () => ({ payments }),
      message: "VALIDATION_ERROR",
      status: 400,
      hint: { field: "payments" },
    })),
    {
      label: "a part that is not an object",
      args: () => ({ payments: ["CASH 20"] }),
      message: "VALIDATION_ERROR",
      status: 400,
    },
    {
      label: "a reference of 101 characters",
      args: () => ({ payments: [{ method: "QR", amount: 20, reference: "x".repeat(101) }] }),
      message: "VALIDATION_ERROR",
      status: 400,
    },
  ];

  it.each(CASES)("refuses $label ($message)", async (testCase) => {
    const sold = await product("20.00");
    const customer = await createCustomer(db.sql, { creditLimit: 1000 });
    const inactive = await createCustomer(db.sql, { creditLimit: 1000, active: false });
    const failure = await refusedSale(db.sql, users.staff, {
      items: [{ product_id: sold.id, quantity: 1 }],
      ...testCase.args({ product: sold.id, customer: customer.id, inactive: inactive.id }),
    });
    expect(failure).toMatchObject({ message: testCase.message, status: testCase.status });
    if (testCase.hint) expect(hintOf(failure)).toMatchObject(testCase.hint);
  });

  it("checks the payments before the customer's limit: a mismatch on credit is PAYMENT_MISMATCH", async () => {
    const sold = await product("20.00");
    const customer = await createCustomer(db.sql);
    const failure = await refusedSale(db.sql, users.staff, {
      items: [{ product_id: sold.id, quantity: 1 }],
      customer_id: customer.id,
      payments: [{ method: "CREDIT", amount: 25 }],
    });
    expect(failure).toMatchObject({ message: "PAYMENT_MISMATCH" });
    expect(cents(String(hintOf(failure).total))).toBe(2000n);
  });
});
