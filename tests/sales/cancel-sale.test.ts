import { describe, expect, it } from "vitest";
import { actAs, anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { databaseNow, usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, failureOf, hintOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, stockOf, useRoleUsers } from "../helpers/fixtures.ts";
import { cancelSale, createSale, movementsOfSale, refused, type Sale } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);
const pool = usePool(db, 12);

expectHealthyLedgerAfterEach(db);

/** A completed sale of three products (stock 10, 20, 30; quantities 2, 5, 1). */
async function threeLineSale() {
  const products = [
    await createProduct(db.sql, { name: "Leche Pil 1 L", stock: 10, unitPrice: "6.00" }),
    await createProduct(db.sql, { name: "Pan de batalla (bolsa)", stock: 20, unitPrice: "5.00" }),
    await createProduct(db.sql, { name: "Café Copacabana 250 g", stock: 30, unitPrice: "25.00" }),
  ];
  // A manager rings it up: the discount and the tax rate are theirs to give.
  const sale = await createSale(db.sql, users.manager, {
    items: [
      { product_id: products[0]?.id, quantity: 2 },
      { product_id: products[1]?.id, quantity: 5, discount: 1 },
      { product_id: products[2]?.id, quantity: 1 },
    ],
    tax_rate: 13,
  });
  return { products, sale };
}

