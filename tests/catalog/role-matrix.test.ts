/**
 * The role matrix (role-matrix.ts, docs/architecture.md) for the settings,
 * the roles and the catalog, cell by cell; and the checks of the matrix
 * itself: it names every table and view of `public`, a write nobody may make
 * is not granted at all, and exactly the expected columns are hidden.
 */

import type { Tx } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import type { Actor } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createCategory, createProduct, createUser } from "../helpers/fixtures.ts";
import {
  CATALOG_TABLES,
  describeRoleMatrix,
  ids,
  neverApplied,
  ROWS,
  TABLES,
  type TableCells,
  tableCells,
  type WriteCell,
  writeCell,
} from "./role-matrix.ts";
import { restoreStoreSettings, type StoreSettingsRow, storeSettings, uniqueCode } from "./support.ts";

const db = useTestDatabase();
const { rowsOf } = tableCells(db);

/** The fixtures the read cells make and read back. A product with stock has one (opening) movement. */
const aCategory = () => createCategory(db.sql);
const aProduct = () => createProduct(db.sql);
const openingStock = () => createProduct(db.sql, { stock: 3 });

function selfId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.id : null;
}

/** Neither grant nor policy lets anyone write here: every attempt is refused before it touches a row. */
function neverWritable(attempt: (tx: Tx, productId: string) => Promise<readonly unknown[]>): WriteCell<unknown> {
  return writeCell({
    setup: async () => (await createProduct(db.sql, { stock: 2, minStock: 5 })).id,
    attempt,
    state: (productId) => db.sql`
      select m.*, p.current_stock, p.name from public.inventory_movements m
        join public.products p on p.id = m.product_id
       where m.product_id = ${productId} order by m.seq
    `,
    applied: neverApplied,
  });
}

const userRoleOf = (userId: string) =>
  db.sql`select user_id, role, granted_by, updated_at from public.user_roles where user_id = ${userId}`;
const categoryRow = (id: string) => db.sql`select * from public.categories where id = ${id}`;
const productRow = (id: string) => db.sql`select * from public.products where id = ${id}`;

