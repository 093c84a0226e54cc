import type { Tx } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import { actAs, anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf, hintOf } from "../helpers/errors.ts";
import { createProduct, useRoleUsers } from "../helpers/fixtures.ts";
import { inRolledBackTransaction, rpcInTransaction } from "../ledger/support.ts";
import { createSale, refused } from "../sales/support.ts";
import {
  accountOf,
  accountProblems,
  adjust,
  balanceOf,
  createCustomer,
  expectHealthyAccountsAfterEach,
  type PaymentArgs,
  pay,
} from "./support.ts";

/**
 * The account ledger: payments (idempotent, never more than is owed, never
 * "credit"), a manager's adjustments, an append-only chain that audits itself.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyAccountsAfterEach(db);

/** A customer who owes `owed` bolivianos from a credit sale. */
async function debtor(owed: string, creditLimit = 10_000) {
  const customer = await createCustomer(db.sql, { creditLimit });
  const product = await createProduct(db.sql, { unitPrice: owed, stock: 1 });
  const sale = await createSale(db.sql, users.staff, {
    items: [{ product_id: product.id, quantity: 1 }],
    customer_id: customer.id,
    payment_method: "CREDIT",
  });
  return { customer, sale };
}

describe("register_customer_payment", () => {
  it("lowers the balance by the amount, recording method, reference, notes and who took it", async () => {
    const { customer } = await debtor("150.00");
    const payment = await pay(db.sql, users.staff, {
      customer_id: customer.id,
      amount: 70.5,
      payment_method: "QR",
      reference: "  QR 556677  ",
      notes: "Abono de la semana",
    });
    expect(payment).toMatchObject({
      customer_id: customer.id,
      movement_type: "PAYMENT",
      amount: -70.5,
      previous_balance: 150,
      new_balance: 79.5,
      balance: 79.5,
      payment_method: "QR",
      reference: "QR 556677",
      notes: "Abono de la semana",
      created_by: users.staff.id,
      sale_id: null,
    });
    expect(await balanceOf(db.sql, customer.id)).toBe(7950n);
    // Cash by default; paying off the whole balance is allowed.
    const rest = await pay(db.sql, users.staff, { customer_id: customer.id, amount: 79.5 });
    expect(rest).toMatchObject({ payment_method: "CASH", balance: 0 });
  });

  it("returns the first payment for a retry with the same key, and refuses the key for another payment", async () => {
    const { customer } = await debtor("90.00");
    const args: PaymentArgs = { customer_id: customer.id, amount: 30, idempotency_key: "abono-1" };
    const first = await pay(db.sql, users.staff, args);
    const retry = await pay(db.sql, users.staff, args);
    expect(retry).toEqual(first);
    expect(await balanceOf(db.sql, customer.id)).toBe(6000n);
    const other = await refused(db.sql, () => pay(db.sql, users.staff, { ...args, amount: 31 }));
    expect(other).toMatchObject({ message: "IDEMPOTENCY_KEY_REUSED", status: 409 });
    expect(hintOf(other)).toMatchObject({ movement_id: first.id });
    // The same key from another user is another payment.
    const colleague = await pay(db.sql, users.manager, args);
    expect(colleague.id).not.toBe(first.id);
    expect(await balanceOf(db.sql, customer.id)).toBe(3000n);
    // The retry's answer still says the balance now.
    expect((await pay(db.sql, users.staff, args)).balance).toBe(30);
  });

  it("refuses a payment above what is owed (PAYMENT_EXCEEDS_BALANCE), also from a customer who owes nothing", async () => {
    const { customer } = await debtor("40.00");
    const failure = await refused(db.sql, () => pay(db.sql, users.staff, { customer_id: customer.id, amount: 40.01 }));
    expect(failure).toMatchObject({ message: "PAYMENT_EXCEEDS_BALANCE", status: 409 });
    expect(hintOf(failure)).toMatchObject({ balance: 40, amount: 40.01 });
    const clear = await createCustomer(db.sql);
    expect(await refused(db.sql, () => pay(db.sql, users.staff, { customer_id: clear.id, amount: 1 }))).toMatchObject({
      message: "PAYMENT_EXCEEDS_BALANCE",
    });
  });

  const BAD: [label: string, args: Partial<PaymentArgs>, message: string, field?: string][] = [
    ["amount 0", { amount: 0 }, "INVALID_PRICE", "amount"],
    ["a negative amount", { amount: -10 }, "INVALID_PRICE", "amount"],
    ["NaN", { amount: "NaN" }, "INVALID_PRICE", "amount"],
    ["3 decimals", { amount: 10.001 }, "INVALID_PRICE", "amount"],
    ["over 1,000,000", { amount: 1_000_000.01 }, "INVALID_PRICE", "amount"],
    ["no amount", { amount: null }, "INVALID_PRICE", "amount"],
    ["CREDIT", { payment_method: "CREDIT" }, "VALIDATION_ERROR", "payment_method"],
    ["MIXED", { payment_method: "MIXED" }, "VALIDATION_ERROR", "payment_method"],
    ["an unknown method", { payment_method: "CHEQUE" }, "VALIDATION_ERROR", "payment_method"],
    ["a 101-character reference", { reference: "r".repeat(101) }, "VALIDATION_ERROR", "reference"],
    ["an empty key", { idempotency_key: "" }, "VALIDATION_ERROR", "idempotency_key"],
    ["an unknown customer", { customer_id: "00000000-0000-4000-8000-000000000002" }, "CUSTOMER_NOT_FOUND"],
  ];

  it.each(BAD)("refuses %s (%s) and writes nothing", async (_label, args, message, field) => {
    const { customer } = await debtor("50.00");
    const failure = await refused(db.sql, () =>
      pay(db.sql, users.staff, { customer_id: customer.id, amount: 10, ...args }),
    );
    expect(failure.message).toBe(message);
    if (field) expect(hintOf(failure)).toMatchObject({ field });
  });

  it("takes payments from a deactivated customer (they still owe)", async () => {
    const { customer } = await debtor("50.00");
    await db.sql`update public.customers set is_active = false where id = ${customer.id}`;
    expect((await pay(db.sql, users.staff, { customer_id: customer.id, amount: 50 })).balance).toBe(0);
  });

  it("is for staff and above", async () => {
    const { customer } = await debtor("50.00");
    for (const actor of [users.viewer, users.noRole]) {
      expect(await refused(db.sql, () => pay(db.sql, actor, { customer_id: customer.id, amount: 1 }))).toMatchObject({
        message: "FORBIDDEN",
        status: 403,
      });
    }
    expect(
      await refused(db.sql, () => pay(db.sql, anon, { customer_id: customer.id, amount: 1 }), { anonymous: true }),
    ).toMatchObject({ code: "42501", status: 401 });
  });
});

