/**
 * Catalog CRUD as PostgREST issues it: plain insert / update / delete
 * statements inside one transaction as a manager (or the service role),
 * refused or shaped by the schema's constraints, column grants and triggers.
 */

import type { Tx } from "@comarapa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs, rpcAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { pgError } from "../helpers/errors.ts";
import { createCategory, createProduct, createUser } from "../helpers/fixtures.ts";
import { expectAppError, expectConstraint, expectPermissionDenied, uniqueCode } from "./support.ts";

const db = useTestDatabase();
let manager: Actor & { kind: "user" };

beforeAll(async () => {
  manager = await createUser(db.sql, "manager");
});

interface ProductRow {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  unit_price: string;
  cost_price: string;
  current_stock: number;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

/**
 * `POST /products` with `Prefer: return=representation`, as the manager. The
 * cost is written but not readable through the table (managers read it with
 * product_costs), so it is read back as the owner.
 */
async function insertProduct(values: Record<string, unknown>, actor: Actor = manager): Promise<ProductRow> {
  const row = { sku: uniqueCode("P"), name: "Producto de prueba", ...values };
  const created = await actAs(db.sql, actor, async (tx) => {
    const [returned] = await tx<Omit<ProductRow, "cost_price">[]>`
      insert into public.products ${tx(row)}
      returning id, sku, barcode, name, unit_price::text, current_stock, is_active, created_at, updated_at
    `;
    if (!returned) throw new Error("no row returned");
    return returned;
  });
  const [cost] = await db.sql<{ cost_price: string }[]>`
    select cost_price::text from public.products where id = ${created.id}
  `;
  return { ...created, cost_price: cost?.cost_price ?? "" };
}

/** `POST /categories`, as the manager. */
function insertCategory(values: Record<string, unknown>, actor: Actor = manager) {
  return actAs(db.sql, actor, (tx) => tx`insert into public.categories ${tx(values)} returning *`);
}

const productCount = async (where: { sku?: string; barcode?: string }) => {
  const [row] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from public.products
     where (${where.sku ?? null}::text is null or sku = ${where.sku ?? null})
       and (${where.barcode ?? null}::text is null or barcode = ${where.barcode ?? null})
  `;
  return row?.n;
};

describe("SKU: upper-case letters, digits and '-', at most 50 characters, unique", () => {
  it("accepts upper-case letters, digits and dashes up to exactly 50 characters", async () => {
    const fifty = `${uniqueCode("L")}-`.padEnd(50, "X");
    expect(fifty).toHaveLength(50);
    await expect(insertProduct({ sku: fifty })).resolves.toMatchObject({ sku: fifty });
    await expect(insertProduct({ sku: `A1-${uniqueCode("B")}` })).resolves.toMatchObject({ current_stock: 0 });
  });

  it.each([
    ["lower-case letters", "abc-123"],
    ["a space", "ABC 123"],
    ["an underscore", "ABC_123"],
    ["an accented letter", "AZÚCAR-1"],
    ["a trailing newline", "ABC-123\n"],
    ["the empty string", ""],
    ["51 characters", "X".repeat(51)],
  ])("refuses a SKU with %s (23514 products_sku_format) and writes nothing", async (_what, sku) => {
    await expectConstraint(insertProduct({ sku }), "23514", "products_sku_format");
    expect(await productCount({ sku })).toBe(0);
  });

  it("refuses a duplicate SKU with 23505 on products_sku_key (a 409 naming the SKU), on insert and on update", async () => {
    const sku = uniqueCode("DUP");
    const first = await insertProduct({ sku });
    const error = await expectConstraint(insertProduct({ sku }), "23505", "products_sku_key");
    // On a table with row level security Postgres leaves the key out of the
    // detail (it could reveal a row the caller may not read): the constraint's
    // name is what tells the caller it is the SKU.
    expect(error.detail).toBeUndefined();
    const other = await insertProduct({});
    await expectConstraint(
      actAs(db.sql, manager, (tx) => tx`update public.products set sku = ${sku} where id = ${other.id}`),
      "23505",
      "products_sku_key",
    );
    expect(await productCount({ sku })).toBe(1);
    expect((await db.sql`select id from public.products where sku = ${sku}`)[0]?.id).toBe(first.id);
  });
});

describe("barcode: optional and unique", () => {
  it("lets any number of products have no barcode", async () => {
    await insertProduct({ barcode: null });
    await insertProduct({ barcode: null });
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from public.products where barcode is null`;
    expect(row?.n).toBeGreaterThanOrEqual(2);
  });

  it("refuses a duplicate barcode with 23505 on products_barcode_key", async () => {
    const barcode = `7770${Date.now()}`;
    await insertProduct({ barcode });
    await expectConstraint(insertProduct({ barcode }), "23505", "products_barcode_key");
    expect(await productCount({ barcode })).toBe(1);
  });

  it("refuses an empty or malformed barcode (23514 products_barcode_format) rather than storing it", async () => {
    await expectConstraint(insertProduct({ barcode: "" }), "23514", "products_barcode_format");
    await expectConstraint(insertProduct({ barcode: "777 123" }), "23514", "products_barcode_format");
  });
});

