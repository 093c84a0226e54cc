import { expect } from "vitest";
import { rpc, type Tx } from "../../supabase/functions/_shared/db.ts";
import { type Actor, claimsOf, rpcAs } from "../helpers/act.ts";
import type { Sql } from "../helpers/db.ts";
import { writeCounts } from "../helpers/fixtures.ts";

/** A row of `inventory_movements` as the stock RPCs return it (postgres.js reads bigint as a string). */
export interface Movement {
  id: string;
  seq: string;
  product_id: string;
  movement_type: "ENTRY" | "EXIT" | "ADJUSTMENT";
  quantity: number;
  reason: string;
  reference_id: string | null;
  notes: string | null;
  previous_stock: number;
  new_stock: number;
  created_at: Date;
  created_by: string | null;
}

/** What a PostgREST caller (supabase-js) receives for a failed request: the HTTP status and the error body. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

/**
 * The HTTP status PostgREST answers for a SQLSTATE (its documented mapping:
 * `PTnnn` → nnn, `42501` → 401 for anon and 403 otherwise, `23503`/`23505`
 * → 409, `P0001` and everything unlisted, including class 22 → 400).
 */
export function httpStatusOf(sqlstate: string, anonymous: boolean): number {
  if (/^PT\d{3}$/.test(sqlstate)) return Number(sqlstate.slice(2));
  if (sqlstate === "42501") return anonymous ? 401 : 403;
  if (sqlstate === "23503" || sqlstate === "23505") return 409;
  if (sqlstate === "42883" || sqlstate === "42P01") return 404;
  if (/^(08|53)/.test(sqlstate)) return 503;
  if (/^(09|25|2D|38|39|3B|40|54|55|57|58|F0|HV|P0|XX)/.test(sqlstate) && sqlstate !== "P0001") return 500;
  return 400;
}

interface PgError {
  name: string;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

function isPgError(error: unknown): error is PgError {
  return typeof error === "object" && error !== null && (error as { name?: string }).name === "PostgresError";
}

/** Awaits a call that must fail in the database and returns the error as PostgREST would answer it. */
export async function failureOf(call: Promise<unknown>, options: { anonymous?: boolean } = {}): Promise<ApiError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (!isPgError(error)) throw error;
    return {
      status: httpStatusOf(error.code, options.anonymous ?? false),
      code: error.code,
      message: error.message,
      details: error.detail ?? null,
      hint: error.hint ?? null,
    };
  }
  throw new Error(`expected the call to fail, but it returned ${JSON.stringify(result)}`);
}

/**
 * `POST /rpc/<name>` as `actor`, which must fail and must write nothing: no
 * movement, no product, no unit of stock (compared before and after).
 */
export async function refusedRpc(sql: Sql, actor: Actor, name: string, args: Record<string, unknown>) {
  const before = await writeCounts(sql);
  const error = await failureOf(rpcAs(sql, actor, name, args), { anonymous: actor.kind === "anon" });
  expect(await writeCounts(sql), `${name} failed with ${error.message} but wrote something`).toEqual(before);
  return error;
}

/** The JSON context a domain error carries in its hint. */
export function hintOf(error: ApiError): Record<string, unknown> {
  return JSON.parse(error.hint ?? "null") as Record<string, unknown>;
}

/** Every movement of a product, in ledger order. */
export function movementsOf(sql: Sql, productId: string): Promise<Movement[]> {
  return sql<Movement[]>`select * from public.inventory_movements where product_id = ${productId} order by seq`;
}

class Rollback extends Error {}

/**
 * Runs `fn` as the superuser in one transaction that is always rolled back:
 * corruption made there is never seen by another test.
 */
export async function inRolledBackTransaction<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      result = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

/** Inside a transaction, becomes `actor` for the rest of it (as PostgREST does) and calls an RPC. */
export async function rpcInTransaction<T>(tx: Tx, actor: Actor, name: string, args: Record<string, unknown> = {}) {
  const claims = claimsOf(actor);
  await tx`
    select set_config('role', ${claims.role as string}, true),
           set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)
  `;
  return rpc<T>(tx, name, args);
}

/** The database's clock, to bracket `created_at` without trusting the test machine's. */
export async function databaseNow(sql: Sql): Promise<Date> {
  const [row] = await sql<{ now: Date }[]>`select clock_timestamp() as now`;
  if (!row) throw new Error("no clock");
  return row.now;
}