describe("adjust_customer_balance", () => {
  it("writes off debt (a negative amount up to what is owed) and corrects either way, with notes", async () => {
    const { customer } = await debtor("80.00");
    const writeOff = await adjust(db.sql, users.manager, {
      customer_id: customer.id,
      amount: -30,
      reason: "WRITE_OFF",
      notes: "Cliente se mudó",
    });
    expect(writeOff).toMatchObject({ movement_type: "ADJUSTMENT", reason: "WRITE_OFF", amount: -30, balance: 50 });
    const up = await adjust(db.sql, users.admin, {
      customer_id: customer.id,
      amount: 12.5,
      reason: "correction",
      notes: "Fiado anotado en el cuaderno",
    });
    expect(up).toMatchObject({ reason: "CORRECTION", amount: 12.5, balance: 62.5 });
    const down = await adjust(db.sql, users.manager, {
      customer_id: customer.id,
      amount: -100,
      reason: "CORRECTION",
      notes: "Saldo a favor por error de caja",
    });
    expect(down.balance).toBe(-37.5);
  });

  const BAD: [label: string, args: Record<string, unknown>, message: string][] = [
    ["a write-off above the debt", { amount: -80.01, reason: "WRITE_OFF" }, "VALIDATION_ERROR"],
    ["a positive write-off", { amount: 10, reason: "WRITE_OFF" }, "VALIDATION_ERROR"],
    ["amount 0", { amount: 0 }, "INVALID_PRICE"],
    ["3 decimals", { amount: -1.005 }, "INVALID_PRICE"],
    ["over 1,000,000", { amount: 1_000_001 }, "INVALID_PRICE"],
    ["an unknown reason", { reason: "GIFT" }, "INVALID_REASON"],
    ["no notes", { notes: null }, "VALIDATION_ERROR"],
    ["invisible notes", { notes: "\u200b \u00a0" }, "VALIDATION_ERROR"],
    ["an unknown customer", { customer_id: "00000000-0000-4000-8000-000000000003" }, "CUSTOMER_NOT_FOUND"],
  ];

  it.each(BAD)("refuses %s (%s) and writes nothing", async (_label, args, message) => {
    const { customer } = await debtor("80.00");
    const failure = await refused(db.sql, () =>
      adjust(db.sql, users.manager, {
        customer_id: customer.id,
        amount: -10,
        reason: "CORRECTION",
        notes: "Ajuste",
        ...args,
      }),
    );
    expect(failure.message).toBe(message);
  });

  it("is for managers and admins", async () => {
    const { customer } = await debtor("80.00");
    for (const actor of [users.staff, users.viewer, users.noRole]) {
      const failure = await refused(db.sql, () =>
        adjust(db.sql, actor, { customer_id: customer.id, amount: -10, reason: "WRITE_OFF", notes: "x" }),
      );
      expect(failure).toMatchObject({ message: "FORBIDDEN", status: 403 });
    }
  });
});

