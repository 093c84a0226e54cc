import { describe, expect, it } from "vitest";
import { createCustomer, pay } from "../customers/support.ts";
import { actAs, anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf, hintOf } from "../helpers/errors.ts";
import { createProduct, createUser, expectHealthyLedgerAfterEach, useRoleUsers } from "../helpers/fixtures.ts";
import { cancelSale, createSale, moveSale, refused } from "../sales/support.ts";
import {
  closeSession,
  createRegister,
  createReturn,
  moveCash,
  openSession,
  reportOf,
  requireCashSession,
} from "./support.ts";

/**
 * Cash sessions: one open per register and per cashier, everything with cash
 * inside one, an expected cash that counts what stayed in the drawer (never
 * what was tendered), and a Z report frozen at the close.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);

/** A fresh cashier (one open session per user) with a fresh register. */
async function till() {
  const cashier = await createUser(db.sql, "staff", "cajera");
  const register = await createRegister(db.sql);
  return { cashier, register };
}

describe("opening a session", () => {
  it("opens with a float and a gapless Z number, and an empty X report", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id, 150.5, "Turno mañana");
    expect(session).toMatchObject({
      status: "OPEN",
      register_id: register.id,
      register: { id: register.id, name: register.name },
      opened_by: cashier.id,
      opening_float: 150.5,
      notes: "Turno mañana",
      report_kind: "X",
      closed_at: null,
    });
    expect(session.report.cash).toEqual({
      opening_float: 150.5,
      sales: 0,
      collections: 0,
      pay_ins: 0,
      pay_outs: 0,
      refunds: 0,
      expected: 150.5,
      counted: null,
      difference: null,
    });
    const other = await till();
    const next = await openSession(db.sql, other.cashier, other.register.id);
    const number = (z: string) => Number(z.slice(-6));
    expect(number(next.session_number)).toBe(number(session.session_number) + 1);
    expect(session.session_number).toMatch(new RegExp(`^Z-${new Date().getUTCFullYear()}-\\d{6}$|^Z-\\d{4}-\\d{6}$`));
  });

  it("refuses a second session on a busy register (REGISTER_BUSY) and a second one for the same cashier (SESSION_ALREADY_OPEN)", async () => {
    const { cashier, register } = await till();
    const first = await openSession(db.sql, cashier, register.id);
    const colleague = await createUser(db.sql, "staff");
    const busy = await refused(db.sql, () => openSession(db.sql, colleague, register.id));
    expect(busy).toMatchObject({ message: "REGISTER_BUSY", status: 409 });
    expect(hintOf(busy)).toMatchObject({ cash_session_id: first.id });
    const elsewhere = await createRegister(db.sql);
    const twice = await refused(db.sql, () => openSession(db.sql, cashier, elsewhere.id));
    expect(twice).toMatchObject({ message: "SESSION_ALREADY_OPEN", status: 409 });
  });

  it("keeps a register with sessions: deleting it is CASH_REGISTER_HAS_HISTORY; one never used is deleted", async () => {
    const { cashier, register } = await till();
    await openSession(db.sql, cashier, register.id);
    const failure = await refused(db.sql, () =>
      actAs(db.sql, users.manager, (tx) => tx`delete from public.cash_registers where id = ${register.id}`),
    );
    expect(failure).toMatchObject({ message: "CASH_REGISTER_HAS_HISTORY", status: 409 });
    const unused = await createRegister(db.sql);
    const deleted = await actAs(
      db.sql,
      users.manager,
      (tx) => tx`delete from public.cash_registers where id = ${unused.id} returning id`,
    );
    expect(deleted).toEqual([{ id: unused.id }]);
  });

  it("refuses an unknown or deactivated register, a bad float, and callers below staff", async () => {
    const { cashier, register } = await till();
    expect(
      await refused(db.sql, () => openSession(db.sql, cashier, "00000000-0000-4000-8000-00000000c0de")),
    ).toMatchObject({ message: "CASH_REGISTER_NOT_FOUND", status: 404 });
    const inactive = await createRegister(db.sql);
    await db.sql`update public.cash_registers set is_active = false where id = ${inactive.id}`;
    expect(await refused(db.sql, () => openSession(db.sql, cashier, inactive.id))).toMatchObject({
      message: "CASH_REGISTER_INACTIVE",
      status: 409,
    });
    for (const bad of [-1, 10.005, 1_000_000.01, "NaN"]) {
      expect(await refused(db.sql, () => openSession(db.sql, cashier, register.id, bad)), String(bad)).toMatchObject({
        message: "INVALID_PRICE",
      });
    }
    expect(await refused(db.sql, () => openSession(db.sql, users.viewer, register.id))).toMatchObject({
      message: "FORBIDDEN",
    });
  });
});

