import {
  type CashMovement,
  type CashSession,
  cashMovementSchema,
  cashSessionSchema,
  type SaleReturn,
  saleReturnSchema,
} from "../../supabase/functions/_shared/responses.ts";
import { type Actor, rpcAs } from "../helpers/act.ts";
import type { Sql } from "../helpers/db.ts";
import { unique } from "../helpers/fixtures.ts";

/** A cash register (inserted as the superuser, as a manager would through PostgREST). */
export async function createRegister(sql: Sql): Promise<{ id: string; name: string }> {
  const [row] = await sql<{ id: string; name: string }[]>`
    insert into public.cash_registers (name) values (${unique("Caja")})
    returning id, name
  `;
  if (!row) throw new Error("register not created");
  return row;
}

export async function openSession(
  sql: Sql,
  actor: Actor,
  registerId: string,
  openingFloat: number | string = 100,
  notes?: string,
): Promise<CashSession> {
  return cashSessionSchema.parse(
    await rpcAs(sql, actor, "open_cash_session", { register_id: registerId, opening_float: openingFloat, notes }),
  );
}

export async function closeSession(
  sql: Sql,
  actor: Actor,
  sessionId: string,
  countedCash: number | string,
  denominations?: unknown,
  notes?: string,
): Promise<CashSession> {
  return cashSessionSchema.parse(
    await rpcAs(sql, actor, "close_cash_session", {
      cash_session_id: sessionId,
      counted_cash: countedCash,
      denominations,
      notes,
    }),
  );
}

export async function reportOf(sql: Sql, actor: Actor, sessionId: string): Promise<CashSession> {
  return cashSessionSchema.parse(await rpcAs(sql, actor, "cash_session_report", { cash_session_id: sessionId }));
}

export async function moveCash(
  sql: Sql,
  actor: Actor,
  args: { cash_session_id: unknown; movement_type: unknown; amount: unknown; reason: unknown; notes?: unknown },
): Promise<CashMovement> {
  return cashMovementSchema.parse(await rpcAs(sql, actor, "register_cash_movement", args));
}

export interface ReturnArgs {
  sale_id: unknown;
  items: unknown;
  reason?: unknown;
  refund_method?: unknown;
  notes?: unknown;
  idempotency_key?: unknown;
  cash_session_id?: unknown;
}

/** `POST /rpc/create_return` as `actor` (reason "Devolución" unless given); the answer checked against its shape. */
export async function createReturn(sql: Sql, actor: Actor, args: ReturnArgs): Promise<SaleReturn> {
  return saleReturnSchema.parse(await rpcAs(sql, actor, "create_return", { reason: "Devolución", ...args }));
}

/** Sets whether the store requires an open cash session for cash (as the owner, for the test's database). */
export async function requireCashSession(sql: Sql, required: boolean): Promise<void> {
  await sql`update public.store_settings set require_cash_session = ${required}`;
}
