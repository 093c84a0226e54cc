/**
 * Listing the catalog as plain PostgREST does it: `GET /products` with
 * filters (`category_id=eq.`, `unit_price=gte.`/`lte.`, `current_stock=gt.0`,
 * `is_active=eq.true`), `order=`, `limit`/`offset`, the category embedded,
 * and `Prefer: count=exact` (the total of the filtered rows beside one page),
 * in one read-only transaction as the caller. And the indexes those filters
 * need.
 */

import type { Tx } from "@comarapa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createCategory, createProduct, useRoleUsers } from "../helpers/fixtures.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);
let groceries: { id: string; name: string };
let drinks: { id: string; name: string };

// The store shelf this file owns (its own categories, so other rows never match).
const SHELF = [
  { name: "Aceite Fino 1L", price: "18.50", stock: 10, active: true },
  { name: "Arroz Grano de Oro 1kg", price: "9.00", stock: 0, active: true },
  { name: "Azúcar Guabirá 1kg", price: "7.50", stock: 3, active: true },
  { name: "Fideo Lazzaroni 400g", price: "6.00", stock: 25, active: false },
  { name: "Harina Famosa 1kg", price: "12.00", stock: 0, active: false },
  { name: "Leche PIL 1L", price: "15.00", stock: 5, active: true },
];

beforeAll(async () => {
  groceries = await createCategory(db.sql);
  drinks = await createCategory(db.sql);
  for (const item of SHELF) {
    await createProduct(db.sql, {
      name: item.name,
      unitPrice: item.price,
      stock: item.stock,
      active: item.active,
      categoryId: groceries.id,
    });
  }
  await createProduct(db.sql, { name: "Coca-Cola 2L", unitPrice: "14.00", stock: 8, categoryId: drinks.id });
});

interface Filters {
  category?: string;
  minPrice?: string;
  maxPrice?: string;
  inStock?: boolean;
  active?: boolean;
}

interface Listed {
  name: string;
  unit_price: string;
  current_stock: number;
  is_active: boolean;
  category: { id: string; name: string; description: string | null } | null;
  total: number;
}

/**
 * `GET /products?select=name,unit_price,current_stock,is_active,category:categories(id,name,description)&…`
 * with `Prefer: count=exact`: the category as an embedded object (left join
 * lateral), the filters as a where clause, and the exact total of the
 * filtered rows beside the page (`count(*) over ()` runs before the limit).
 */
function listProducts(
  actor: Actor,
  filters: Filters,
  order: "name" | "price_desc" = "name",
  page: { limit?: number; offset?: number } = {},
): Promise<{ names: string[]; rows: Listed[]; total: number }> {
  return actAs(
    db.sql,
    actor,
    async (tx: Tx) => {
      const conditions = [
        filters.category !== undefined ? tx`p.category_id = ${filters.category}` : tx`true`,
        filters.minPrice !== undefined ? tx`p.unit_price >= ${filters.minPrice}` : tx`true`,
        filters.maxPrice !== undefined ? tx`p.unit_price <= ${filters.maxPrice}` : tx`true`,
        filters.inStock ? tx`p.current_stock > 0` : tx`true`,
        filters.active !== undefined ? tx`p.is_active = ${filters.active}` : tx`true`,
      ];
      const where = conditions.reduce((all, condition) => tx`${all} and ${condition}`);
      const orderBy = order === "name" ? tx`p.name asc, p.id` : tx`p.unit_price desc, p.name asc, p.id`;
      const rows = await tx<Listed[]>`
        select p.name, p.unit_price::text, p.current_stock, p.is_active,
               row_to_json(c.*)::jsonb as category,
               count(*) over ()::int as total
          from public.products p
          left join lateral (
            select c.id, c.name, c.description from public.categories c where c.id = p.category_id
          ) c on true
         where ${where}
         order by ${orderBy}
         limit ${page.limit ?? 100} offset ${page.offset ?? 0}
      `;
      return { names: rows.map((row) => row.name), rows: [...rows], total: rows[0]?.total ?? 0 };
    },
    { readOnly: true },
  );
}

