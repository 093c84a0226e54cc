import { Random, seedFromEnv } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import type { CashSession, SaleReturn } from "../../supabase/functions/_shared/responses.ts";
import { accountProblems, createCustomer } from "../customers/support.ts";
import type { Actor } from "../helpers/act.ts";
import { usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, failuresOf, type Outcome } from "../helpers/errors.ts";
import {
  createProduct,
  createUser,
  integrityProblems,
  type ProductFixture,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { asNumber, cents } from "../helpers/money.ts";
import { cancelSale, createSale, type Sale } from "../sales/support.ts";
import { closeSession, createRegister, createReturn, moveCash, openSession } from "./support.ts";

/**
 * The till under concurrency: one open session per register, a close that
 * every racing sale either makes it into or is refused by, returns that never
 * take back more than was sold, and a randomized run whose every Z report the
 * test recomputes from the answers it got.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
const pool = usePool(db, 20);

describe("racing at the till", () => {
  it("two opens of one register: one session, the other REGISTER_BUSY; one cashier on two registers: one", async () => {
    const register = await createRegister(db.sql);
    const [a, b] = [await createUser(db.sql, "staff"), await createUser(db.sql, "staff")];
    const outcomes = await Promise.all([a, b].map((who) => attempt(openSession(pool.sql, who, register.id))));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(failuresOf(outcomes).map((f) => f.message)).toEqual(["REGISTER_BUSY"]);
    const cashier = await createUser(db.sql, "staff");
    const registers = [await createRegister(db.sql), await createRegister(db.sql)];
    const twice = await Promise.all(registers.map((r) => attempt(openSession(pool.sql, cashier, r.id))));
    expect(twice.filter((o) => o.ok)).toHaveLength(1);
    expect(failuresOf(twice).map((f) => f.message)).toEqual(["SESSION_ALREADY_OPEN"]);
  });

  it("a close racing 50 sales: every sale is in the Z report or was refused SESSION_CLOSED, to the centavo", async () => {
    const cashier = await createUser(db.sql, "staff");
    const session = await openSession(db.sql, cashier, (await createRegister(db.sql)).id, 100);
    const product = await createProduct(db.sql, { unitPrice: "7.35", stock: 10_000 });
    const sell = (i: number) =>
      attempt(
        createSale(pool.sql, cashier, {
          items: [{ product_id: product.id, quantity: 1 + (i % 3) }],
          payments: [{ method: "CASH", amount: (735 * (1 + (i % 3))) / 100, tendered: 50 }],
          cash_session_id: session.id,
        }),
      );
    const sales: Promise<Outcome<Sale>>[] = [];
    for (let i = 0; i < 25; i += 1) sales.push(sell(i));
    // The close is sent between the sales; whatever it counts, its Z report must hold exactly the sales that got in.
    const close = attempt(closeSession(pool.sql, cashier, session.id, 0));
    for (let i = 25; i < 50; i += 1) sales.push(sell(i));
    const outcomes = await Promise.all(sales);
    const closed = await close;
    if (!closed.ok) throw new Error(`close failed: ${closed.error.message}`);
    const z = closed.value as CashSession;
    const inside = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    for (const failure of failuresOf(outcomes)) expect(failure.message).toBe("SESSION_CLOSED");
    expect(inside.length + failuresOf(outcomes).length).toBe(50);
    expect(z.report.sales.count).toBe(inside.length);
    const cash = inside.reduce((sum, s) => sum + cents(String(s.total)), 0n);
    expect(cents(String(z.report.cash.sales))).toBe(cash);
    expect(cents(String(z.expected_cash))).toBe(10_000n + cash);
    const [{ after } = { after: -1 }] = await db.sql<{ after: number }[]>`
      select count(*)::int as after from public.sales where cash_session_id = ${session.id}
    `;
    expect(after).toBe(inside.length);
  });

  it("two returns of the last returnable unit: one, the other RETURN_EXCEEDS_SOLD; 20 retries of a key: one return", async () => {
    const product = await createProduct(db.sql, { unitPrice: "9.90", stock: 100 });
    const sold = await createSale(db.sql, users.manager, { items: [{ product_id: product.id, quantity: 3 }] });
    const item = sold.items[0]?.id;
    await createReturn(db.sql, users.manager, { sale_id: sold.id, items: [{ sale_item_id: item, quantity: 2 }] });
    const manager2 = await createUser(db.sql, "manager");
    const race = await Promise.all(
      [users.manager, manager2].map((who) =>
        attempt(createReturn(pool.sql, who, { sale_id: sold.id, items: [{ sale_item_id: item, quantity: 1 }] })),
      ),
    );
    expect(race.filter((o) => o.ok)).toHaveLength(1);
    expect(failuresOf(race).map((f) => f.message)).toEqual(["RETURN_EXCEEDS_SOLD"]);

    const other = await createSale(db.sql, users.manager, { items: [{ product_id: product.id, quantity: 5 }] });
    const retries = await Promise.all(
      Array.from({ length: 20 }, () =>
        attempt(
          createReturn(pool.sql, users.manager, {
            sale_id: other.id,
            items: [{ sale_item_id: other.items[0]?.id, quantity: 2 }],
            idempotency_key: "devolucion-carrera",
          }),
        ),
      ),
    );
    const ids = retries.map((o) => (o.ok ? (o.value as SaleReturn).id : `failed: ${o.error.message}`));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toMatch(/^failed/);
    const [{ n } = { n: 0 }] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from public.sale_returns where sale_id = ${other.id}
    `;
    expect(n).toBe(1);
  });
});

const SEED = seedFromEnv(0x7111_2026);
const OPERATIONS = 600;
const CASHIERS = 4;

describe(`a randomized day at the till (seed ${SEED}, ${OPERATIONS} operations, ${CASHIERS} cashiers)`, () => {
  it("closes every session with the cash the test recomputes from the answers; every ledger holds", async () => {
    const random = new Random(SEED);
    const context = `seed ${SEED} (replay with COMARAPA_SEED=${SEED})`;
    const cashiers: Actor[] = [];
    const registers: string[] = [];
    for (let i = 0; i < CASHIERS; i += 1) {
      cashiers.push(await createUser(db.sql, "staff", `cajero${i}`));
      registers.push((await createRegister(db.sql)).id);
    }
    const manager = await createUser(db.sql, "manager", "gerente");
    const products: ProductFixture[] = [];
    for (let i = 0; i < 6; i += 1) {
      products.push(await createProduct(db.sql, { unitPrice: `${3 + i}.${i}5`, stock: 100_000 }));
    }
    const customer = await createCustomer(db.sql, { creditLimit: 1_000_000 });

    // The cash each session should hold, in cents, from the answers alone.
    const expected = new Map<string, bigint>();
    const add = (session: string | null, amount: bigint) => {
      if (session) expected.set(session, (expected.get(session) ?? 0n) + amount);
    };
    const open = new Map<number, string>(); // cashier → open session
    const sold: Sale[] = [];
    const closedReports: CashSession[] = [];
    const cashOf = (sale: Sale) =>
      sale.payments.filter((p) => p.method === "CASH").reduce((sum, p) => sum + cents(String(p.amount)), 0n);

    const step = async (who: number) => {
      const cashier = cashiers[who] as Actor;
      const session = open.get(who);
      if (!session) {
        const opened = await openSession(pool.sql, cashier, registers[who] as string, 50);
        open.set(who, opened.id);
        add(opened.id, 5000n);
        return;
      }
      const roll = random.next();
      if (roll < 0.55) {
        const product = random.pick(products);
        const quantity = random.int(1, 4);
        const total = cents(product.unit_price) * BigInt(quantity);
        const kind = random.int(0, 2);
        const half = total / 2n;
        const payments =
          kind === 0
            ? [{ method: "CASH", amount: asNumber(total), tendered: asNumber(total + 500n) }]
            : kind === 1
              ? [
                  { method: "CASH", amount: asNumber(half) },
                  { method: "QR", amount: asNumber(total - half) },
                ]
              : [{ method: "CREDIT", amount: asNumber(total) }];
        const sale = await createSale(pool.sql, cashier, {
          items: [{ product_id: product.id, quantity }],
          payments,
          customer_id: kind === 2 ? customer.id : undefined,
        });
        expect(sale.cash_session_id, context).toBe(session);
        add(session, cashOf(sale));
        sold.push(sale);
      } else if (roll < 0.7 && sold.length > 0) {
        const sale = random.pick(sold);
        const outcome = await attempt(
          createReturn(pool.sql, manager, {
            sale_id: sale.id,
            items: [{ sale_item_id: sale.items[0]?.id, quantity: 1, restock: random.chance(0.7) }],
            cash_session_id: session,
          }),
        );
        if (outcome.ok) {
          const back = outcome.value;
          if (back.refund_method === "CASH") add(back.cash_session_id, -cents(String(back.refund_total)));
        } else {
          expect(["RETURN_EXCEEDS_SOLD", "SALE_CANCELLED"], context).toContain(outcome.error.message);
        }
      } else if (roll < 0.8 && sold.length > 0) {
        const sale = random.pick(sold);
        const outcome = await attempt(cancelSale(pool.sql, manager, sale.id, "Anulación", session));
        if (outcome.ok) add(outcome.value.cancelled_cash_session_id, -cashOf(outcome.value));
        else expect(["SALE_ALREADY_CANCELLED", "SALE_HAS_RETURNS"], context).toContain(outcome.error.message);
      } else if (roll < 0.9) {
        const amount = BigInt(random.int(100, 3000));
        const type = random.chance(0.5) ? "PAY_IN" : "PAY_OUT";
        await moveCash(pool.sql, cashier, {
          cash_session_id: session,
          movement_type: type,
          amount: asNumber(amount),
          reason: "Caja",
        });
        add(session, type === "PAY_IN" ? amount : -amount);
      } else {
        const counted = expected.get(session) ?? 0n;
        const z = await closeSession(pool.sql, cashier, session, asNumber(counted < 0n ? 0n : counted));
        closedReports.push(z);
        open.delete(who);
      }
    };

    // The cashiers work side by side; each one's steps are in order.
    const perCashier = Array.from({ length: CASHIERS }, (_, who) => who);
    let done = 0;
    await Promise.all(
      perCashier.map(async (who) => {
        while (done < OPERATIONS) {
          done += 1;
          await step(who);
        }
      }),
    );
    for (const [who, session] of open) {
      const counted = expected.get(session) ?? 0n;
      closedReports.push(
        await closeSession(pool.sql, cashiers[who] as Actor, session, asNumber(counted < 0n ? 0n : counted)),
      );
    }

    expect(closedReports.length, context).toBeGreaterThan(CASHIERS);
    for (const z of closedReports) {
      expect(cents(String(z.expected_cash)), `${context}: ${z.session_number}`).toBe(expected.get(z.id));
    }
    // The sum of every Z report's cash sales is the cash of every sale rung in a session.
    const [{ cash } = { cash: "0" }] = await db.sql<{ cash: string }[]>`
      select coalesce(sum(sp.amount), 0)::text as cash
        from public.sale_payments sp join public.sales s on s.id = sp.sale_id
       where sp.method = 'CASH' and s.cash_session_id = any(${closedReports.map((z) => z.id)}::uuid[])
    `;
    const zCash = closedReports.reduce((sum, z) => sum + cents(String(z.report.cash.sales)), 0n);
    expect(zCash, context).toBe(cents(cash));
    expect(await integrityProblems(db.sql), context).toEqual([]);
    expect(await accountProblems(db.sql), context).toEqual([]);
  });
});