describe("what belongs to a session", () => {
  it("takes the cashier's sales and payments without being named, and one named by id", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id);
    const product = await createProduct(db.sql, { unitPrice: "10.00", stock: 50 });
    const implicit = await createSale(db.sql, cashier, { items: [{ product_id: product.id, quantity: 1 }] });
    const named = await createSale(db.sql, cashier, {
      items: [{ product_id: product.id, quantity: 1 }],
      cash_session_id: session.id,
    });
    expect([implicit.cash_session_id, named.cash_session_id]).toEqual([session.id, session.id]);
    // A colleague without a session sells outside any (the store does not require one).
    const colleague = await createUser(db.sql, "staff");
    const outside = await createSale(db.sql, colleague, { items: [{ product_id: product.id, quantity: 1 }] });
    expect(outside.cash_session_id).toBeNull();
    // ... and may not sell into someone else's session; a manager may.
    const forbidden = await refused(db.sql, () =>
      createSale(db.sql, colleague, { items: [{ product_id: product.id, quantity: 1 }], cash_session_id: session.id }),
    );
    expect(forbidden).toMatchObject({ message: "FORBIDDEN", status: 403 });
    const byManager = await createSale(db.sql, users.manager, {
      items: [{ product_id: product.id, quantity: 1 }],
      cash_session_id: session.id,
    });
    expect(byManager.cash_session_id).toBe(session.id);
    const customer = await createCustomer(db.sql, { creditLimit: 100 });
    await createSale(db.sql, users.manager, {
      items: [{ product_id: product.id, quantity: 2 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    const payment = await pay(db.sql, cashier, { customer_id: customer.id, amount: 5 });
    expect(payment.cash_session_id).toBe(session.id);
  });

  it("requires an open session for cash when the store says so (NO_OPEN_CASH_SESSION), not for a card", async () => {
    const { cashier } = await till();
    const product = await createProduct(db.sql, { unitPrice: "10.00", stock: 50 });
    const customer = await createCustomer(db.sql, { creditLimit: 100 });
    await createSale(db.sql, users.manager, {
      items: [{ product_id: product.id, quantity: 2 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    await requireCashSession(db.sql, true);
    try {
      const items = [{ product_id: product.id, quantity: 1 }];
      for (const args of [
        { items },
        {
          items,
          payments: [
            { method: "QR", amount: 5 },
            { method: "CASH", amount: 5 },
          ],
        },
      ]) {
        expect(await refused(db.sql, () => createSale(db.sql, cashier, args))).toMatchObject({
          message: "NO_OPEN_CASH_SESSION",
          status: 409,
        });
      }
      expect(await refused(db.sql, () => pay(db.sql, cashier, { customer_id: customer.id, amount: 5 }))).toMatchObject({
        message: "NO_OPEN_CASH_SESSION",
      });
      const card = await createSale(db.sql, cashier, { items, payment_method: "CARD" });
      expect(card.cash_session_id).toBeNull();
      await pay(db.sql, cashier, { customer_id: customer.id, amount: 5, payment_method: "QR" });
    } finally {
      await requireCashSession(db.sql, false);
    }
  });

  it("takes nothing more once closed (SESSION_CLOSED), and an unknown session is CASH_SESSION_NOT_FOUND", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id, 0);
    await closeSession(db.sql, cashier, session.id, 0);
    const product = await createProduct(db.sql, { stock: 5 });
    const items = [{ product_id: product.id, quantity: 1 }];
    expect(
      await refused(db.sql, () => createSale(db.sql, cashier, { items, cash_session_id: session.id })),
    ).toMatchObject({ message: "SESSION_CLOSED", status: 409 });
    expect(
      await refused(db.sql, () =>
        moveCash(db.sql, cashier, {
          cash_session_id: session.id,
          movement_type: "PAY_IN",
          amount: 5,
          reason: "Cambio",
        }),
      ),
    ).toMatchObject({ message: "SESSION_CLOSED" });
    expect(
      await refused(db.sql, () =>
        createSale(db.sql, cashier, { items, cash_session_id: "00000000-0000-4000-8000-0000000005e5" }),
      ),
    ).toMatchObject({ message: "CASH_SESSION_NOT_FOUND", status: 404 });
    // Closed, the cashier sells outside any session again.
    expect((await createSale(db.sql, cashier, { items })).cash_session_id).toBeNull();
  });
});

describe("cash in and out of the drawer", () => {
  it("records pay-ins and pay-outs with their reason, append-only", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id, 50);
    const payIn = await moveCash(db.sql, cashier, {
      cash_session_id: session.id,
      movement_type: "pay_in",
      amount: 100,
      reason: "Fondo de cambio",
    });
    expect(payIn).toMatchObject({
      movement_type: "PAY_IN",
      amount: 100,
      reason: "Fondo de cambio",
      created_by: cashier.id,
    });
    await moveCash(db.sql, users.manager, {
      cash_session_id: session.id,
      movement_type: "PAY_OUT",
      amount: 35.5,
      reason: "Pago al panadero",
      notes: "Factura 221",
    });
    expect((await reportOf(db.sql, users.viewer, session.id)).report.cash).toMatchObject({
      pay_ins: 100,
      pay_outs: 35.5,
      expected: 114.5,
    });
    for (const statement of [
      db.sql`update public.cash_movements set amount = 1 where id = ${payIn.id}`,
      db.sql`delete from public.cash_movements where id = ${payIn.id}`,
    ]) {
      expect(await failureOf(statement)).toMatchObject({ message: "FORBIDDEN" });
    }
  });

  it("refuses a bad type, amount or reason, another cashier's drawer, and no session", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id);
    const base = { cash_session_id: session.id, movement_type: "PAY_OUT", amount: 10, reason: "Banco" };
    const cases: [Record<string, unknown>, string][] = [
      [{ movement_type: "WITHDRAWAL" }, "VALIDATION_ERROR"],
      [{ amount: 0 }, "INVALID_PRICE"],
      [{ amount: -10 }, "INVALID_PRICE"],
      [{ amount: 10.001 }, "INVALID_PRICE"],
      [{ reason: " \u200b " }, "VALIDATION_ERROR"],
      [{ cash_session_id: null }, "VALIDATION_ERROR"],
    ];
    for (const [change, message] of cases) {
      expect((await refused(db.sql, () => moveCash(db.sql, cashier, { ...base, ...change }))).message).toBe(message);
    }
    const colleague = await createUser(db.sql, "staff");
    expect(await refused(db.sql, () => moveCash(db.sql, colleague, base))).toMatchObject({ message: "FORBIDDEN" });
    expect(await refused(db.sql, () => moveCash(db.sql, users.viewer, base))).toMatchObject({ message: "FORBIDDEN" });
  });
});

