import { afterEach, beforeAll, expect } from "vitest";
import type { Actor } from "./act.ts";
import { rpcAs, serviceRole } from "./act.ts";
import type { Sql, TestDatabase } from "./db.ts";

export type AppRole = "viewer" | "staff" | "manager" | "admin";

let counter = 0;
/** `PREFIX-<pid>-<time>-<n>`, upper-cased: a name or code no other row of this run has. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`.toUpperCase();
}

/** A user in auth.users (as GoTrue would create it), with a store role unless `role` is null. */
export async function createUser(
  sql: Sql,
  role: AppRole | null,
  label = role ?? "norole",
): Promise<Actor & { kind: "user" }> {
  const id = crypto.randomUUID();
  const email = `${label}.${id.slice(0, 8)}@test.comarapa.bo`;
  await sql`insert into auth.users (id, email, email_confirmed_at) values (${id}, ${email}, now())`;
  if (role) await sql`insert into public.user_roles (user_id, role) values (${id}, ${role})`;
  return { kind: "user", id, email, label };
}

/** One user per role, plus one without a role. */
export async function createRoleUsers(sql: Sql) {
  return {
    admin: await createUser(sql, "admin"),
    manager: await createUser(sql, "manager"),
    staff: await createUser(sql, "staff"),
    viewer: await createUser(sql, "viewer"),
    noRole: await createUser(sql, null),
  };
}

export type RoleUsers = Awaited<ReturnType<typeof createRoleUsers>>;

/** One user per role plus one without a role, created once in this file's database before its tests. */
export function useRoleUsers(db: TestDatabase): RoleUsers {
  const holder = {} as RoleUsers;
  beforeAll(async () => {
    Object.assign(holder, await createRoleUsers(db.sql));
  });
  return holder;
}

export async function createCategory(sql: Sql, name = unique("Categoría")): Promise<{ id: string; name: string }> {
  const [row] = await sql<{ id: string; name: string }[]>`
    insert into public.categories (name) values (${name}) returning id, name
  `;
  if (!row) throw new Error("category not created");
  return row;
}

export interface ProductFixture {
  id: string;
  sku: string;
  name: string;
  unit_price: string;
  cost_price: string;
}

/**
 * A product (inserted as the superuser, as a manager would through PostgREST)
 * whose initial stock, if any, comes through an INITIAL_STOCK entry, so the
 * ledger invariant holds from the start.
 */
export async function createProduct(
  sql: Sql,
  options: {
    stock?: number;
    unitPrice?: number | string;
    costPrice?: number | string;
    minStock?: number;
    categoryId?: string | null;
    name?: string;
    sku?: string;
    barcode?: string | null;
    active?: boolean;
  } = {},
): Promise<ProductFixture> {
  const sku = options.sku ?? unique("SKU");
  const [row] = await sql<ProductFixture[]>`
    insert into public.products (sku, barcode, name, category_id, unit_price, cost_price, min_stock_level)
    values (${sku}, ${options.barcode ?? null}, ${options.name ?? `Producto ${sku}`}, ${options.categoryId ?? null},
            ${String(options.unitPrice ?? "10.00")}, ${String(options.costPrice ?? "6.00")}, ${options.minStock ?? 0})
    returning id, sku, name, unit_price::text, cost_price::text
  `;
  if (!row) throw new Error("product not created");
  if (options.stock && options.stock > 0) {
    await rpcAs(sql, serviceRole, "register_stock_entry", {
      product_id: row.id,
      quantity: options.stock,
      reason: "INITIAL_STOCK",
    });
  }
  if (options.active === false) await sql`update public.products set is_active = false where id = ${row.id}`;
  return row;
}

export async function stockOf(sql: Sql, productId: string): Promise<number> {
  const [row] = await sql<
    { current_stock: number }[]
  >`select current_stock from public.products where id = ${productId}`;
  if (!row) throw new Error(`no product ${productId}`);
  return row.current_stock;
}

/** `check_stock_integrity()` as the service role: empty when the ledger is healthy. */
export function integrityProblems(sql: Sql): Promise<unknown[]> {
  return rpcAs<unknown[]>(sql, serviceRole, "check_stock_integrity");
}

/** After each test of the file, checks that every product's stock still equals its ledger. */
export function expectHealthyLedgerAfterEach(
  db: TestDatabase,
  message = "every product's stock still equals its ledger",
): void {
  afterEach(async () => {
    expect(await integrityProblems(db.sql), message).toEqual([]);
  });
}

/** A row of `inventory_movements` as the stock RPCs return it (postgres.js reads bigint as a string). */
export interface Movement {
  id: string;
  seq: string;
  product_id: string;
  movement_type: "ENTRY" | "EXIT" | "ADJUSTMENT";
  quantity: number;
  reason: string;
  reference_id: string | null;
  reference: string | null;
  notes: string | null;
  previous_stock: number;
  new_stock: number;
  created_at: Date;
  created_by: string | null;
}

/**
 * Counts rows of the tables a failed call must not have written (and the sale
 * numbers taken so far: a failed sale must not consume one).
 */
export async function writeCounts(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql<{ name: string; n: number }[]>`
    select 'inventory_movements' as name, count(*)::int as n from public.inventory_movements
    union all select 'products', count(*)::int from public.products
    union all select 'stock_total', coalesce(sum(current_stock), 0)::int from public.products
    union all select 'sales', count(*)::int from public.sales
    union all select 'sale_items', count(*)::int from public.sale_items
    union all select 'sale_numbers_taken', coalesce(sum(last_value), 0)::int from private.sale_number_counters
    union all select 'sale_payments', count(*)::int from public.sale_payments
    union all select 'customers', count(*)::int from public.customers
    union all select 'customer_account_movements', count(*)::int from public.customer_account_movements
    union all select 'balance_cents', coalesce(sum(balance * 100), 0)::int from public.customers
    union all select 'cash_sessions', count(*)::int from public.cash_sessions
    union all select 'closed_sessions', count(*) filter (where status = 'CLOSED')::int from public.cash_sessions
    union all select 'cash_movements', count(*)::int from public.cash_movements
    union all select 'sale_returns', count(*)::int from public.sale_returns
    union all select 'sale_return_items', count(*)::int from public.sale_return_items
    union all select 'session_numbers_taken', coalesce(sum(last_value), 0)::int from private.cash_session_counters
    union all select 'return_numbers_taken', coalesce(sum(last_value), 0)::int from private.return_number_counters
  `;
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}