const cells: Record<(typeof CATALOG_TABLES)[number], TableCells> = {
  store_settings: {
    select: {
      async setup() {
        return {
          all: ["true"],
          own: [],
          read: async (tx) => (await tx<{ id: string }[]>`select id::text from public.store_settings`).map((r) => r.id),
        };
      },
    },
    insert: writeCell({
      setup: async () => "",
      attempt: (tx) => tx`insert into public.store_settings (store_name) values ('Otra tienda') returning id`,
      state: () => storeSettings(db.sql),
      applied: neverApplied,
    }),
    update: writeCell({
      setup: async () => `Comercial ${uniqueCode("T")}`,
      attempt: (tx, name) => tx`update public.store_settings set store_name = ${name} returning store_name`,
      state: () => storeSettings(db.sql),
      applied(_before, after, name) {
        expect(after).toMatchObject([{ store_name: name }]);
      },
      restore: (before) => restoreStoreSettings(db.sql, before as StoreSettingsRow[]),
    }),
    delete: writeCell({
      setup: async () => "",
      attempt: (tx) => tx`delete from public.store_settings returning id`,
      state: () => storeSettings(db.sql),
      applied: neverApplied,
    }),
  },
  user_roles: {
    select: {
      async setup(actor) {
        const other = await createUser(db.sql, "viewer", "other");
        const self = selfId(actor);
        const [mine] = await db.sql<{ n: number }[]>`
          select count(*)::int as n from public.user_roles where user_id = ${self}
        `;
        const own = self && mine?.n ? [self] : [];
        return {
          all: [...own, other.id].sort(),
          own,
          read: async (tx) =>
            (
              await tx<{ user_id: string }[]>`
                select user_id from public.user_roles where user_id in (${self ?? other.id}, ${other.id}) order by user_id
              `
            ).map((row) => row.user_id),
        };
      },
    },
    insert: writeCell({
      setup: async () => (await createUser(db.sql, null, "target")).id,
      attempt: (tx, userId) =>
        tx`insert into public.user_roles (user_id, role) values (${userId}, 'viewer') returning user_id`,
      state: userRoleOf,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ role: "viewer" }]);
      },
    }),
    update: writeCell({
      setup: async () => (await createUser(db.sql, "viewer", "target")).id,
      attempt: (tx, userId) =>
        tx`update public.user_roles set role = 'staff' where user_id = ${userId} returning user_id`,
      state: userRoleOf,
      applied(_before, after) {
        expect(after).toMatchObject([{ role: "staff" }]);
      },
    }),
    delete: writeCell({
      setup: async () => (await createUser(db.sql, "viewer", "target")).id,
      attempt: (tx, userId) => tx`delete from public.user_roles where user_id = ${userId} returning user_id`,
      state: userRoleOf,
      applied(_before, after) {
        expect(after).toEqual([]);
      },
    }),
  },
  categories: {
    select: rowsOf("categories", aCategory, "id", (c) => c.id),
    insert: writeCell({
      setup: async () => `Categoría ${uniqueCode("M")}`,
      attempt: (tx, name) => tx`insert into public.categories (name) values (${name}) returning id`,
      state: (name) => db.sql`select * from public.categories where name = ${name}`,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toHaveLength(1);
      },
    }),
    update: writeCell({
      setup: async () => (await createCategory(db.sql)).id,
      attempt: (tx, id) => tx`update public.categories set description = 'Cambiada' where id = ${id} returning id`,
      state: categoryRow,
      applied(_before, after) {
        expect(after).toMatchObject([{ description: "Cambiada" }]);
      },
    }),
    delete: writeCell({
      setup: async () => (await createCategory(db.sql)).id,
      attempt: (tx, id) => tx`delete from public.categories where id = ${id} returning id`,
      state: categoryRow,
      applied(_before, after) {
        expect(after).toEqual([]);
      },
    }),
    cases: {
      "delete/referenced": writeCell({
        async setup() {
          const category = await createCategory(db.sql);
          await createProduct(db.sql, { categoryId: category.id });
          return category.id;
        },
        attempt: (tx, id) => tx`delete from public.categories where id = ${id} returning id`,
        state: categoryRow,
        applied: neverApplied,
        inUse: "CATEGORY_IN_USE",
      }),
    },
  },
  products: {
    select: rowsOf("products", aProduct, "id", (p) => p.id),
    insert: writeCell({
      setup: async () => uniqueCode("M"),
      attempt: (tx, sku) =>
        tx`insert into public.products (sku, name, unit_price) values (${sku}, 'Producto nuevo', 5) returning id`,
      state: (sku) => db.sql`select * from public.products where sku = ${sku}`,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ name: "Producto nuevo", current_stock: 0 }]);
      },
    }),
    update: writeCell({
      setup: async () => (await createProduct(db.sql)).id,
      attempt: (tx, id) => tx`update public.products set unit_price = 99.5 where id = ${id} returning id`,
      state: productRow,
      applied(_before, after) {
        expect(after).toMatchObject([{ unit_price: "99.50" }]);
      },
    }),
    delete: writeCell({
      setup: async () => (await createProduct(db.sql)).id,
      attempt: (tx, id) => tx`delete from public.products where id = ${id} returning id`,
      state: productRow,
      applied(_before, after) {
        expect(after).toEqual([]);
      },
    }),
    cases: {
      "select/*": rowsOf("products", aProduct, "id", (p) => p.id, "*"),
      "delete/referenced": writeCell({
        setup: async () => (await createProduct(db.sql, { stock: 3 })).id,
        attempt: (tx, id) => tx`delete from public.products where id = ${id} returning id`,
        state: (id) => db.sql`
          select p.*, (select count(*)::int from public.inventory_movements m where m.product_id = p.id) as movements
            from public.products p where p.id = ${id}
        `,
        applied: neverApplied,
        inUse: "PRODUCT_HAS_HISTORY",
      }),
    },
  },
  inventory_movements: {
    select: rowsOf("inventory_movements", openingStock, "product_id", (p) => p.id),
    insert: neverWritable(
      (tx, productId) => tx`
        insert into public.inventory_movements (product_id, movement_type, quantity, reason, previous_stock, new_stock)
        values (${productId}, 'ENTRY', 1, 'PURCHASE', 2, 3) returning id
      `,
    ),
    update: neverWritable(
      (tx, productId) =>
        tx`update public.inventory_movements set notes = 'cambiada' where product_id = ${productId} returning id`,
    ),
    delete: neverWritable(
      (tx, productId) => tx`delete from public.inventory_movements where product_id = ${productId} returning id`,
    ),
    cases: { "select/*": rowsOf("inventory_movements", openingStock, "product_id", (p) => p.id, "*") },
  },
  low_stock_products: {
    select: {
      async setup() {
        const product = await createProduct(db.sql, { stock: 1, minStock: 5 });
        return {
          all: [product.id],
          own: [],
          read: async (tx) => ids(await tx`select id from public.low_stock_products where id = ${product.id}`),
        };
      },
    },
    insert: neverWritable(
      (tx) => tx`insert into public.low_stock_products (sku, name) values (${uniqueCode("V")}, 'Vista') returning id`,
    ),
    update: neverWritable(
      (tx, productId) =>
        tx`update public.low_stock_products set name = 'Cambiado' where id = ${productId} returning id`,
    ),
    delete: neverWritable(
      (tx, productId) => tx`delete from public.low_stock_products where id = ${productId} returning id`,
    ),
  },
};

