import { afterEach, expect } from "vitest";
import {
  type AccountMovement,
  accountMovementSchema,
  type CustomerStatement,
  customerStatementSchema,
  type ReceivablesAging,
  receivablesAgingSchema,
} from "../../supabase/functions/_shared/responses.ts";
import { type Actor, rpcAs, serviceRole } from "../helpers/act.ts";
import type { Sql, TestDatabase } from "../helpers/db.ts";
import { unique } from "../helpers/fixtures.ts";
import { cents } from "../helpers/money.ts";

export interface CustomerFixture {
  id: string;
  name: string;
  credit_limit: string;
}

let counter = 0;

/** A customer inserted as the superuser (as a manager would through PostgREST), with a credit limit. */
export async function createCustomer(
  sql: Sql,
  options: {
    name?: string;
    creditLimit?: number | string;
    documentType?: "CI" | "NIT" | "PASSPORT" | "OTHER";
    documentNumber?: string;
    phone?: string | null;
    active?: boolean;
  } = {},
): Promise<CustomerFixture> {
  counter += 1;
  const documentNumber = options.documentNumber ?? `${process.pid}${Date.now() % 100000}${counter}`;
  const [row] = await sql<CustomerFixture[]>`
    insert into public.customers (name, document_type, document_number, phone, credit_limit, is_active)
    values (${options.name ?? unique("Cliente")}, ${options.documentType ?? "CI"}, ${documentNumber},
            ${options.phone ?? null}, ${String(options.creditLimit ?? "0")}, ${options.active ?? true})
    returning id, name, credit_limit::text
  `;
  if (!row) throw new Error("customer not created");
  return row;
}

/** A customer's balance in cents, as stored. */
export async function balanceOf(sql: Sql, customerId: string): Promise<bigint> {
  const [row] = await sql<{ balance: string }[]>`select balance::text from public.customers where id = ${customerId}`;
  if (!row) throw new Error(`no customer ${customerId}`);
  return cents(row.balance);
}

export interface AccountRow {
  seq: string;
  movement_type: string;
  amount: string;
  previous_balance: string;
  new_balance: string;
  sale_id: string | null;
  payment_method: string | null;
  reason: string | null;
  reference: string | null;
  notes: string | null;
  created_at: Date;
}

/** Every movement of a customer's account, in ledger order. */
export function accountOf(sql: Sql, customerId: string): Promise<AccountRow[]> {
  return sql<AccountRow[]>`
    select seq, movement_type::text, amount::text, previous_balance::text, new_balance::text, sale_id,
           payment_method::text, reason, reference, notes, created_at
      from public.customer_account_movements where customer_id = ${customerId} order by seq
  `;
}

export interface PaymentArgs {
  customer_id: unknown;
  amount: unknown;
  payment_method?: unknown;
  reference?: unknown;
  notes?: unknown;
  idempotency_key?: unknown;
}

/** `POST /rpc/register_customer_payment` as `actor`, the answer checked against its declared shape. */
export async function pay(sql: Sql, actor: Actor, args: PaymentArgs): Promise<AccountMovement> {
  return accountMovementSchema.parse(await rpcAs(sql, actor, "register_customer_payment", { ...args }));
}

/** `POST /rpc/adjust_customer_balance` as `actor`. */
export async function adjust(
  sql: Sql,
  actor: Actor,
  args: { customer_id: unknown; amount: unknown; reason: unknown; notes: unknown },
): Promise<AccountMovement> {
  return accountMovementSchema.parse(await rpcAs(sql, actor, "adjust_customer_balance", args));
}

export async function statementOf(
  sql: Sql,
  actor: Actor,
  customerId: string,
  from?: string | null,
  to?: string | null,
): Promise<CustomerStatement> {
  return customerStatementSchema.parse(
    await rpcAs(sql, actor, "customer_statement", { customer_id: customerId, from_date: from, to_date: to }),
  );
}

export async function agingOf(sql: Sql, actor: Actor, asOf?: string | null): Promise<ReceivablesAging> {
  return receivablesAgingSchema.parse(
    await rpcAs(sql, actor, "receivables_aging", asOf === undefined ? {} : { as_of: asOf }),
  );
}

/** `check_account_integrity()` as the service role: empty when every balance equals its ledger. */
export function accountProblems(sql: Sql): Promise<unknown[]> {
  return rpcAs<unknown[]>(sql, serviceRole, "check_account_integrity");
}

/**
 * Moves account movements to another instant (a CHARGE takes its sale with
 * it, a debt its kept open part), AS THE SUPERUSER of the file's own database, in one transaction with
 * the append-only triggers disabled (DDL is transactional: no other session
 * sees them off). Tests cannot change now(); this is how a debt gets old.
 * Move them in the order they were made, to instants in that order, so the
 * ledger's sequence stays its chronology.
 */
export async function backdate(sql: Sql, moves: { seq: string; at: string }[]): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`alter table public.customer_account_movements disable trigger customer_account_movements_append_only`;
    await tx`alter table public.sales disable trigger sales_guard`;
    for (const move of moves) {
      const [row] = await tx<{ sale_id: string | null; movement_type: string }[]>`
        update public.customer_account_movements set created_at = ${move.at}::timestamptz
         where seq = ${move.seq} returning sale_id, movement_type::text
      `;
      if (!row) throw new Error(`no account movement ${move.seq}`);
      await tx`update private.open_debts set created_at = ${move.at}::timestamptz where seq = ${move.seq}`;
      if (row.movement_type === "CHARGE") {
        await tx`
          update public.sales set sale_date = ${move.at}::timestamptz, created_at = ${move.at}::timestamptz
           where id = ${row.sale_id}
        `;
      }
    }
    await tx`alter table public.sales enable trigger sales_guard`;
    await tx`alter table public.customer_account_movements enable trigger customer_account_movements_append_only`;
  });
}

/** After each test of the file, checks every balance still equals its ledger. */
export function expectHealthyAccountsAfterEach(db: TestDatabase): void {
  afterEach(async () => {
    expect(await accountProblems(db.sql), "every balance still equals its account ledger").toEqual([]);
  });
}
