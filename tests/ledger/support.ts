import { rpc, type Tx } from "@comarapa/testkit";
import { expect } from "vitest";
import { type Actor, claimsOf, rpcAs } from "../helpers/act.ts";
import type { Sql } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { type Movement, writeCounts } from "../helpers/fixtures.ts";

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