describe("cancel_sale gives back exactly what the sale took", () => {
  it("restores each line's quantity with ENTRY/SALE_CANCELLATION movements referencing the sale, and marks it CANCELLED", async () => {
    const { products, sale } = await threeLineSale();
    const [milk, bread, coffee] = products.map((product) => product.id) as [string, string, string];
    // The stock moves on after the sale: cancelling adds back, it does not reset.
    await rpcAs(db.sql, users.staff, "register_stock_entry", { product_id: bread, quantity: 7 });
    await createSale(db.sql, users.staff, { items: [{ product_id: coffee, quantity: 4 }] });
    expect([await stockOf(db.sql, milk), await stockOf(db.sql, bread), await stockOf(db.sql, coffee)]).toEqual([
      8, 22, 25,
    ]);

    const before = await databaseNow(db.sql);
    const cancelled = await cancelSale(db.sql, users.manager, sale.id, "  Error de cobro  ");
    const after = await databaseNow(db.sql);

    expect([await stockOf(db.sql, milk), await stockOf(db.sql, bread), await stockOf(db.sql, coffee)]).toEqual([
      10, 27, 26,
    ]);
    const { status, cancelled_at, cancelled_by, cancellation_reason, ...unchanged } = cancelled;
    expect({ status, cancelled_by, cancellation_reason }).toEqual({
      status: "CANCELLED",
      cancelled_by: users.manager.id,
      cancellation_reason: "Error de cobro",
    });
    const at = new Date(cancelled_at ?? 0).getTime();
    expect(at).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(at).toBeLessThanOrEqual(after.getTime() + 1);
    // Everything else about the sale is as it was sold: number, totals, items.
    const { status: _s, cancelled_at: _a, cancelled_by: _b, cancellation_reason: _r, ...original } = sale;
    expect(unchanged).toEqual(original);
    expect(await rpcAs<Sale>(db.sql, users.manager, "get_sale", { sale_id: sale.id })).toEqual(cancelled);

    const movements = await movementsOfSale(db.sql, sale.id);
    expect(movements.map(({ seq: _, ...movement }) => movement)).toEqual([
      ...[
        [milk, 2, 10, 8],
        [bread, 5, 20, 15],
        [coffee, 1, 30, 29],
      ].map(([product_id, quantity, previous_stock, new_stock]) => ({
        product_id,
        movement_type: "EXIT",
        reason: "SALE",
        quantity,
        previous_stock,
        new_stock,
        reference_id: sale.id,
        created_by: users.manager.id,
        notes: null,
      })),
      ...[
        [milk, 2, 8, 10],
        [bread, 5, 22, 27],
        [coffee, 1, 25, 26],
      ].map(([product_id, quantity, previous_stock, new_stock]) => ({
        product_id,
        movement_type: "ENTRY",
        reason: "SALE_CANCELLATION",
        quantity,
        previous_stock,
        new_stock,
        reference_id: sale.id,
        created_by: users.manager.id,
        notes: `${sale.sale_number}: Error de cobro`,
      })),
    ]);
    // For every product the cancellation's entry equals the sale's exit.
    for (const id of [milk, bread, coffee]) {
      const [row] = await db.sql<{ taken: number; given: number }[]>`
        select coalesce(sum(quantity) filter (where movement_type = 'EXIT'), 0)::int as taken,
               coalesce(sum(quantity) filter (where movement_type = 'ENTRY'), 0)::int as given
          from public.inventory_movements where reference_id = ${sale.id} and product_id = ${id}
      `;
      expect(row?.given).toBe(row?.taken);
    }
  });

  it("is refused the second time: SALE_ALREADY_CANCELLED (409), writing nothing", async () => {
    const { sale } = await threeLineSale();
    await cancelSale(db.sql, users.manager, sale.id, "duplicada");
    for (const actor of [users.manager, users.admin]) {
      const failure = await refused(db.sql, () => cancelSale(db.sql, actor, sale.id, "otra vez"));
      expect(failure).toMatchObject({ message: "SALE_ALREADY_CANCELLED", status: 409 });
      expect(hintOf(failure)).toMatchObject({ sale_id: sale.id, sale_number: sale.sale_number });
    }
    const [row] = await db.sql`select cancellation_reason, cancelled_by from public.sales where id = ${sale.id}`;
    expect(row).toEqual({ cancellation_reason: "duplicada", cancelled_by: users.manager.id });
  });

  it("gives the stock back once when 10 managers cancel the same sale at once", async () => {
    const { products, sale } = await threeLineSale();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        attempt(cancelSale(pool.sql, index % 2 === 0 ? users.manager : users.admin, sale.id, `intento ${index}`)),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    for (const outcome of outcomes) {
      if (!outcome.ok) expect(outcome.error).toMatchObject({ message: "SALE_ALREADY_CANCELLED", status: 409 });
    }
    expect(await Promise.all(products.map((product) => stockOf(db.sql, product.id)))).toEqual([10, 20, 30]);
    expect(await movementsOfSale(db.sql, sale.id)).toHaveLength(6);
  });

  it("keeps the reason as written, trimmed only of blanks at its ends", async () => {
    const { sale } = await threeLineSale();
    const cancelled = await cancelSale(db.sql, users.manager, sale.id, "\t venta duplicada: cobrar en caja v \n");
    expect(cancelled.cancellation_reason).toBe("venta duplicada: cobrar en caja v");
    const movements = await movementsOfSale(db.sql, sale.id);
    expect(movements.at(-1)?.notes).toBe(`${sale.sale_number}: venta duplicada: cobrar en caja v`);
  });

  it("SALE_NOT_FOUND (404) for an unknown sale", async () => {
    const missing = crypto.randomUUID();
    const failure = await refused(db.sql, () => cancelSale(db.sql, users.manager, missing, "no existe"));
    expect(failure).toMatchObject({ message: "SALE_NOT_FOUND", status: 404 });
    expect(hintOf(failure).sale_id).toBe(missing);
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["blank", "   \t "],
    ["only a newline", "\n"],
    ["over 500 characters", "r".repeat(501)],
  ])("VALIDATION_ERROR (400) for a reason that is %s", async (_name, reason) => {
    const { sale } = await threeLineSale();
    const failure = await refused(db.sql, () => cancelSale(db.sql, users.manager, sale.id, reason));
    expect(failure).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    expect(hintOf(failure).field).toBe("reason");
  });

  it.each(["staff", "viewer", "noRole"] as const)("FORBIDDEN (403) for %s", async (who) => {
    const { sale } = await threeLineSale();
    const failure = await refused(db.sql, () => cancelSale(db.sql, users[who], sale.id, "no puedo"));
    expect(failure).toMatchObject({ message: "FORBIDDEN", status: 403 });
  });

  it("42501 (401) for anon", async () => {
    const { sale } = await threeLineSale();
    const failure = await refused(db.sql, () => cancelSale(db.sql, anon, sale.id, "anon"), { anonymous: true });
    expect(failure).toMatchObject({ code: "42501", status: 401 });
  });

  it("lets an admin and the service role cancel (cancelled_by null for the service role)", async () => {
    const first = await threeLineSale();
    expect((await cancelSale(db.sql, users.admin, first.sale.id, "admin")).cancelled_by).toBe(users.admin.id);
    const second = await threeLineSale();
    const bySystem = await cancelSale(db.sql, serviceRole, second.sale.id, "sistema");
    expect(bySystem).toMatchObject({ status: "CANCELLED", cancelled_by: null, cancellation_reason: "sistema" });
    expect(await Promise.all(second.products.map((product) => stockOf(db.sql, product.id)))).toEqual([10, 20, 30]);
  });

  it("restores the stock of a product deactivated since the sale", async () => {
    const { products, sale } = await threeLineSale();
    const milk = products[0]?.id ?? "";
    await db.sql`update public.products set is_active = false where id = ${milk}`;
    await cancelSale(db.sql, users.manager, sale.id, "producto retirado");
    expect(await stockOf(db.sql, milk)).toBe(10);
    const [row] = await db.sql`select is_active from public.products where id = ${milk}`;
    expect(row).toEqual({ is_active: false });
  });
});

