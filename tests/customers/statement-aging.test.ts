import { beforeAll, describe, expect, it } from "vitest";
import { anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";
import { cancelSale, createSale, type Sale } from "../sales/support.ts";
import {
  type AccountRow,
  accountOf,
  adjust,
  agingOf,
  backdate,
  type CustomerFixture,
  createCustomer,
  expectHealthyAccountsAfterEach,
  pay,
  statementOf,
} from "./support.ts";

/**
 * Statements and ageing cut days at midnight in La Paz (UTC−4 all year), not
 * in UTC. Movements are made for real by the RPCs, then moved back in time in
 * the order they were made (tests cannot change now()): see `backdate`.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyAccountsAfterEach(db);

let product: ProductFixture;
beforeAll(async () => {
  product = await createProduct(db.sql, { unitPrice: "1.00", stock: 1_000_000 });
});

/** A credit sale of `amount` bolivianos (units of a 1.00 product) to the customer, moved to `at`. */
async function chargeAt(customer: CustomerFixture, amount: number, at: string): Promise<Sale> {
  const sale = await createSale(db.sql, users.manager, {
    items: [{ product_id: product.id, quantity: amount }],
    customer_id: customer.id,
    payment_method: "CREDIT",
  });
  await backdate(db.sql, [{ seq: await lastSeq(customer), at }]);
  return sale;
}

async function payAt(customer: CustomerFixture, amount: number, at: string) {
  await pay(db.sql, users.staff, { customer_id: customer.id, amount });
  await backdate(db.sql, [{ seq: await lastSeq(customer), at }]);
}

async function lastSeq(customer: CustomerFixture): Promise<string> {
  const ledger: AccountRow[] = await accountOf(db.sql, customer.id);
  const last = ledger.at(-1);
  if (!last) throw new Error("no movement");
  return last.seq;
}

describe("customer_statement", () => {
  it("opens with the balance at midnight in La Paz and lists the month's movements with their sale numbers", async () => {
    const customer = await createCustomer(db.sql, { creditLimit: 10_000 });
    // 23:30 on 30 April in La Paz is 03:30 UTC on 1 May: April's.
    const april = await chargeAt(customer, 100, "2026-05-01T03:30:00Z");
    // 00:10 on 1 May in La Paz: May's.
    const may = await chargeAt(customer, 40, "2026-05-01T04:10:00Z");
    await payAt(customer, 60, "2026-05-15T15:00:00Z");
    // 23:30 on 31 May in La Paz is 03:30 UTC on 1 June: still May's.
    const lastOfMay = await chargeAt(customer, 7, "2026-06-01T03:30:00Z");
    // 00:00 on 1 June in La Paz: June's.
    await chargeAt(customer, 3, "2026-06-01T04:00:00Z");

    const statement = await statementOf(db.sql, users.viewer, customer.id, "2026-05-01", "2026-05-31");
    expect(statement).toMatchObject({
      from_date: "2026-05-01",
      to_date: "2026-05-31",
      timezone: "America/La_Paz",
      opening_balance: 100,
      closing_balance: 87,
    });
    expect(statement.movements.map((m) => [m.movement_type, m.amount, m.balance, m.sale_number])).toEqual([
      ["CHARGE", 40, 140, may.sale_number],
      ["PAYMENT", -60, 80, null],
      ["CHARGE", 7, 87, lastOfMay.sale_number],
    ]);
    const april30 = await statementOf(db.sql, users.viewer, customer.id, "2026-04-30", "2026-04-30");
    expect(april30).toMatchObject({ opening_balance: 0, closing_balance: 100 });
    expect(april30.movements.map((m) => m.sale_number)).toEqual([april.sale_number]);
  });

  it("covers the last 30 days to today by default, and a day with nothing keeps the balance", async () => {
    const customer = await createCustomer(db.sql, { creditLimit: 10_000 });
    await chargeAt(customer, 25, "2026-01-10T15:00:00Z");
    const quiet = await statementOf(db.sql, users.viewer, customer.id, "2026-02-01", "2026-02-28");
    expect(quiet).toMatchObject({ opening_balance: 25, closing_balance: 25, movements: [] });
    const recent = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 5 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    const byDefault = await statementOf(db.sql, users.viewer, customer.id);
    expect(byDefault.movements.map((m) => m.sale_id)).toEqual([recent.id]);
    expect(byDefault).toMatchObject({ opening_balance: 25, closing_balance: 30 });
  });

  it("refuses an unknown customer (CUSTOMER_NOT_FOUND) and a range that ends before it starts", async () => {
    expect(await failureOf(statementOf(db.sql, users.viewer, "00000000-0000-4000-8000-000000000009"))).toMatchObject({
      message: "CUSTOMER_NOT_FOUND",
      status: 404,
    });
    const customer = await createCustomer(db.sql);
    expect(await failureOf(statementOf(db.sql, users.viewer, customer.id, "2026-05-02", "2026-05-01"))).toMatchObject({
      message: "VALIDATION_ERROR",
      status: 400,
    });
    expect(await failureOf(statementOf(db.sql, users.noRole, customer.id))).toMatchObject({ message: "FORBIDDEN" });
  });
});

describe("receivables_aging", () => {
  const AS_OF = "2026-06-30";

  it("ages what is still owed by its day in La Paz, payments settling the oldest debt first", async () => {
    const customer = await createCustomer(db.sql, { name: "Ageing FIFO", creditLimit: 10_000 });
    await chargeAt(customer, 100, "2026-02-15T15:00:00Z"); // 135 days: over 90
    await chargeAt(customer, 50, "2026-04-20T15:00:00Z"); // 71 days: 61–90
    await chargeAt(customer, 30, "2026-05-20T15:00:00Z"); // 41 days: 31–60
    await chargeAt(customer, 20, "2026-06-25T15:00:00Z"); // 5 days: 0–30
    await payAt(customer, 120, "2026-06-28T15:00:00Z"); // settles the 100 and 20 of the 50
    const aging = await agingOf(db.sql, users.viewer, AS_OF);
    const row = aging.customers.find((entry) => entry.customer_id === customer.id);
    expect(row).toMatchObject({
      balance: 80,
      days_0_30: 20,
      days_31_60: 30,
      days_61_90: 30,
      over_90: 0,
      oldest_debt_date: "2026-04-20",
    });
  });

  it("cuts each debt's age and the as_of day at midnight in La Paz", async () => {
    const customer = await createCustomer(db.sql, { name: "Ageing midnight", creditLimit: 10_000 });
    // 23:30 on 30 May in La Paz (03:30 UTC on 31 May): 31 days old on 30 June, not 30.
    await chargeAt(customer, 11, "2026-05-31T03:30:00Z");
    // 00:10 on 31 May in La Paz: 30 days old.
    await chargeAt(customer, 13, "2026-05-31T04:10:00Z");
    // 23:30 on 30 June in La Paz (03:30 UTC on 1 July): in the as_of day, 0 days old.
    await chargeAt(customer, 17, "2026-07-01T03:30:00Z");
    // 00:10 on 1 July in La Paz: after the as_of day, not owed yet.
    await chargeAt(customer, 19, "2026-07-01T04:10:00Z");
    const row = (await agingOf(db.sql, users.viewer, AS_OF)).customers.find((e) => e.customer_id === customer.id);
    expect(row).toMatchObject({ balance: 41, days_0_30: 30, days_31_60: 11, days_61_90: 0, over_90: 0 });
    const nextDay = (await agingOf(db.sql, users.viewer, "2026-07-01")).customers.find(
      (e) => e.customer_id === customer.id,
    );
    // A day later the 30-day-old debt is 31 days old.
    expect(nextDay).toMatchObject({ balance: 60, days_0_30: 36, days_31_60: 24 });
  });

  it("leaves out a fully paid customer and one with money in their favour; a cancelled sale's charge ages as nothing", async () => {
    const paid = await createCustomer(db.sql, { name: "Ageing paid", creditLimit: 10_000 });
    await chargeAt(paid, 45, "2026-03-01T15:00:00Z");
    await payAt(paid, 45, "2026-03-20T15:00:00Z");
    const favour = await createCustomer(db.sql, { name: "Ageing favour", creditLimit: 10_000 });
    const sale = await chargeAt(favour, 30, "2026-03-01T15:00:00Z");
    await payAt(favour, 30, "2026-03-02T15:00:00Z");
    await cancelSale(db.sql, users.manager, sale.id, "Devolución completa");
    await backdate(db.sql, [{ seq: await lastSeq(favour), at: "2026-03-03T15:00:00Z" }]);
    const cancelled = await createCustomer(db.sql, { name: "Ageing cancelled", creditLimit: 10_000 });
    const old = await chargeAt(cancelled, 500, "2026-01-05T15:00:00Z");
    await chargeAt(cancelled, 8, "2026-06-20T15:00:00Z");
    await cancelSale(db.sql, users.manager, old.id, "Anulada");
    await backdate(db.sql, [{ seq: await lastSeq(cancelled), at: "2026-06-21T15:00:00Z" }]);

    const aging = await agingOf(db.sql, users.viewer, AS_OF);
    const ids = aging.customers.map((entry) => entry.customer_id);
    expect(ids).not.toContain(paid.id);
    expect(ids).not.toContain(favour.id);
    expect(aging.customers.find((entry) => entry.customer_id === cancelled.id)).toMatchObject({
      balance: 8,
      days_0_30: 8,
      over_90: 0,
    });
  });

  it("ages a manager's correction by its day, and a write-off settles the oldest debt like a payment", async () => {
    const customer = await createCustomer(db.sql, { name: "Ageing adjusted", creditLimit: 10_000 });
    await chargeAt(customer, 70, "2026-02-01T15:00:00Z");
    await adjust(db.sql, users.manager, {
      customer_id: customer.id,
      amount: 15,
      reason: "CORRECTION",
      notes: "Fiado del cuaderno",
    });
    await backdate(db.sql, [{ seq: await lastSeq(customer), at: "2026-05-10T15:00:00Z" }]);
    await adjust(db.sql, users.manager, {
      customer_id: customer.id,
      amount: -70,
      reason: "WRITE_OFF",
      notes: "Perdonado",
    });
    await backdate(db.sql, [{ seq: await lastSeq(customer), at: "2026-06-01T15:00:00Z" }]);
    const row = (await agingOf(db.sql, users.viewer, AS_OF)).customers.find((e) => e.customer_id === customer.id);
    expect(row).toMatchObject({ balance: 15, days_31_60: 15, over_90: 0 });
  });

  it("sums every bucket to the balance, lists the oldest debt first, and totals the lot", async () => {
    for (const [index, day] of ["2026-06-10", "2026-01-20", "2026-04-02"].entries()) {
      const customer = await createCustomer(db.sql, { name: `Ageing order ${index}`, creditLimit: 10_000 });
      await chargeAt(customer, 10 + index, `${day}T15:00:00Z`);
    }
    const aging = await agingOf(db.sql, users.viewer, AS_OF);
    expect(aging.customers.length).toBeGreaterThan(0);
    let totals = { balance: 0, days_0_30: 0, days_31_60: 0, days_61_90: 0, over_90: 0 };
    for (const row of aging.customers) {
      const buckets = Math.round((row.days_0_30 + row.days_31_60 + row.days_61_90 + row.over_90) * 100);
      expect(buckets, row.name).toBe(Math.round(row.balance * 100));
      totals = {
        balance: totals.balance + row.balance,
        days_0_30: totals.days_0_30 + row.days_0_30,
        days_31_60: totals.days_31_60 + row.days_31_60,
        days_61_90: totals.days_61_90 + row.days_61_90,
        over_90: totals.over_90 + row.over_90,
      };
    }
    const dates = aging.customers.map((row) => row.oldest_debt_date ?? "");
    expect(dates).toEqual([...dates].sort());
    expect(aging.totals.customers).toBe(aging.customers.length);
    for (const [key, value] of Object.entries(totals)) {
      expect(Math.round(aging.totals[key as keyof typeof totals] * 100), key).toBe(Math.round(value * 100));
    }
  });

  it("spreads a debt made of many small charges (more than a dozen) over its buckets", async () => {
    const customer = await createCustomer(db.sql, { name: "Ageing many", creditLimit: 10_000 });
    // 20 charges of 1.00, one every 7 days from 1 January: the oldest are over 90 days old.
    for (let week = 0; week < 20; week += 1) {
      const day = new Date(Date.UTC(2026, 0, 1 + 7 * week, 15));
      await chargeAt(customer, 1, day.toISOString());
    }
    const row = (await agingOf(db.sql, users.viewer, AS_OF)).customers.find((e) => e.customer_id === customer.id);
    // Their ages on 30 June: 180, 173, … 47, every 7 days. Over 90: 180…96 (13); 61–90: 89…61 (5); 31–60: 54, 47 (2).
    expect(row).toMatchObject({ balance: 20, over_90: 13, days_61_90: 5, days_31_60: 2, days_0_30: 0 });
  });

  it("means today in La Paz when as_of is omitted, and is for the store's roles only", async () => {
    const today = await agingOf(db.sql, users.viewer);
    expect(today.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await failureOf(agingOf(db.sql, users.noRole))).toMatchObject({ message: "FORBIDDEN" });
    expect(await failureOf(rpcAs(db.sql, anon, "receivables_aging", {}), { anonymous: true })).toMatchObject({
      code: "42501",
      status: 401,
    });
  });
});