describe("listing products through PostgREST filters", () => {
  it("filters by category (category_id=eq.…) and embeds the category object the front end reads", async () => {
    const { rows, total } = await listProducts(users.viewer, { category: groceries.id });
    expect(rows.map((row) => row.name)).toEqual(SHELF.map((item) => item.name));
    expect(total).toBe(6);
    expect(rows[0]?.category).toEqual({ id: groceries.id, name: groceries.name, description: null });
    const { names } = await listProducts(users.viewer, { category: drinks.id });
    expect(names).toEqual(["Coca-Cola 2L"]);
  });

  it("filters by an inclusive price range (unit_price=gte.7.50&unit_price=lte.15)", async () => {
    const { names } = await listProducts(users.staff, { category: groceries.id, minPrice: "7.50", maxPrice: "15" });
    expect(names).toEqual(["Arroz Grano de Oro 1kg", "Azúcar Guabirá 1kg", "Harina Famosa 1kg", "Leche PIL 1L"]);
  });

  it("filters to what is in stock (current_stock=gt.0)", async () => {
    const { rows } = await listProducts(users.staff, { category: groceries.id, inStock: true });
    expect(rows.map((row) => [row.name, row.current_stock])).toEqual([
      ["Aceite Fino 1L", 10],
      ["Azúcar Guabirá 1kg", 3],
      ["Fideo Lazzaroni 400g", 25],
      ["Leche PIL 1L", 5],
    ]);
  });

  it("filters to active products (is_active=eq.true), and to deactivated ones (is_active=eq.false)", async () => {
    const active = await listProducts(users.manager, { category: groceries.id, active: true });
    expect(active.names).toEqual(["Aceite Fino 1L", "Arroz Grano de Oro 1kg", "Azúcar Guabirá 1kg", "Leche PIL 1L"]);
    const inactive = await listProducts(users.manager, { category: groceries.id, active: false });
    expect(inactive.names).toEqual(["Fideo Lazzaroni 400g", "Harina Famosa 1kg"]);
  });

  it("combines filters and orders by price, most expensive first (order=unit_price.desc,name.asc)", async () => {
    const { rows } = await listProducts(
      users.viewer,
      { category: groceries.id, active: true, inStock: true, maxPrice: "16" },
      "price_desc",
    );
    expect(rows.map((row) => [row.name, row.unit_price])).toEqual([
      ["Leche PIL 1L", "15.00"],
      ["Azúcar Guabirá 1kg", "7.50"],
    ]);
  });

  it("pages with limit/offset while the exact count (Prefer: count=exact) is the total of all filtered rows", async () => {
    const first = await listProducts(users.viewer, { category: groceries.id }, "name", { limit: 2, offset: 0 });
    expect(first).toMatchObject({ names: ["Aceite Fino 1L", "Arroz Grano de Oro 1kg"], total: 6 });
    const last = await listProducts(users.viewer, { category: groceries.id }, "name", { limit: 2, offset: 4 });
    expect(last).toMatchObject({ names: ["Harina Famosa 1kg", "Leche PIL 1L"], total: 6 });
    const priced = await listProducts(users.viewer, { category: groceries.id, minPrice: "10" }, "price_desc", {
      limit: 1,
    });
    expect(priced).toMatchObject({ names: ["Aceite Fino 1L"], total: 3 });
  });

  it("counts the same total with PostgREST's separate count query as with count(*) over ()", async () => {
    const [row] = await actAs(
      db.sql,
      users.viewer,
      (tx) => tx<{ total: number; page: number }[]>`
        with pgrst_source as (
          select p.id, p.name from public.products p where p.category_id = ${groceries.id} and p.is_active = true
           order by p.name limit 1 offset 0
        )
        select (select count(*) from public.products p where p.category_id = ${groceries.id} and p.is_active = true)::int
                 as total,
               (select count(*) from pgrst_source)::int as page
      `,
      { readOnly: true },
    );
    expect(row).toEqual({ total: 4, page: 1 });
  });

  it("lists nothing, with an exact count of 0, to a signed-in user without a role (no error)", async () => {
    expect(await listProducts(users.noRole, { category: groceries.id })).toEqual({ names: [], rows: [], total: 0 });
  });
});

describe("indexes behind the filters", () => {
  it("exist on products for category, price, active + name, low stock (partial), name words and full-text search", async () => {
    const rows = await db.sql<{ indexname: string; indexdef: string }[]>`
      select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'products'
    `;
    const defs = Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef.replace(/^.* USING /, "USING ")]));
    expect(defs).toMatchObject({
      products_category_id_idx: "USING btree (category_id)",
      products_unit_price_idx: "USING btree (unit_price)",
      products_active_name_idx: "USING btree (is_active, name)",
      products_low_stock_idx: "USING btree (current_stock) WHERE (is_active AND (current_stock <= min_stock_level))",
      products_name_words_idx: "USING gin (name_words)",
      products_search_vector_idx: "USING gin (search_vector)",
      products_sku_key: "USING btree (sku)",
      products_barcode_key: "USING btree (barcode)",
    });
    const [category] = await db.sql<{ indexdef: string }[]>`
      select indexdef from pg_indexes where schemaname = 'public' and indexname = 'categories_name_key'
    `;
    expect(category?.indexdef).toMatch(/^CREATE UNIQUE INDEX categories_name_key .* \(lower\(btrim\(name\)\)\)$/);
  });

  it.each([
    [
      "the category filter",
      "select id from public.products where category_id = '00000000-0000-4000-8000-000000000000'",
      "products_category_id_idx",
    ],
    ["the price range", "select id from public.products where unit_price between 5 and 10", "products_unit_price_idx"],
    [
      "the active list ordered by name",
      "select id from public.products where is_active order by name limit 20",
      "products_active_name_idx",
    ],
    ["the low-stock view", "select id from public.low_stock_products", "products_low_stock_idx"],
  ])("can serve %s (the planner picks the index once sequential scans are ruled out)", async (_what, query, index) => {
    const plan = await db.sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      return tx.unsafe(`explain (costs off) ${query}`);
    });
    expect(plan.map((line) => line["QUERY PLAN"]).join("\n")).toContain(index);
  });
});
