import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs, rpcAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";

/**
 * What each role may read, beyond the role matrix: cost prices and margins
 * are the owner's business (managers and admins, through product_costs and
 * the sale and report RPCs), and the idempotency internals of a sale are
 * nobody's. Plain reads of the catalog stay open to every role.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
let product: ProductFixture;
let saleId: string;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 10, unitPrice: "12.00", costPrice: "7.50" });
  const sale = await rpcAs<{ id: string }>(db.sql, users.staff, "create_sale", {
    items: [{ product_id: product.id, quantity: 1 }],
    idempotency_key: "caja1-0001",
  });
  saleId = sale.id;
});

const everyRole = () =>
  [
    ["viewer", users.viewer],
    ["staff", users.staff],
    ["manager", users.manager],
    ["admin", users.admin],
  ] as [string, Actor][];

describe("no API role reads a cost or an idempotency internal through the tables", () => {
  it.each([
    ["products.cost_price", "select cost_price from public.products"],
    ["sale_items.cost_price", "select cost_price from public.sale_items"],
    ["sales.idempotency_key", "select idempotency_key from public.sales"],
    ["sales.request_hash", "select request_hash from public.sales"],
    ["products (select=*)", "select * from public.products"],
    ["sales (select=*)", "select * from public.sales"],
  ])("%s: permission denied (42501) for every role", async (_column, query) => {
    for (const [role, actor] of everyRole()) {
      const failure = await failureOf(actAs(db.sql, actor, (tx) => tx.unsafe(query), { readOnly: true }));
      expect(failure.code, role).toBe("42501");
    }
  });

  it("every role still reads the catalog and the sales by naming their columns", async () => {
    for (const [role, actor] of everyRole()) {
      const rows = await actAs(
        db.sql,
        actor,
        (tx) => tx`
          select p.sku, p.unit_price::text, p.current_stock, s.sale_number, s.total::text
            from public.products p, public.sales s where p.id = ${product.id} and s.id = ${saleId}
        `,
        { readOnly: true },
      );
      expect(rows, role).toEqual([
        { sku: product.sku, unit_price: "12.00", current_stock: 9, sale_number: expect.any(String), total: "12.00" },
      ]);
    }
  });

  it("managers can still write a cost (a column privilege on update, not on select)", async () => {
    await actAs(
      db.sql,
      users.manager,
      (tx) => tx`update public.products set cost_price = 7.80 where id = ${product.id}`,
    );
    const [row] = await db.sql`select cost_price::text from public.products where id = ${product.id}`;
    expect(row).toEqual({ cost_price: "7.80" });
    await db.sql`update public.products set cost_price = 7.50 where id = ${product.id}`;
  });
});

describe("product_costs: cost and unit margin, for managers and admins", () => {
  it.each(["manager", "admin"] as const)("a %s reads them", async (role) => {
    const rows = await rpcAs(db.sql, users[role], "product_costs", { product_ids: [product.id] });
    expect(rows).toEqual([
      {
        product_id: product.id,
        sku: product.sku,
        name: product.name,
        unit_price: "12.00",
        cost_price: "7.50",
        margin: "4.50",
      },
    ]);
  });

  it.each(["viewer", "staff", "noRole"] as const)("a %s is FORBIDDEN (403)", async (role) => {
    const failure = await failureOf(rpcAs(db.sql, users[role], "product_costs", {}));
    expect(failure).toMatchObject({ status: 403, message: "FORBIDDEN" });
  });
});

describe("the sale and report RPCs show the cost to managers only", () => {
  it("get_sale: the line's cost for a manager or admin, null for a viewer or staff", async () => {
    for (const [role, actor] of everyRole()) {
      const sale = await rpcAs<{ items: { cost_price: number | null }[] }>(db.sql, actor, "get_sale", {
        sale_id: saleId,
      });
      const expected = role === "manager" || role === "admin" ? 7.5 : null;
      expect(sale.items[0]?.cost_price, role).toBe(expected);
      expect(sale, role).not.toHaveProperty("idempotency_key");
      expect(sale, role).not.toHaveProperty("request_hash");
    }
  });

  it("the service role sees everything, as the server key must", async () => {
    const sale = await rpcAs<{ items: { cost_price: number | null }[] }>(db.sql, serviceRole, "get_sale", {
      sale_id: saleId,
    });
    expect(sale.items[0]?.cost_price).toBe(7.5);
  });
});
