import { Random, seedFromEnv } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import type { Actor } from "../helpers/act.ts";
import { usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, type Failure, failuresOf, type Outcome } from "../helpers/errors.ts";
import { createProduct, createRoleUsers, createUser, integrityProblems, useRoleUsers } from "../helpers/fixtures.ts";
import { cents } from "../helpers/money.ts";
import { cancelSale, createSale, type Sale } from "../sales/support.ts";
import { accountProblems, adjust, balanceOf, createCustomer, pay } from "./support.ts";

/**
 * Credit under concurrency: a limit that holds when many sales race for what
 * is left of it, a payment key that records one payment however many retries
 * race, and a randomized workload whose every balance the test recomputes
 * from what it was told, without reading the ledger.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
const pool = usePool(db, 20);

describe("racing for one customer's credit", () => {
  it("lets exactly the sales that fit through: 12 racing for room for 5 → 5 succeed, 7 CREDIT_LIMIT_EXCEEDED", async () => {
    const product = await createProduct(db.sql, { unitPrice: "30.00", stock: 100 });
    const customer = await createCustomer(db.sql, { creditLimit: 200 });
    // 50 owed already: 150 left, room for 5 sales of 30.
    await createSale(db.sql, users.manager, {
      items: [{ product_id: product.id, quantity: 1 }],
      customer_id: customer.id,
      payments: [
        { method: "CREDIT", amount: 20 },
        { method: "CASH", amount: 10 },
      ],
    });
    await createSale(db.sql, users.manager, {
      items: [{ product_id: product.id, quantity: 1 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    const cashiers = [users.staff, await createUser(db.sql, "staff", "cajero2"), await createUser(db.sql, "staff")];
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        attempt(
          createSale(pool.sql, cashiers[index % cashiers.length] ?? users.staff, {
            items: [{ product_id: product.id, quantity: 1 }],
            customer_id: customer.id,
            payment_method: "CREDIT",
          }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(5);
    expect(new Set(failuresOf(outcomes).map((failure) => failure.message))).toEqual(new Set(["CREDIT_LIMIT_EXCEEDED"]));
    expect(await balanceOf(db.sql, customer.id)).toBe(20_000n);
    const [{ over } = { over: -1 }] = await db.sql<{ over: number }[]>`
      select count(*)::int as over from public.customer_account_movements
       where customer_id = ${customer.id} and new_balance > 200
    `;
    expect(over).toBe(0);
    expect(await accountProblems(db.sql)).toEqual([]);
    expect(await integrityProblems(db.sql)).toEqual([]);
  });

  it("records one payment for 20 racing retries of one key, and answers each with it", async () => {
    const product = await createProduct(db.sql, { unitPrice: "100.00", stock: 10 });
    const customer = await createCustomer(db.sql, { creditLimit: 500 });
    await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 3 }],
      customer_id: customer.id,
      payment_method: "CREDIT",
    });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        attempt(
          pay(pool.sql, users.staff, {
            customer_id: customer.id,
            amount: 120,
            payment_method: "TRANSFER",
            idempotency_key: "transferencia-0042",
          }),
        ),
      ),
    );
    const answers = outcomes.map((outcome) => (outcome.ok ? outcome.value.id : `failed: ${outcome.error.message}`));
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).not.toMatch(/^failed/);
    expect(await balanceOf(db.sql, customer.id)).toBe(18_000n);
    const [{ n } = { n: 0 }] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from public.customer_account_movements
       where customer_id = ${customer.id} and movement_type = 'PAYMENT'
    `;
    expect(n).toBe(1);
  });
});

const SEED = seedFromEnv(0x0f1a_d0);
const OPERATIONS = 2_000;
const WORKERS = 16;
const CUSTOMERS = 8;

type Operation =
  | { kind: "sale"; actor: Actor; customer: number | null; credit: number; cash: number; quantity: number }
  | { kind: "payment"; actor: Actor & { id: string }; customer: number; amount: number; key: string | null }
  | { kind: "cancel"; actor: Actor; saleIndex: number }
  | { kind: "adjust"; actor: Actor; customer: number; amount: number; reason: "WRITE_OFF" | "CORRECTION" };

/**
 * Failures each kind of operation may meet, depending on what ran before it;
 * anything else fails the test. (A write-off above what is owed at that
 * moment is VALIDATION_ERROR.)
 */