describe("sales and sale_items are history: nobody updates or deletes them directly", () => {
  /** Writes a client might try through PostgREST on a sale, as SQL. */
  const writes = (saleId: string) => [
    `update public.sales set total = total + 1 where id = '${saleId}'`,
    `update public.sales set status = 'CANCELLED', cancelled_at = now(), cancellation_reason = 'x' where id = '${saleId}'`,
    `delete from public.sales where id = '${saleId}'`,
    `update public.sale_items set quantity = quantity + 1 where sale_id = '${saleId}'`,
    `delete from public.sale_items where sale_id = '${saleId}'`,
    `insert into public.sales (sale_number, sale_year, sale_sequence, subtotal, total)
       values ('V-2026-999999', 2026, 999999, 0, 0)`,
    `insert into public.sale_items (sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, subtotal)
       select sale_id, 99, product_id, 1, 0, 0, 0, 0 from public.sale_items where sale_id = '${saleId}' limit 1`,
  ];

  it.each(["staff", "manager", "admin"] as const)(
    "no grant lets a %s write them through the API (42501)",
    async (who) => {
      const { sale } = await threeLineSale();
      for (const statement of writes(sale.id)) {
        const failure = await refused(db.sql, () => actAs(db.sql, users[who], (tx) => tx.unsafe(statement)));
        expect(failure.code, statement).toBe("42501");
      }
    },
  );

  it("no grant lets the service role write them either", async () => {
    const { sale } = await threeLineSale();
    const failure = await refused(db.sql, () =>
      actAs(db.sql, serviceRole, (tx) => tx`update public.sales set total = 0 where id = ${sale.id}`),
    );
    expect(failure.code).toBe("42501");
  });

  it("the triggers refuse even the superuser: no edit, no delete, no truncate, no un-cancel", async () => {
    const { sale } = await threeLineSale();
    const cancelled = await threeLineSale();
    await cancelSale(db.sql, users.manager, cancelled.sale.id, "anulada");
    const statements = [
      `update public.sales set total = total + 1, subtotal = subtotal + 1 where id = '${sale.id}'`,
      `update public.sales set sale_number = 'V-2000-000001' where id = '${sale.id}'`,
      `update public.sales set sale_date = sale_date - interval '1 day' where id = '${sale.id}'`,
      `update public.sales set payment_method = 'CARD' where id = '${sale.id}'`,
      `delete from public.sales where id = '${sale.id}'`,
      `update public.sale_items set unit_price = 0, subtotal = 0 where sale_id = '${sale.id}'`,
      `update public.sale_items set cost_price = cost_price + 1 where sale_id = '${sale.id}'`,
      `delete from public.sale_items where sale_id = '${sale.id}'`,
      "truncate public.sale_items cascade",
      "truncate public.sales cascade",
      `update public.sales set status = 'COMPLETED', cancelled_at = null, cancelled_by = null,
              cancellation_reason = null where id = '${cancelled.sale.id}'`,
      `update public.sales set cancellation_reason = 'otra' where id = '${cancelled.sale.id}'`,
    ];
    for (const statement of statements) {
      const failure = await refused(db.sql, () => db.sql.unsafe(statement));
      expect({ code: failure.code, message: failure.message }, statement).toEqual({
        code: "PT403",
        message: "FORBIDDEN",
      });
    }
    expect(await rpcAs(db.sql, users.manager, "get_sale", { sale_id: sale.id })).toEqual(sale);
  });

  it("refuses a cancellation that changes anything else, a column added later included", async () => {
    const { sale } = await threeLineSale();
    const cancelAnd = (change: string) =>
      `update public.sales set status = 'CANCELLED', cancelled_at = now(), cancellation_reason = 'x', ${change}
        where id = '${sale.id}'`;
    for (const statement of [
      cancelAnd("total = 0"),
      cancelAnd("notes = 'otra'"),
      cancelAnd("sale_date = sale_date - interval '1 day'"),
    ]) {
      const failure = await refused(db.sql, () => db.sql.unsafe(statement));
      expect({ code: failure.code, message: failure.message }, statement).toEqual({
        code: "PT403",
        message: "FORBIDDEN",
      });
    }
    // A column the guard has never heard of is held as firmly (rolled back: the schema stays as it is).
    const added = await failureOf(
      db.sql.begin(async (tx) => {
        await tx`alter table public.sales add column loyalty_points integer not null default 0`;
        await tx.unsafe(cancelAnd("loyalty_points = 5"));
      }),
    );
    expect({ code: added.code, message: added.message }).toEqual({ code: "PT403", message: "FORBIDDEN" });
  });

  it("get_sale: SALE_NOT_FOUND (404) for an unknown id, FORBIDDEN for no role", async () => {
    const { sale } = await threeLineSale();
    const missing = await failureOf(rpcAs(db.sql, users.viewer, "get_sale", { sale_id: crypto.randomUUID() }));
    expect(missing).toMatchObject({ message: "SALE_NOT_FOUND", status: 404 });
    const forbidden = await failureOf(rpcAs(db.sql, users.noRole, "get_sale", { sale_id: sale.id }));
    expect(forbidden).toMatchObject({ message: "FORBIDDEN", status: 403 });
  });
});

