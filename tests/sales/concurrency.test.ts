import { Random } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import { rpcAs } from "../helpers/act.ts";
import { connect, createTestDatabase, dropTestDatabase, usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, CONCURRENCY_FAILURES, failuresOf, hintOf } from "../helpers/errors.ts";
import {
  createProduct,
  createUser,
  integrityProblems,
  type ProductFixture,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { asNumber, cents } from "../helpers/money.ts";
import { createSale, movementsOfSale, parseSaleNumber, type Sale } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);
const pool = usePool(db, 25);

describe("two cashiers, one last unit", () => {
  it("sells it once: one succeeds, the other gets INSUFFICIENT_STOCK (409); stock 0 and the ledger intact", async () => {
    const cashier2 = await createUser(db.sql, "staff", "cajera2");
    const product = await createProduct(db.sql, { name: "Panetón Dulcypas 900 g", stock: 1, unitPrice: "45.00" });
    const outcomes = await Promise.all(
      [users.staff, cashier2].map((cashier) =>
        attempt(createSale(pool.sql, cashier, { items: [{ product_id: product.id, quantity: 1 }] })),
      ),
    );
    const sold = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
    const failures = failuresOf(outcomes);
    expect(sold).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ message: "INSUFFICIENT_STOCK", status: 409 });
    expect(failures[0]?.details).toMatch(/^Line 1: /);
    expect(hintOf(failures[0] ?? ({} as never))).toMatchObject({ line: 1, requested: 1, available: 0 });
    expect(await stockOf(db.sql, product.id)).toBe(0);
    expect(await movementsOfSale(db.sql, sold[0]?.id ?? "")).toMatchObject([{ previous_stock: 1, new_stock: 0 }]);
    const [sales] = await db.sql`
      select count(*)::int as n from public.sale_items where product_id = ${product.id}
    `;
    expect(sales).toEqual({ n: 1 });
    expect(await integrityProblems(db.sql)).toEqual([]);
  });

  it("of 20 cashiers racing for 3 units with 1 unit each, exactly 3 succeed", async () => {
    const product = await createProduct(db.sql, { stock: 3 });
    const cashiers = [users.staff, users.manager, users.admin];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        attempt(
          createSale(pool.sql, cashiers[index % 3] ?? users.staff, {
            items: [{ product_id: product.id, quantity: 1 }],
          }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(3);
    expect(new Set(failuresOf(outcomes).map((failure) => failure.message))).toEqual(new Set(["INSUFFICIENT_STOCK"]));
    expect(await stockOf(db.sql, product.id)).toBe(0);
    expect(await integrityProblems(db.sql)).toEqual([]);
  });
});

