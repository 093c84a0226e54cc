import { describe, expect, it } from "vitest";
import { rpcAs, serviceRole } from "../helpers/act.ts";
import { usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, hintOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, stockOf, useRoleUsers } from "../helpers/fixtures.ts";
import { cancelSale, createSale, movementsOfSale, refusedSale, type Sale } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);
/** One connection per concurrent call. */
const pool = usePool(db, 25);

expectHealthyLedgerAfterEach(db);

async function salesWithKey(key: string) {
  return db.sql<{ id: string; created_by: string | null }[]>`
    select id, created_by from public.sales where idempotency_key = ${key} order by sale_sequence
  `;
}

describe("create_sale with an idempotency key", () => {
  it("returns the first sale when the same user retries: same id, one sale, stock taken once", async () => {
    const product = await createProduct(db.sql, { stock: 10, unitPrice: "4.50" });
    const key = `pos-1:${crypto.randomUUID()}`;
    const request = {
      items: [{ product_id: product.id, quantity: 3 }],
      payment_method: "QR",
      notes: "mesa 4",
      idempotency_key: key,
    };
    const first = await createSale(db.sql, users.staff, request);
    const retry = await createSale(db.sql, users.staff, request);
    const again = await createSale(db.sql, users.staff, { ...request });

    expect(retry).toEqual(first);
    expect(again).toEqual(first);
    expect(await salesWithKey(key)).toEqual([{ id: first.id, created_by: users.staff.id }]);
    expect(await stockOf(db.sql, product.id)).toBe(7);
    expect(await movementsOfSale(db.sql, first.id)).toHaveLength(1);
    const [items] = await db.sql`select count(*)::int as n from public.sale_items where sale_id = ${first.id}`;
    expect(items).toEqual({ n: 1 });
  });

  it("returns the first sale even after the price changed or the stock ran out since", async () => {
    const product = await createProduct(db.sql, { stock: 2, unitPrice: "4.50" });
    const request = { items: [{ product_id: product.id, quantity: 2 }], idempotency_key: crypto.randomUUID() };
    const first = await createSale(db.sql, users.staff, request);
    await db.sql`update public.products set unit_price = 5.00 where id = ${product.id}`;
    expect(await stockOf(db.sql, product.id)).toBe(0);
    expect(await createSale(db.sql, users.staff, request)).toEqual(first);
    expect(first).toMatchObject({ subtotal: 9, total: 9 });
  });

  it("returns the sale, now cancelled, when a sale is retried after its cancellation (it never sells twice)", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    const request = { items: [{ product_id: product.id, quantity: 1 }], idempotency_key: crypto.randomUUID() };
    const first = await createSale(db.sql, users.staff, request);
    await cancelSale(db.sql, users.manager, first.id, "El cliente devolvió el producto");
    const retry = await createSale(db.sql, users.staff, request);
    expect(retry).toMatchObject({ id: first.id, status: "CANCELLED" });
    expect(await stockOf(db.sql, product.id)).toBe(5);
    expect(await salesWithKey(request.idempotency_key)).toHaveLength(1);
  });

  it("treats the same key from another user as another sale", async () => {
    const product = await createProduct(db.sql, { stock: 10 });
    const key = crypto.randomUUID();
    const request = { items: [{ product_id: product.id, quantity: 2 }], idempotency_key: key };
    const byStaff = await createSale(db.sql, users.staff, request);
    const byManager = await createSale(db.sql, users.manager, request);
    const bySystem = await createSale(db.sql, serviceRole, request);
    expect(new Set([byStaff.id, byManager.id, bySystem.id]).size).toBe(3);
    expect(await salesWithKey(key)).toEqual([
      { id: byStaff.id, created_by: users.staff.id },
      { id: byManager.id, created_by: users.manager.id },
      { id: bySystem.id, created_by: null },
    ]);
    expect(await stockOf(db.sql, product.id)).toBe(4);
    // Each of them retrying gets their own sale back.
    expect((await createSale(db.sql, users.manager, request)).id).toBe(byManager.id);
    expect((await createSale(db.sql, serviceRole, request)).id).toBe(bySystem.id);
    expect(await stockOf(db.sql, product.id)).toBe(4);
  });

  it("refuses the same key with a different request: IDEMPOTENCY_KEY_REUSED (409), writing nothing", async () => {
    const product = await createProduct(db.sql, { stock: 10 });
    const other = await createProduct(db.sql, { stock: 10 });
    const key = crypto.randomUUID();
    const request = { items: [{ product_id: product.id, quantity: 1 }], idempotency_key: key };
    const first = await createSale(db.sql, users.staff, request);
    const variants = [
      { ...request, items: [{ product_id: product.id, quantity: 2 }] },
      { ...request, items: [{ product_id: other.id, quantity: 1 }] },
      { ...request, items: [...request.items, { product_id: other.id, quantity: 1 }] },
      { ...request, payment_method: "CARD" },
      { ...request, discount: 0.5 },
      { ...request, tax_rate: 13 },
      { ...request, notes: "otra" },
      // The key is checked before the request: even an invalid one is told the key is taken.
      { ...request, items: [] },
    ];
    for (const variant of variants) {
      const failure = await refusedSale(db.sql, users.staff, variant);
      expect(failure).toMatchObject({ message: "IDEMPOTENCY_KEY_REUSED", status: 409 });
      expect(hintOf(failure).sale_id).toBe(first.id);
    }
    expect(await salesWithKey(key)).toHaveLength(1);
  });

  it("does not burn a key on a refused sale: the retry after restocking sells", async () => {
    const product = await createProduct(db.sql, { stock: 1 });
    const request = { items: [{ product_id: product.id, quantity: 3 }], idempotency_key: crypto.randomUUID() };
    const failure = await refusedSale(db.sql, users.staff, request);
    expect(failure.message).toBe("INSUFFICIENT_STOCK");
    await rpcAs(db.sql, users.staff, "register_stock_entry", { product_id: product.id, quantity: 5 });
    const sale = await createSale(db.sql, users.staff, request);
    expect(sale.items[0]?.quantity).toBe(3);
    expect(await stockOf(db.sql, product.id)).toBe(3);
  });

  it("creates exactly one sale when 20 retries with one key race, and all 20 get it", async () => {
    const product = await createProduct(db.sql, { stock: 100, unitPrice: "3.00" });
    const other = await createProduct(db.sql, { stock: 100, unitPrice: "2.00" });
    const key = crypto.randomUUID();
    const request = {
      items: [
        { product_id: product.id, quantity: 2 },
        { product_id: other.id, quantity: 1 },
      ],
      payment_method: "CARD",
      idempotency_key: key,
    };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => attempt(createSale(pool.sql, users.staff, request))),
    );

    const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
    expect(failures).toEqual([]);
    const sales = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
    expect(sales).toHaveLength(20);
    const first = sales[0] as Sale;
    for (const sale of sales) expect(sale).toEqual(first);
    expect(await salesWithKey(key)).toEqual([{ id: first.id, created_by: users.staff.id }]);
    expect(await stockOf(db.sql, product.id)).toBe(98);
    expect(await stockOf(db.sql, other.id)).toBe(99);
    expect(await movementsOfSale(db.sql, first.id)).toHaveLength(2);
  });

  it("keeps racing retries of two users apart: one sale each", async () => {
    const product = await createProduct(db.sql, { stock: 100 });
    const key = crypto.randomUUID();
    const request = { items: [{ product_id: product.id, quantity: 1 }], idempotency_key: key };
    const actors = Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? users.staff : users.manager));
    const outcomes = await Promise.all(actors.map((actor) => attempt(createSale(pool.sql, actor, request))));
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    const ids = new Map<string, Set<string>>();
    outcomes.forEach((outcome, index) => {
      if (!outcome.ok) return;
      const who = actors[index]?.id ?? "";
      ids.set(who, (ids.get(who) ?? new Set()).add(outcome.value.id));
    });
    expect([...ids.values()].map((set) => set.size)).toEqual([1, 1]);
    expect(await salesWithKey(key)).toHaveLength(2);
    expect(await stockOf(db.sql, product.id)).toBe(98);
  });
});