describe("categories: unique names regardless of case and surrounding spaces", () => {
  it("refuses a category whose name differs from an existing one only by case or spaces (23505 categories_name_key)", async () => {
    const name = `Bebidas ${uniqueCode("C")}`;
    await insertCategory({ name });
    await expectConstraint(insertCategory({ name: name.toLowerCase() }), "23505", "categories_name_key");
    await expectConstraint(insertCategory({ name: `  ${name.toUpperCase()} ` }), "23505", "categories_name_key");
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from public.categories where lower(btrim(name)) = lower(${name})
    `;
    expect(row?.n).toBe(1);
  });

  it("refuses renaming a category to another category's name in a different case", async () => {
    const taken = await createCategory(db.sql);
    const other = await createCategory(db.sql);
    await expectConstraint(
      actAs(
        db.sql,
        manager,
        (tx) => tx`update public.categories set name = ${taken.name.toLowerCase()} where id = ${other.id}`,
      ),
      "23505",
      "categories_name_key",
    );
    expect((await db.sql`select name from public.categories where id = ${other.id}`)[0]?.name).toBe(other.name);
  });
});

describe("money: numeric(12,2), never negative", () => {
  it.each([
    ["unit_price", "-0.01", "products_unit_price_non_negative"],
    ["cost_price", "-5", "products_cost_price_non_negative"],
  ])("refuses a negative %s (%s) with 23514 %s", async (column, value, constraint) => {
    const sku = uniqueCode("NEG");
    await expectConstraint(insertProduct({ sku, [column]: value }), "23514", constraint);
    expect(await productCount({ sku })).toBe(0);
  });

  it.each([
    ["unit_price", "products_unit_price_non_negative"],
    ["cost_price", "products_cost_price_non_negative"],
  ])("refuses NaN as a %s (23514 %s): NaN is not an amount of bolivianos", async (column, constraint) => {
    const sku = uniqueCode("NAN");
    await expectConstraint(insertProduct({ sku, [column]: "NaN" }), "23514", constraint);
    const product = await insertProduct({});
    await expectConstraint(
      actAs(
        db.sql,
        manager,
        (tx) => tx`update public.products set ${tx({ [column]: "NaN" })} where id = ${product.id}`,
      ),
      "23514",
      constraint,
    );
    expect(await productCount({ sku })).toBe(0);
  });

  it("refuses a price that does not fit numeric(12,2) or is infinite (22003 numeric field overflow)", async () => {
    expect((await pgError(insertProduct({ unit_price: "10000000000" }))).code).toBe("22003");
    expect((await pgError(insertProduct({ unit_price: "Infinity" }))).code).toBe("22003");
    await expect(insertProduct({ unit_price: "9999999999.99" })).resolves.toMatchObject({
      unit_price: "9999999999.99",
    });
  });

  it("rounds more than 2 decimals half away from zero to cents, silently (numeric(12,2)): 12.345 → 12.35, 2.675 → 2.68, 0.004 → 0.00, and -0.004 → 0.00 is accepted as zero", async () => {
    // PostgREST CRUD keeps Postgres' behaviour: the column's scale rounds the
    // value before the check runs. Callers that must refuse more than two
    // decimals (INVALID_PRICE) validate before writing, as the Edge Functions do.
    await expect(insertProduct({ unit_price: "12.345", cost_price: "2.675" })).resolves.toMatchObject({
      unit_price: "12.35",
      cost_price: "2.68",
    });
    await expect(insertProduct({ unit_price: "0.004", cost_price: "-0.004" })).resolves.toMatchObject({
      unit_price: "0.00",
      cost_price: "0.00",
    });
  });
});

describe("name and description length limits", () => {
  it("accepts a product name of 200 characters and refuses 201 (23514 products_name_length)", async () => {
    await expect(insertProduct({ name: "N".repeat(200) })).resolves.toMatchObject({ name: "N".repeat(200) });
    await expectConstraint(insertProduct({ name: "N".repeat(201) }), "23514", "products_name_length");
  });

  it("refuses a blank product name, and a short name padded with spaces beyond 200 characters", async () => {
    await expectConstraint(insertProduct({ name: "   " }), "23514", "products_name_length");
    await expectConstraint(insertProduct({ name: `Arroz${" ".repeat(300)}` }), "23514", "products_name_length");
  });

  it.each([
    ["a no-break space", "\u00a0"],
    ["a zero-width space", "\u200b"],
    ["an ideographic space and a BOM", "\u3000\ufeff"],
  ])("refuses a product or category name of nothing but %s (23514 …_name_visible)", async (_what, name) => {
    await expectConstraint(insertProduct({ name }), "23514", "products_name_visible");
    await expectConstraint(insertCategory({ name }), "23514", "categories_name_visible");
  });

  it("accepts a product description of 2000 characters and refuses 2001 (23514 products_description_length)", async () => {
    await insertProduct({ description: "d".repeat(2000) });
    await expectConstraint(insertProduct({ description: "d".repeat(2001) }), "23514", "products_description_length");
  });

  it("accepts a category name of 100 characters and refuses 101, a blank one, or a padded one (categories_name_length)", async () => {
    const hundred = `${uniqueCode("K")} `.padEnd(100, "k");
    await expect(insertCategory({ name: hundred })).resolves.toHaveLength(1);
    await expectConstraint(insertCategory({ name: `${hundred}k` }), "23514", "categories_name_length");
    await expectConstraint(insertCategory({ name: "  " }), "23514", "categories_name_length");
    await expectConstraint(
      insertCategory({ name: `${uniqueCode("K")}${" ".repeat(200)}` }),
      "23514",
      "categories_name_length",
    );
  });

  it("accepts a category description of 500 characters and refuses 501 (categories_description_length)", async () => {
    await insertCategory({ name: uniqueCode("D"), description: "d".repeat(500) });
    await expectConstraint(
      insertCategory({ name: uniqueCode("D"), description: "d".repeat(501) }),
      "23514",
      "categories_description_length",
    );
  });

  it("refuses a product in a category that does not exist (23503)", async () => {
    const error = await pgError(insertProduct({ category_id: crypto.randomUUID() }));
    expect({ code: error.code, constraint: error.constraint_name }).toEqual({
      code: "23503",
      constraint: "products_category_id_fkey",
    });
  });
});

describe("timestamps, ids and stock are the database's to write", () => {
  it("stamps updated_at on every product and category update with the transaction's time, whatever it was", async () => {
    const product = await insertProduct({});
    const category = await createCategory(db.sql);
    await db.sql`update public.products set updated_at = '2020-01-01' where id = ${product.id}`;
    await db.sql`update public.categories set updated_at = '2020-01-01' where id = ${category.id}`;
    const stamped = await actAs(db.sql, manager, async (tx) => {
      const [p] =
        await tx`update public.products set name = 'Renombrado' where id = ${product.id} returning updated_at`;
      const [c] = await tx`
        update public.categories set description = 'Nueva' where id = ${category.id} returning updated_at
      `;
      const [now] = await tx`select now() as now`;
      return { product: p?.updated_at, category: c?.updated_at, now: now?.now };
    });
    expect(stamped.product).toEqual(stamped.now);
    expect(stamped.category).toEqual(stamped.now);
    const [row] = await db.sql`select created_at, updated_at from public.products where id = ${product.id}`;
    expect(row?.updated_at).toEqual(stamped.now);
    expect(row?.created_at).toEqual(product.created_at);
  });

  const forbiddenColumns: [string, Record<string, unknown>][] = [
    ["id", { id: "00000000-0000-4000-8000-000000000001" }],
    ["current_stock", { current_stock: 50 }],
    ["created_at", { created_at: "2020-01-01T00:00:00Z" }],
    ["updated_at", { updated_at: "2020-01-01T00:00:00Z" }],
  ];

  for (const [who, actor] of [
    ["a manager", () => manager],
    ["the service role", () => serviceRole],
  ] as const) {
    it.each(forbiddenColumns)(
      `refuses ${who} inserting a product with %s (42501: the column is not granted)`,
      async (_column, values) => {
        const sku = uniqueCode("COL");
        await expectPermissionDenied(insertProduct({ sku, ...values }, actor()));
        expect(await productCount({ sku })).toBe(0);
      },
    );

    it.each(forbiddenColumns)(
      `refuses ${who} updating a product's %s (42501) and leaves the row unchanged`,
      async (_column, values) => {
        const product = await createProduct(db.sql, { stock: 3 });
        const before = await db.sql`select * from public.products where id = ${product.id}`;
        await expectPermissionDenied(
          actAs(db.sql, actor(), (tx) => tx`update public.products set ${tx(values)} where id = ${product.id}`),
        );
        expect(await db.sql`select * from public.products where id = ${product.id}`).toEqual(before);
      },
    );

    it.each([
      ["id", { id: "00000000-0000-4000-8000-000000000002" }],
      ["created_at", { created_at: "2020-01-01T00:00:00Z" }],
      ["updated_at", { updated_at: "2020-01-01T00:00:00Z" }],
    ])(`refuses ${who} writing a category's %s on insert or update (42501)`, async (_column, values) => {
      const name = uniqueCode("CAT");
      await expectPermissionDenied(insertCategory({ name, ...values }, actor()));
      const category = await createCategory(db.sql);
      await expectPermissionDenied(
        actAs(db.sql, actor(), (tx) => tx`update public.categories set ${tx(values)} where id = ${category.id}`),
      );
      expect(await db.sql`select * from public.categories where name = ${name}`).toEqual([]);
    });
  }

  it("refuses writing the generated search columns (428C9) and grants them to no API role", async () => {
    const product = await createProduct(db.sql);
    for (const actor of [manager, serviceRole]) {
      const error = await pgError(
        actAs(db.sql, actor, (tx) => tx`update public.products set search_text = 'x' where id = ${product.id}`),
      );
      expect(error.code).toBe("428C9");
    }
    const [row] = await db.sql<{ granted: boolean }[]>`
      select bool_or(has_column_privilege(r, 'public.products', c, p)) as granted
        from unnest(array['authenticated', 'service_role']) as r
        cross join unnest(array['search_text', 'search_vector']) as c
        cross join unnest(array['INSERT', 'UPDATE']) as p
    `;
    expect(row?.granted).toBe(false);
  });

  it("grants the API roles insert and update on exactly the catalog columns, and nothing else", async () => {
    const rows = await db.sql<{ line: string }[]>`
      select format('%s %s.%s %s', r.name, c.relname, a.attname, p.priv) as line
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        cross join (values ('authenticated'), ('service_role')) as r(name)
        cross join unnest(array['INSERT', 'UPDATE']) as p(priv)
       where c.oid in ('public.products'::regclass, 'public.categories'::regclass)
         and a.attnum > 0 and not a.attisdropped
         and has_column_privilege(r.name, a.attrelid, a.attnum, p.priv)
       order by 1
    `;
    const catalog = {
      categories: ["description", "name"],
      products: [
        "barcode",
        "category_id",
        "cost_price",
        "description",
        "is_active",
        "min_stock_level",
        "name",
        "sku",
        "unit_price",
      ],
    };
    const expected = ["authenticated", "service_role"].flatMap((role) =>
      Object.entries(catalog).flatMap(([table, columns]) =>
        columns.flatMap((column) => ["INSERT", "UPDATE"].map((priv) => `${role} ${table}.${column} ${priv}`)),
      ),
    );
    expect(rows.map((row) => row.line)).toEqual(expected.sort());
  });
});