const EXPECTED_FAILURES: Record<Operation["kind"], string[]> = {
  sale: ["CREDIT_LIMIT_EXCEEDED"],
  payment: ["PAYMENT_EXCEEDS_BALANCE"],
  cancel: ["SALE_ALREADY_CANCELLED"],
  adjust: ["VALIDATION_ERROR"],
};

describe(`a randomized workload (seed ${SEED}, ${OPERATIONS} operations, ${WORKERS} connections, ${CUSTOMERS} customers)`, () => {
  it("keeps every balance equal to its ledger and to what the test recomputes from the answers it got", async () => {
    const random = new Random(SEED);
    const context = `seed ${SEED} (replay with COMARAPA_SEED=${SEED})`;
    const actors = await createRoleUsers(db.sql);
    const cashiers = [actors.staff, actors.manager, actors.admin];
    const product = await createProduct(db.sql, { unitPrice: "1.00", stock: 1_000_000 });
    const customers: { id: string; limit: bigint }[] = [];
    for (let i = 0; i < CUSTOMERS; i += 1) {
      const limit = random.int(20, 120);
      customers.push({ id: (await createCustomer(db.sql, { creditLimit: limit })).id, limit: BigInt(limit) * 100n });
    }

    // Sales made so far, for cancellations to pick from (a cancellation may race another of the same sale).
    const sales: Promise<Outcome<Sale>>[] = [];
    const operations: Operation[] = Array.from({ length: OPERATIONS }, () => {
      const roll = random.next();
      if (roll < 0.55) {
        const quantity = random.int(1, 40);
        const onCredit = random.chance(0.75);
        const credit = onCredit ? random.int(1, quantity) : 0;
        return {
          kind: "sale",
          actor: random.pick(cashiers),
          customer: onCredit || random.chance(0.3) ? random.int(0, CUSTOMERS - 1) : null,
          credit,
          cash: quantity - credit,
          quantity,
        };
      }
      if (roll < 0.8) {
        const customer = random.int(0, CUSTOMERS - 1);
        // Half carry a key drawn from a few per customer, so retries (and racing retries) happen;
        // a key always names the same payment, as a real retry does.
        const keyed = random.int(1, 12);
        return random.chance(0.5)
          ? {
              kind: "payment",
              actor: random.pick(cashiers),
              customer,
              amount: keyed * 1.25,
              key: `pago-${customer}-${keyed}`,
            }
          : {
              kind: "payment",
              actor: random.pick(cashiers),
              customer,
              amount: random.int(100, 6099) / 100, // n / 100 prints with at most 2 decimals
              key: null,
            };
      }
      if (roll < 0.92) return { kind: "cancel", actor: actors.manager, saleIndex: random.int(0, 1_000_000) };
      return {
        kind: "adjust",
        actor: actors.admin,
        customer: random.int(0, CUSTOMERS - 1),
        ...(random.chance(0.5)
          ? { amount: -random.int(1, 40), reason: "WRITE_OFF" as const }
          : { amount: random.chance(0.5) ? random.int(1, 20) : -random.int(1, 20), reason: "CORRECTION" as const }),
      };
    });

    // What each call was told, in the order the answers came.
    const told: { operation: Operation; outcome: Outcome<unknown>; args: Record<string, unknown> }[] = [];
    let next = 0;
    const worker = async () => {
      while (next < operations.length) {
        const operation = operations[next] as Operation;
        next += 1;
        if (operation.kind === "sale") {
          const customerId = operation.customer === null ? null : customers[operation.customer]?.id;
          const payments = [
            ...(operation.credit > 0 ? [{ method: "CREDIT", amount: operation.credit }] : []),
            ...(operation.cash > 0 ? [{ method: "CASH", amount: operation.cash, tendered: operation.cash + 5 }] : []),
          ];
          const args = {
            items: [{ product_id: product.id, quantity: operation.quantity }],
            customer_id: customerId,
            payments,
          };
          const call = attempt(createSale(pool.sql, operation.actor, args));
          sales.push(call);
          told.push({ operation, outcome: await call, args });
        } else if (operation.kind === "payment") {
          const args = {
            customer_id: customers[operation.customer]?.id,
            amount: operation.amount,
            ...(operation.key ? { idempotency_key: operation.key } : {}),
          };
          told.push({ operation, outcome: await attempt(pay(pool.sql, operation.actor, args)), args });
        } else if (operation.kind === "cancel") {
          const made = sales.length === 0 ? null : await sales[operation.saleIndex % sales.length];
          if (!made?.ok) continue;
          const args = { sale_id: made.value.id };
          const outcome = await attempt(cancelSale(pool.sql, operation.actor, made.value.id, "Anulación de prueba"));
          told.push({ operation, outcome, args });
        } else {
          const args = {
            customer_id: customers[operation.customer]?.id,
            amount: operation.amount,
            reason: operation.reason,
            notes: "Ajuste de prueba",
          };
          told.push({ operation, outcome: await attempt(adjust(pool.sql, operation.actor, args)), args });
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));

    // Every failure is one the operation may meet.
    const unexpected = told.filter(
      ({ operation, outcome }) =>
        !outcome.ok && !EXPECTED_FAILURES[operation.kind].includes((outcome.error as Failure).message),
    );
    expect(
      unexpected.map(({ operation, outcome }) => `${operation.kind}: ${(outcome as { error: Failure }).error.message}`),
      context,
    ).toEqual([]);

    // The balances, recomputed from the answers alone (cents).
    const expected = new Map(customers.map((customer) => [customer.id, 0n]));
    const add = (customerId: unknown, amount: bigint) =>
      expected.set(customerId as string, (expected.get(customerId as string) ?? 0n) + amount);
    const saleCredit = new Map<string, { customer: string; credit: bigint }>();
    const paidKeys = new Map<string, string>();
    let succeeded = 0;
    for (const { operation, outcome, args } of told) {
      if (!outcome.ok) continue;
      succeeded += 1;
      if (operation.kind === "sale") {
        const sale = outcome.value as Sale;
        const credit = sale.payments.filter((part) => part.method === "CREDIT");
        const creditCents = credit.reduce((sum, part) => sum + cents(part.amount), 0n);
        expect(creditCents, context).toBe(BigInt(operation.credit) * 100n);
        if (creditCents > 0n) {
          add(args.customer_id, creditCents);
          saleCredit.set(sale.id, { customer: args.customer_id as string, credit: creditCents });
        }
      } else if (operation.kind === "payment") {
        const movement = outcome.value as { id: string; amount: number };
        if (operation.key) {
          const key = `${operation.actor.id}:${operation.key}`;
          const first = paidKeys.get(key);
          if (first !== undefined) {
            expect(movement.id, `${context}: a retry of ${key} answers its first payment`).toBe(first);
            continue;
          }
          paidKeys.set(key, movement.id);
        }
        add(args.customer_id, -cents(String(args.amount)));
      } else if (operation.kind === "cancel") {
        const charged = saleCredit.get(args.sale_id as string);
        if (charged) add(charged.customer, -charged.credit);
      } else {
        add(args.customer_id, cents(String(args.amount)));
      }
    }
    expect(succeeded, context).toBeGreaterThan(OPERATIONS / 2);
    // The workload really exercised each path, refusals included.
    const tally = (kind: Operation["kind"], ok: boolean) =>
      told.filter(({ operation, outcome }) => operation.kind === kind && outcome.ok === ok).length;
    for (const kind of ["sale", "payment", "cancel", "adjust"] as const) {
      expect(tally(kind, true), `${context}: ${kind} succeeded`).toBeGreaterThan(20);
      expect(tally(kind, false), `${context}: ${kind} refused`).toBeGreaterThan(0);
    }

    for (const customer of customers) {
      const balance = await balanceOf(db.sql, customer.id);
      expect(balance, `${context}: customer ${customer.id}`).toBe(expected.get(customer.id));
    }
    const ledger = await db.sql<{ customer_id: string; total: string; charges_over_limit: number }[]>`
      select m.customer_id, sum(m.amount)::text as total,
             count(*) filter (where m.movement_type = 'CHARGE' and m.new_balance > c.credit_limit)::int as charges_over_limit
        from public.customer_account_movements m join public.customers c on c.id = m.customer_id
       where m.customer_id = any(${customers.map((customer) => customer.id)}::uuid[])
       group by m.customer_id
    `;
    expect(ledger.length, context).toBe(CUSTOMERS);
    for (const row of ledger) {
      expect(cents(row.total), context).toBe(expected.get(row.customer_id));
      expect(row.charges_over_limit, `${context}: no charge went past the limit`).toBe(0);
    }
    expect(await accountProblems(db.sql), context).toEqual([]);
    expect(await integrityProblems(db.sql), context).toEqual([]);
  });
});