describe("cancel_sale at the stock cap", () => {
  it("refuses with STOCK_LIMIT_EXCEEDED (409) naming the product, not a raw constraint error, and writes nothing", async () => {
    const product = await createProduct(db.sql, { stock: 10, name: "Fósforos Copacabana" });
    const sale = await createSale(db.sql, users.staff, { items: [{ product_id: product.id, quantity: 5 }] });
    // The stock fills up to 2 units below the cap after the sale (written as the owner, the ledger kept whole:
    // the RPCs move at most 1,000,000 units at a time).
    await db.sql.begin(async (tx) => {
      await tx`update public.products set current_stock = 999999998 where id = ${product.id}`;
      await tx`
        insert into public.inventory_movements (product_id, movement_type, quantity, reason, previous_stock, new_stock)
        values (${product.id}, 'ENTRY', 999999993, 'OTHER', 5, 999999998)
      `;
    });
    const failure = await refused(db.sql, () => cancelSale(db.sql, users.manager, sale.id, "Devolución"));
    expect(failure).toMatchObject({ message: "STOCK_LIMIT_EXCEEDED", status: 409 });
    expect(hintOf(failure)).toEqual({ product_id: product.id, sku: product.sku });
    expect(failure.details).toContain(product.sku);
    expect(failure.details).not.toMatch(/Failing row/);
  });
});