/**
 * The columns of each table the signed-in roles may not read (the service role
 * reads every column): costs and buying money are the owner's business
 * (managers read them through product_costs and the RPCs), idempotency
 * internals and the numbering counters nobody's, and the search columns are
 * the search's own.
 */
const HIDDEN_COLUMNS: Record<string, string[]> = {
  products: ["cost_price", "name_words", "search_text", "search_vector"],
  inventory_movements: ["unit_cost"],
  sale_items: ["cost_price"],
  sales: ["idempotency_key", "request_hash", "sale_sequence", "sale_year"],
  sale_returns: ["idempotency_key", "request_hash"],
  customer_account_movements: ["idempotency_key", "request_hash"],
  cash_movements: ["idempotency_key", "request_hash"],
  supplier_products: ["last_unit_cost"],
  purchase_orders: ["po_sequence", "subtotal", "tax_amount", "total"],
  purchase_order_items: ["amount", "unit_cost"],
  goods_receipts: ["idempotency_key", "receipt_sequence", "receipt_year", "request_hash"],
  goods_receipt_items: ["amount", "cost_after", "cost_before", "ordered_unit_cost", "unit_cost"],
};

const API_ROLES = ["anon", "authenticated", "service_role"];

describe("the role matrix itself", () => {
  it("lists every table and view of the public schema, which PostgREST exposes (a new one must get its rows)", async () => {
    const rows = await db.sql<{ name: string }[]>`
      select c.relname as name from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
       order by 1
    `;
    expect(rows.map((row) => row.name)).toEqual([...TABLES].sort());
  });

  it("where every actor is refused a write by privileges, no API role holds that privilege, on any column", async () => {
    const refusedToAll = ROWS.filter(
      (row) => row.base !== "select" && Object.values(row.outcomes).every((o) => o === "denied" || o === "view"),
    );
    expect(refusedToAll.length).toBeGreaterThan(0);
    const granted: string[] = [];
    for (const row of refusedToAll) {
      const privileges = row.base === "delete" ? ["DELETE", "TRUNCATE"] : [row.base.toUpperCase()];
      for (const role of API_ROLES) {
        for (const privilege of privileges) {
          const table = `public.${row.table}`;
          const [check] = row.variant
            ? await db.sql<
                { held: boolean }[]
              >`select has_column_privilege(${role}, ${table}::regclass, ${row.variant}, ${privilege}) as held`
            : privilege === "INSERT" || privilege === "UPDATE"
              ? await db.sql<
                  { held: boolean }[]
                >`select has_any_column_privilege(${role}, ${table}::regclass, ${privilege}) as held`
              : await db.sql<
                  { held: boolean }[]
                >`select has_table_privilege(${role}, ${table}::regclass, ${privilege}) as held`;
          if (check?.held) granted.push(`${role} ${privilege} ${row.table} ${row.op}`);
        }
      }
    }
    expect(granted).toEqual([]);
  });

  it("hides exactly these columns from the signed-in roles, none from the service role, and each such table has its select/* row", async () => {
    const rows = await db.sql<{ role: string; relname: string; attname: string }[]>`
      select r.role, c.relname, a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid
       cross join (values ('authenticated'), ('service_role')) as r(role)
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
         and a.attnum > 0 and not a.attisdropped
         and not has_column_privilege(r.role, a.attrelid, a.attnum, 'SELECT')
       order by 1, 2, 3
    `;
    expect(rows.filter((row) => row.role === "service_role")).toEqual([]);
    const hidden: Record<string, string[]> = {};
    for (const row of rows) hidden[row.relname] = [...(hidden[row.relname] ?? []), row.attname];
    expect(hidden).toEqual(HIDDEN_COLUMNS);
    const starRows = ROWS.filter((row) => row.op === "select/*").map((row) => row.table);
    expect(starRows.sort()).toEqual(Object.keys(HIDDEN_COLUMNS).sort());
  });
});

describe("role matrix (docs/architecture.md): settings, roles and catalog, as PostgREST runs each request", () => {
  describeRoleMatrix(db, CATALOG_TABLES, cells);
});