describe("50 concurrent sales over overlapping products", () => {
  it("leave gapless numbers for the sales that succeeded, no deadlock, and the stock and ledger exact", async () => {
    // Its own database, so the sale numbers start at V-YYYY-000001.
    const own = await createTestDatabase();
    const racers = connect(own.url, 25);
    try {
      const cashiers = [
        await createUser(own.sql, "staff", "caja1"),
        await createUser(own.sql, "staff", "caja2"),
        await createUser(own.sql, "manager", "caja3"),
      ];
      const random = new Random(20261122);
      const catalog: ProductFixture[] = [];
      for (let i = 0; i < 8; i += 1) {
        catalog.push(
          await createProduct(own.sql, { unitPrice: `${random.int(1, 60)}.${random.int(10, 99)}`, costPrice: "1.00" }),
        );
      }
      // 50 sales of 2–5 distinct products each, in random line orders.
      const requests = Array.from({ length: 50 }, () => {
        const lines = random.shuffle(catalog).slice(0, random.int(2, 5));
        return lines.map((product) => ({ product_id: product.id, quantity: random.int(1, 3) }));
      });
      // Stock: products 0–2 get half of what is asked of them, so some sales
      // must fail whatever the order; the others get enough for everyone.
      const demand = new Map<string, number>();
      for (const lines of requests) {
        for (const line of lines) demand.set(line.product_id, (demand.get(line.product_id) ?? 0) + line.quantity);
      }
      const initial = new Map<string, number>();
      for (const [index, product] of catalog.entries()) {
        const asked = demand.get(product.id) ?? 0;
        const stock = index < 3 ? Math.max(3, Math.floor(asked / 2)) : asked;
        if (index < 3) expect(asked, "a scarce product is over-asked").toBeGreaterThan(stock);
        initial.set(product.id, stock);
        if (stock > 0) {
          await rpcAs(own.sql, cashiers[0] ?? users.staff, "register_stock_entry", {
            product_id: product.id,
            quantity: stock,
            reason: "INITIAL_STOCK",
          });
        }
      }

      const outcomes = await Promise.all(
        requests.map((items, index) =>
          attempt(createSale(racers, cashiers[index % cashiers.length] ?? users.staff, { items })),
        ),
      );

      // No deadlock or serialization failure; every failure is a shortage, named on a scarce product's line.
      const failures = failuresOf(outcomes);
      expect(failures.filter((failure) => CONCURRENCY_FAILURES.includes(failure.code))).toEqual([]);
      const scarce = new Set(catalog.slice(0, 3).map((product) => product.id));
      outcomes.forEach((outcome, index) => {
        if (outcome.ok) return;
        expect(outcome.error).toMatchObject({ message: "INSUFFICIENT_STOCK", status: 409 });
        const hint = hintOf(outcome.error);
        const line = requests[index]?.[(hint.line as number) - 1];
        expect(line?.product_id).toBe(hint.product_id);
        expect(scarce.has(String(hint.product_id))).toBe(true);
        expect(hint.available as number).toBeLessThan(line?.quantity ?? 0);
      });
      expect(failures.length, "some sales must fail for lack of stock").toBeGreaterThan(0);

      const sold = outcomes.flatMap((outcome, index) => (outcome.ok ? [{ sale: outcome.value, index }] : []));
      expect(sold.length).toBeGreaterThan(0);

      // Gapless, unique numbers V-YYYY-000001.. per year, in the order of the rows' sequences.
      const byYear = new Map<number, number[]>();
      for (const { sale } of sold) {
        const { year, sequence } = parseSaleNumber(sale.sale_number);
        byYear.set(year, [...(byYear.get(year) ?? []), sequence]);
      }
      for (const sequences of byYear.values()) {
        expect(sequences.sort((a, b) => a - b)).toEqual(sequences.map((_, index) => index + 1));
      }
      const numbers = await own.sql<{ sale_number: string }[]>`select sale_number from public.sales`;
      expect(numbers.map((row) => row.sale_number).sort()).toEqual(sold.map(({ sale }) => sale.sale_number).sort());
      const counters = await own.sql<{ year: number; last_value: number }[]>`
        select year, last_value from private.sale_number_counters order by year
      `;
      expect(counters).toEqual([...byYear.entries()].map(([year, list]) => ({ year, last_value: list.length })));

      // Each sale is exactly its request, with its totals right.
      for (const { sale, index } of sold) {
        const items = requests[index] ?? [];
        expect(sale.items.map((item) => [item.product_id, item.quantity])).toEqual(
          items.map((line) => [line.product_id, line.quantity]),
        );
        const subtotal = sale.items.reduce((sum, item) => sum + BigInt(item.quantity) * cents(item.unit_price), 0n);
        expect(sale.subtotal).toBe(asNumber(subtotal));
        expect(sale.total).toBe(asNumber(subtotal + cents(sale.tax)));
        const movements = await movementsOfSale(own.sql, sale.id);
        expect(movements.map((movement) => [movement.product_id, movement.quantity])).toEqual(
          items.map((line) => [line.product_id, line.quantity]),
        );
      }

      // Stock = initial − Σ sold, and the ledger audits clean.
      for (const product of catalog) {
        const taken = sold
          .flatMap(({ sale }) => sale.items)
          .filter((item) => item.product_id === product.id)
          .reduce((sum, item) => sum + item.quantity, 0);
        expect(await stockOf(own.sql, product.id), product.sku).toBe((initial.get(product.id) ?? 0) - taken);
      }
      expect(await integrityProblems(own.sql)).toEqual([]);
      const [movementCount] = await own.sql<{ n: number }[]>`
        select count(*)::int as n from public.inventory_movements where reason = 'SALE'
      `;
      expect(movementCount?.n).toBe(sold.reduce((sum, { sale }) => sum + sale.items.length, 0));
    } finally {
      await racers.end();
      await dropTestDatabase(own);
    }
  });
});

describe("sales racing with cancellations", () => {
  it("keep the stock and ledger exact when sales and cancels of the same products interleave", async () => {
    const products = await Promise.all([1, 2, 3].map(() => createProduct(db.sql, { stock: 40 })));
    const items = products.map((product, index) => ({ product_id: product.id, quantity: index + 1 }));
    const toCancel: Sale[] = [];
    for (let i = 0; i < 5; i += 1) toCancel.push(await createSale(db.sql, users.staff, { items }));
    // 5 cancellations and 5 new sales (lines reversed), all at once.
    const outcomes = await Promise.all([
      ...toCancel.map((sale) =>
        attempt(rpcAs<Sale>(pool.sql, users.manager, "cancel_sale", { sale_id: sale.id, reason: "anulada" })),
      ),
      ...Array.from({ length: 5 }, () => attempt(createSale(pool.sql, users.staff, { items: [...items].reverse() }))),
    ]);
    expect(failuresOf(outcomes)).toEqual([]);
    // 40 − 5 sold (then given back) − 5 sold = 40 − 5 × line quantity.
    for (const [index, product] of products.entries()) {
      expect(await stockOf(db.sql, product.id)).toBe(40 - 5 * (index + 1));
    }
    expect(await integrityProblems(db.sql)).toEqual([]);
  });
});