describe("the account ledger", () => {
  it("chains each movement's previous balance to the one before, per customer", async () => {
    const { customer, sale } = await debtor("100.00");
    await pay(db.sql, users.staff, { customer_id: customer.id, amount: 25 });
    await adjust(db.sql, users.manager, { customer_id: customer.id, amount: 5, reason: "CORRECTION", notes: "Bolsa" });
    const ledger = await accountOf(db.sql, customer.id);
    expect(ledger.map((row) => [row.movement_type, row.previous_balance, row.amount, row.new_balance])).toEqual([
      ["CHARGE", "0.00", "100.00", "100.00"],
      ["PAYMENT", "100.00", "-25.00", "75.00"],
      ["ADJUSTMENT", "75.00", "5.00", "80.00"],
    ]);
    expect(ledger[0]?.sale_id).toBe(sale.id);
  });

  it("is append-only for everyone, the owner's API roles included (FORBIDDEN)", async () => {
    const { customer } = await debtor("10.00");
    for (const statement of [
      db.sql`update public.customer_account_movements set amount = 1 where customer_id = ${customer.id}`,
      db.sql`delete from public.customer_account_movements where customer_id = ${customer.id}`,
      db.sql`truncate public.customer_account_movements cascade`,
    ]) {
      expect(await failureOf(statement)).toMatchObject({ message: "FORBIDDEN" });
    }
    const viaApi = await failureOf(
      rpcAs(db.sql, serviceRole, "adjust_customer_balance", {
        customer_id: customer.id,
        amount: 0,
        reason: "CORRECTION",
        notes: "x",
      }),
    );
    expect(viaApi.message).toBe("INVALID_PRICE");
    expect(await accountOf(db.sql, customer.id)).toHaveLength(1);
  });

  it("hides payment keys from readers, whatever their role (42501 on the column)", async () => {
    const { customer } = await debtor("10.00");
    await pay(db.sql, users.staff, { customer_id: customer.id, amount: 5, idempotency_key: "secreto" });
    for (const column of ["idempotency_key", "request_hash"]) {
      const failure = await failureOf(
        actAs(db.sql, users.admin, (tx) => tx`select ${tx(column)} from public.customer_account_movements`),
      );
      expect(failure).toMatchObject({ code: "42501" });
    }
  });
});

/** A row of check_account_integrity() as postgres.js reads it (numeric and bigint as text). */
interface Problem {
  customer_id: string;
  balance: string;
  ledger_balance: string;
  broken_links: string;
}

/** check_account_integrity() as a manager, inside the transaction that corrupted the data. */
function problemsIn(tx: Tx): Promise<Problem[]> {
  return rpcInTransaction<Problem[]>(tx, users.manager, "check_account_integrity");
}

describe("check_account_integrity", () => {
  it("is empty when healthy, and names each kind of corruption", async () => {
    const { customer } = await debtor("60.00");
    await pay(db.sql, users.staff, { customer_id: customer.id, amount: 15 });
    await pay(db.sql, users.staff, { customer_id: customer.id, amount: 5 });
    expect(await accountProblems(db.sql)).toEqual([]);

    const balanceDrift = await inRolledBackTransaction(db.sql, async (tx) => {
      await tx`update public.customers set balance = balance + 1 where id = ${customer.id}`;
      return problemsIn(tx);
    });
    expect(balanceDrift).toEqual([
      expect.objectContaining({
        customer_id: customer.id,
        balance: "41.00",
        ledger_balance: "40.00",
        broken_links: "0",
      }),
    ]);

    const brokenChain = await inRolledBackTransaction(db.sql, async (tx) => {
      await tx`alter table public.customer_account_movements disable trigger customer_account_movements_append_only`;
      await tx`
        update public.customer_account_movements set previous_balance = previous_balance + 5, new_balance = new_balance + 5
         where customer_id = ${customer.id} and movement_type = 'PAYMENT'
      `;
      await tx`update public.customers set balance = balance + 5 where id = ${customer.id}`;
      return problemsIn(tx);
    });
    expect(brokenChain).toEqual([
      expect.objectContaining({ customer_id: customer.id, balance: "45.00", broken_links: "1" }),
    ]);

    const lostMovement = await inRolledBackTransaction(db.sql, async (tx) => {
      await tx`alter table public.customer_account_movements disable trigger customer_account_movements_append_only`;
      await tx`
        delete from public.customer_account_movements
         where customer_id = ${customer.id} and movement_type = 'PAYMENT' and amount = -15
      `;
      return problemsIn(tx);
    });
    expect(lostMovement).toEqual([
      expect.objectContaining({
        customer_id: customer.id,
        balance: "40.00",
        ledger_balance: "55.00",
        broken_links: "1",
      }),
    ]);

    // The kept open debts (what ageing reads) against the ledger's recomputation.
    const wrongDebt = await inRolledBackTransaction(db.sql, async (tx) => {
      await tx`update private.open_debts set open_amount = open_amount - 1 where customer_id = ${customer.id}`;
      return problemsIn(tx);
    });
    expect(wrongDebt).toEqual([
      expect.objectContaining({ customer_id: customer.id, open_debt: "39.00", open_debts_wrong: "1" }),
    ]);
    expect(await accountProblems(db.sql)).toEqual([]);
  });

  it("is for managers and admins", async () => {
    for (const actor of [users.staff, users.viewer]) {
      expect(await failureOf(rpcAs(db.sql, actor, "check_account_integrity"))).toMatchObject({ message: "FORBIDDEN" });
    }
    expect(await rpcAs(db.sql, users.manager, "check_account_integrity")).toEqual([]);
  });
});