describe("deleting what still has meaning is refused", () => {
  it("refuses deleting a category that still has products with PT409 CATEGORY_IN_USE, and deletes nothing", async () => {
    const category = await createCategory(db.sql);
    await createProduct(db.sql, { categoryId: category.id });
    await createProduct(db.sql, { categoryId: category.id, active: false });
    const error = await expectAppError(
      actAs(db.sql, manager, (tx) => tx`delete from public.categories where id = ${category.id}`),
      "PT409",
      "CATEGORY_IN_USE",
    );
    expect(error.detail).toContain("2 product(s)");
    expect(JSON.parse(error.hint ?? "{}")).toEqual({ category_id: category.id, products: 2 });
    expect(await db.sql`select id from public.categories where id = ${category.id}`).toHaveLength(1);
  });

  it("deletes a category once its products have moved to another one", async () => {
    const category = await createCategory(db.sql);
    const elsewhere = await createCategory(db.sql);
    const product = await createProduct(db.sql, { categoryId: category.id });
    const deleted = await actAs(db.sql, manager, async (tx) => {
      await tx`update public.products set category_id = ${elsewhere.id} where id = ${product.id}`;
      return tx`delete from public.categories where id = ${category.id} returning id`;
    });
    expect(deleted).toHaveLength(1);
  });

  it("refuses deleting a product with stock movements with PT409 PRODUCT_HAS_HISTORY, and keeps it and its ledger", async () => {
    const product = await createProduct(db.sql, { stock: 4 });
    const error = await expectAppError(
      actAs(db.sql, manager, (tx) => tx`delete from public.products where id = ${product.id}`),
      "PT409",
      "PRODUCT_HAS_HISTORY",
    );
    expect(JSON.parse(error.hint ?? "{}")).toEqual({ product_id: product.id });
    expect(await db.sql`select id from public.products where id = ${product.id}`).toHaveLength(1);
    expect(await db.sql`select id from public.inventory_movements where product_id = ${product.id}`).toHaveLength(1);
  });

  it("refuses the service role too: a product with history is never deleted through the API", async () => {
    const product = await createProduct(db.sql, { stock: 1 });
    await expectAppError(
      actAs(db.sql, serviceRole, (tx) => tx`delete from public.products where id = ${product.id}`),
      "PT409",
      "PRODUCT_HAS_HISTORY",
    );
  });

  it("deactivates a product with history instead (is_active = false), after which stock moves are refused", async () => {
    const product = await createProduct(db.sql, { stock: 2 });
    const [row] = await actAs(
      db.sql,
      manager,
      (tx: Tx) => tx`update public.products set is_active = false where id = ${product.id} returning is_active`,
    );
    expect(row?.is_active).toBe(false);
    await expectAppError(
      rpcAs(db.sql, manager, "register_stock_entry", { product_id: product.id, quantity: 1 }),
      "PT409",
      "PRODUCT_INACTIVE",
    );
    const [after] = await db.sql`select is_active, current_stock from public.products where id = ${product.id}`;
    expect(after).toEqual({ is_active: false, current_stock: 2 });
  });

  it("lets a manager delete a product that has no history", async () => {
    const product = await createProduct(db.sql);
    const deleted = await actAs(
      db.sql,
      manager,
      (tx) => tx`delete from public.products where id = ${product.id} returning id`,
    );
    expect(deleted).toEqual([{ id: product.id }]);
    expect(await db.sql`select id from public.products where id = ${product.id}`).toEqual([]);
  });
});
