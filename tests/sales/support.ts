import { expect } from "vitest";
import { type Sale, saleSchema } from "../../supabase/functions/_shared/responses.ts";
import { type Actor, rpcAs } from "../helpers/act.ts";
import type { Sql } from "../helpers/db.ts";
import { type Failure, failureOf, hintOf } from "../helpers/errors.ts";
import { writeCounts } from "../helpers/fixtures.ts";

/** A sale as the sale RPCs return it: the `sales` columns plus `items` (the one shape, in _shared/responses.ts). */
export type { Sale, SaleItem } from "../../supabase/functions/_shared/responses.ts";

export interface SaleLine {
  product_id: unknown;
  quantity: unknown;
  unit_price?: unknown;
  discount?: unknown;
}

export interface SaleArgs {
  items: unknown;
  discount?: unknown;
  tax_rate?: unknown;
  payment_method?: unknown;
  notes?: unknown;
  idempotency_key?: unknown;
  customer_id?: unknown;
  payments?: unknown;
  override_credit_limit?: unknown;
  cash_session_id?: unknown;
}

/** `POST /rpc/create_sale` as `actor`; the answer is checked against the sale's declared shape. */
export async function createSale(sql: Sql, actor: Actor, args: SaleArgs): Promise<Sale> {
  return saleSchema.parse(await rpcAs(sql, actor, "create_sale", { ...args }));
}

/** `POST /rpc/cancel_sale` as `actor` (its cash back from `cashSessionId`, else theirs); the answer checked against the sale's shape. */
export async function cancelSale(
  sql: Sql,
  actor: Actor,
  saleId: string,
  reason: unknown,
  cashSessionId?: string,
): Promise<Sale> {
  return saleSchema.parse(
    await rpcAs(sql, actor, "cancel_sale", { sale_id: saleId, reason, cash_session_id: cashSessionId }),
  );
}

/**
 * Moves a sale to the instant `at` (tests cannot change now(), which
 * create_sale stamps), AS THE SUPERUSER of the file's own database, in one
 * transaction that disables the sales_guard trigger, updates sale_date and
 * enables the trigger again: DDL is transactional, so no other session ever
 * sees the guard off, and a failed update rolls it back on.
 */
export async function moveSale(sql: Sql, saleId: string, at: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`alter table public.sales disable trigger sales_guard`;
    await tx`update public.sales set sale_date = ${at}::timestamptz where id = ${saleId}`;
    await tx`alter table public.sales enable trigger sales_guard`;
  });
}

/**
 * Everything a sale or account call could write: row counts (movements,
 * products, sales, items, payments, sale numbers taken, customers, account
 * movements), every product's stock, price and state, every customer's
 * balance, limit and state, and the whole ledger — compared before and after
 * a refused call.
 */
async function databaseState(sql: Sql) {
  const [fingerprint] = await sql<{ products: string; ledger: string; sales: string; accounts: string }[]>`
    select
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s', id, balance, credit_limit, is_active), ',' order by id)), '')
         from public.customers) as accounts,
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s', id, status, sale_number, cancelled_cash_session_id), ','
                                          order by id)), '')
         from public.sales) as sales,
      (select coalesce(md5(string_agg(format('%s:%s:%s:%s', id, current_stock, unit_price, is_active), ',' order by id)), '')
         from public.products) as products,
      (select coalesce(md5(string_agg(format('%s:%s:%s', seq, product_id, new_stock), ',' order by seq)), '')
         from public.inventory_movements) as ledger
  `;
  return { counts: await writeCounts(sql), ...fingerprint };
}

/**
 * Runs a call that must fail, checks it wrote nothing at all (`state`, before
 * and after, is equal: by default everything a sale or account call could
 * write), and returns its error.
 */
export async function refused(
  sql: Sql,
  call: () => Promise<unknown>,
  options: { anonymous?: boolean } = {},
  state: (sql: Sql) => Promise<unknown> = databaseState,
): Promise<Failure> {
  const before = await state(sql);
  const failure = await failureOf(call(), options);
  expect(await state(sql), `refused with ${failure.message} (${failure.details}) but wrote something`).toEqual(before);
  return failure;
}

/** create_sale as `actor`, which must be refused and write nothing. */
export function refusedSale(sql: Sql, actor: Actor, args: SaleArgs, options: { anonymous?: boolean } = {}) {
  return refused(sql, () => createSale(sql, actor, args), options);
}

/** Checks an error names the offending line: hint JSON {"line": n, …} and details starting "Line n:". */
export function expectLineError(failure: Failure, expected: { message: string; status: number; line: number }) {
  expect({ message: failure.message, status: failure.status }).toEqual({
    message: expected.message,
    status: expected.status,
  });
  expect(failure.details ?? "").toMatch(new RegExp(`^Line ${expected.line}: `));
  expect(hintOf(failure).line).toBe(expected.line);
}

/** The sequence of a sale number V-YYYY-NNNNNN. */
export function parseSaleNumber(saleNumber: string): { year: number; sequence: number } {
  const match = /^V-(\d{4})-(\d{6,})$/.exec(saleNumber);
  if (!match) throw new Error(`not a sale number: ${saleNumber}`);
  return { year: Number(match[1]), sequence: Number(match[2]) };
}

/** Movements that reference a sale, in ledger order. */
export function movementsOfSale(sql: Sql, saleId: string) {
  return sql<
    {
      seq: string;
      product_id: string;
      movement_type: string;
      reason: string;
      quantity: number;
      previous_stock: number;
      new_stock: number;
      reference_id: string;
      created_by: string | null;
      notes: string | null;
    }[]
  >`
    select m.seq::text as seq, m.product_id, m.movement_type::text as movement_type, m.reason, m.quantity,
           m.previous_stock, m.new_stock, m.reference_id, m.created_by, m.notes
      from public.inventory_movements m where m.reference_id = ${saleId} order by m.seq
  `;
}