describe("closing a session", () => {
  it("expects what stayed in the drawer: 37.50 paid with 100 adds 37.50; a cash and QR sale only its cash part", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id, 200);
    const product = await createProduct(db.sql, { unitPrice: "37.50", stock: 50 });
    await createSale(db.sql, cashier, {
      items: [{ product_id: product.id, quantity: 1 }],
      payments: [{ method: "CASH", amount: 37.5, tendered: 100 }],
    });
    await createSale(db.sql, cashier, {
      items: [{ product_id: product.id, quantity: 2 }],
      payments: [
        { method: "CASH", amount: 20, tendered: 50 },
        { method: "QR", amount: 55 },
      ],
    });
    await createSale(db.sql, cashier, { items: [{ product_id: product.id, quantity: 1 }], payment_method: "CARD" });
    const live = await reportOf(db.sql, users.viewer, session.id);
    expect(live.report_kind).toBe("X");
    expect(live.report.cash).toMatchObject({ opening_float: 200, sales: 57.5, expected: 257.5 });
    expect(live.report.sales).toEqual({
      count: 3,
      total: 150,
      discounts: 0,
      tax: 0,
      by_payment_method: [
        { payment_method: "CASH", sales_count: 2, total: 57.5 },
        { payment_method: "CARD", sales_count: 1, total: 37.5 },
        { payment_method: "QR", sales_count: 1, total: 55 },
      ],
    });

    const closed = await closeSession(
      db.sql,
      cashier,
      session.id,
      257,
      { "200": 1, "50": 1, "5": 1, "2": 1 },
      "Faltan 50 ctvs",
    );
    expect(closed).toMatchObject({
      status: "CLOSED",
      report_kind: "Z",
      closed_by: cashier.id,
      expected_cash: 257.5,
      counted_cash: 257,
      difference: -0.5,
      counted_denominations: { "200": 1, "50": 1, "5": 1, "2": 1 },
      closing_notes: "Faltan 50 ctvs",
    });
    expect(closed.report).toMatchObject({
      session_number: session.session_number,
      register: { id: register.id, name: register.name },
      closed_by: cashier.id,
      cash: { expected: 257.5, counted: 257, difference: -0.5 },
      denominations: { "200": 1, "50": 1, "5": 1, "2": 1 },
    });
  });

  it("counts collections, pay-ins and pay-outs, cash refunds of returns, and cancellations where their cash left", async () => {
    const { cashier, register } = await till();
    const first = await openSession(db.sql, cashier, register.id, 100);
    const product = await createProduct(db.sql, { unitPrice: "20.00", stock: 50 });
    const customer = await createCustomer(db.sql, { creditLimit: 500 });
    const sold = await createSale(db.sql, cashier, { items: [{ product_id: product.id, quantity: 3 }] }); // +60 cash
    const kept = await createSale(db.sql, cashier, { items: [{ product_id: product.id, quantity: 1 }] }); // +20 cash
    await createSale(db.sql, cashier, {
      items: [{ product_id: product.id, quantity: 5 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    }); // 100 on account: no cash
    await pay(db.sql, cashier, { customer_id: customer.id, amount: 40 }); // +40 cash
    await pay(db.sql, cashier, { customer_id: customer.id, amount: 10, payment_method: "TRANSFER" }); // no cash
    await moveCash(db.sql, cashier, {
      cash_session_id: first.id,
      movement_type: "PAY_IN",
      amount: 50,
      reason: "Cambio",
    });
    await moveCash(db.sql, cashier, { cash_session_id: first.id, movement_type: "PAY_OUT", amount: 30, reason: "Gas" });
    await createReturn(db.sql, users.manager, {
      sale_id: sold.id,
      items: [{ sale_item_id: sold.items[0]?.id, quantity: 1 }],
      refund_method: "CASH",
      cash_session_id: first.id,
    }); // −20 cash
    const figures = (await reportOf(db.sql, users.viewer, first.id)).report;
    expect(figures.cash).toMatchObject({
      opening_float: 100,
      sales: 80,
      collections: 40,
      pay_ins: 50,
      pay_outs: 30,
      refunds: 20,
      expected: 220,
    });
    expect(figures.collections).toEqual({
      payments_count: 2,
      total: 50,
      by_payment_method: [
        { payment_method: "CASH", payments_count: 1, total: 40 },
        { payment_method: "TRANSFER", payments_count: 1, total: 10 },
      ],
    });
    expect(figures.returns).toEqual({
      count: 1,
      refunded: 20,
      by_refund_method: [{ refund_method: "CASH", returns_count: 1, total: 20 }],
    });
    const z = await closeSession(db.sql, cashier, first.id, 220);
    expect(z.difference).toBe(0);

    // Next day: a sale of the closed session is cancelled; its cash leaves the drawer of the
    // canceller's open session, and the closed session's Z report stays as it was.
    const second = await openSession(db.sql, cashier, register.id, 100);
    await createSale(db.sql, cashier, { items: [{ product_id: product.id, quantity: 2 }] }); // +40 in second
    const managerSession = await openSession(db.sql, users.manager, (await createRegister(db.sql)).id, 50);
    const cancelled = await cancelSale(db.sql, users.manager, kept.id, "Cobro duplicado");
    expect(cancelled).toMatchObject({ cash_session_id: first.id, cancelled_cash_session_id: managerSession.id });
    const managers = (await reportOf(db.sql, users.viewer, managerSession.id)).report;
    expect(managers.cancellations).toEqual({
      count: 1,
      total: 20,
      by_payment_method: [{ payment_method: "CASH", sales_count: 1, total: 20 }],
    });
    expect(managers.cash).toMatchObject({ refunds: 20, expected: 30 });
    expect((await reportOf(db.sql, users.viewer, second.id)).report.cash).toMatchObject({ sales: 40, expected: 140 });
    expect((await reportOf(db.sql, users.viewer, first.id)).report).toEqual(z.report);
    // A sale with a return cannot be cancelled.
    expect(await refused(db.sql, () => cancelSale(db.sql, users.manager, sold.id, "Anular"))).toMatchObject({
      message: "SALE_HAS_RETURNS",
      status: 409,
    });
  });

  it("checks the count by coin and note: it must add up (DENOMINATIONS_MISMATCH), and only Bolivian money", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id, 10);
    const cases: [unknown, string][] = [
      [{ "10": 1, "0.50": 1 }, "DENOMINATIONS_MISMATCH"],
      [{ "10": 1, "3": 0 }, "VALIDATION_ERROR"],
      [{ "10": -1 }, "VALIDATION_ERROR"],
      [{ "10": 1.5 }, "VALIDATION_ERROR"],
      [{ "10": "1" }, "VALIDATION_ERROR"],
      [{ "10": 1, "10.00": 0 }, "VALIDATION_ERROR"],
      [[10], "VALIDATION_ERROR"],
    ];
    for (const [denominations, message] of cases) {
      const failure = await refused(db.sql, () => closeSession(db.sql, cashier, session.id, 10, denominations));
      expect(failure.message, JSON.stringify(denominations)).toBe(message);
    }
    for (const counted of [-1, 10.001, "NaN"]) {
      expect((await refused(db.sql, () => closeSession(db.sql, cashier, session.id, counted))).message).toBe(
        "INVALID_PRICE",
      );
    }
    const closed = await closeSession(db.sql, cashier, session.id, 10, { "5": 1, "2": 2, "0.5": 2 });
    expect(closed.counted_denominations).toEqual({ "5": 1, "2": 2, "0.50": 2 });
  });

  it("is the cashier's own or a manager's; a second close is SESSION_CLOSED; a closed session never changes", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id, 0);
    const colleague = await createUser(db.sql, "staff");
    expect(await refused(db.sql, () => closeSession(db.sql, colleague, session.id, 0))).toMatchObject({
      message: "FORBIDDEN",
    });
    const closed = await closeSession(db.sql, users.manager, session.id, 0);
    expect(closed.closed_by).toBe(users.manager.id);
    expect(await refused(db.sql, () => closeSession(db.sql, cashier, session.id, 0))).toMatchObject({
      message: "SESSION_CLOSED",
      status: 409,
    });
    for (const statement of [
      db.sql`update public.cash_sessions set counted_cash = 1, difference = 1 where id = ${session.id}`,
      db.sql`update public.cash_sessions set status = 'OPEN', closed_at = null where id = ${session.id}`,
      db.sql`delete from public.cash_sessions where id = ${session.id}`,
    ]) {
      expect(await failureOf(statement)).toMatchObject({ message: "FORBIDDEN" });
    }
    expect(
      await failureOf(rpcAs(db.sql, users.manager, "cash_session_report", { cash_session_id: crypto.randomUUID() })),
    ).toMatchObject({ message: "CASH_SESSION_NOT_FOUND", status: 404 });
    expect(
      await failureOf(rpcAs(db.sql, anon, "cash_session_report", { cash_session_id: session.id }), { anonymous: true }),
    ).toMatchObject({ status: 401 });
  });

  it("keeps a session crossing midnight in La Paz whole in its Z report, while the daily summaries cut by day", async () => {
    const { cashier, register } = await till();
    const session = await openSession(db.sql, cashier, register.id, 0);
    const product = await createProduct(db.sql, { unitPrice: "10.00", stock: 50 });
    const late = await createSale(db.sql, cashier, { items: [{ product_id: product.id, quantity: 1 }] });
    const early = await createSale(db.sql, cashier, { items: [{ product_id: product.id, quantity: 2 }] });
    // 23:50 on 4 July and 00:20 on 5 July in La Paz.
    await moveSale(db.sql, late.id, "2026-07-05T03:50:00Z");
    await moveSale(db.sql, early.id, "2026-07-05T04:20:00Z");
    const z = await closeSession(db.sql, cashier, session.id, 30);
    expect(z.report.sales).toMatchObject({ count: 2, total: 30 });
    expect(z.difference).toBe(0);
    const fourth = (await rpcAs(db.sql, users.viewer, "daily_sales_summary", { day: "2026-07-04" })) as {
      total: number;
    };
    const fifth = (await rpcAs(db.sql, users.viewer, "daily_sales_summary", { day: "2026-07-05" })) as {
      total: number;
    };
    expect([fourth.total, fifth.total]).toEqual([10, 20]);
  });
});
