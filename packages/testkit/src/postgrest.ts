import type postgres from "postgres";
import {
  beginStatement,
  type CallerContext,
  cached,
  callerStatement,
  type FunctionSignature,
  ROLE_SETTINGS_QUERY,
  type RoleSettings,
  requestSettings,
  roleSettingsFrom,
  rpcResult,
  rpcStatement,
  SIGNATURE_QUERY,
  signatureFrom,
} from "../../../supabase/functions/_shared/postgrest.ts";

export type { CallerContext } from "../../../supabase/functions/_shared/postgrest.ts";
export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Role settings per pool and role, read once (as PostgREST caches them). */
const roleSettings = new WeakMap<Sql, Map<string, Promise<RoleSettings>>>();
/** RPC signatures by name (every test database has the same schema). */
const signatures = new Map<string, Promise<FunctionSignature>>();

function settingsOf(sql: Sql, tx: Tx, role: string): Promise<RoleSettings> {
  let byRole = roleSettings.get(sql);
  if (!byRole) {
    byRole = new Map();
    roleSettings.set(sql, byRole);
  }
  return cached(byRole, role, () =>
    tx.unsafe<{ setconfig: string[] | null }[]>(ROLE_SETTINGS_QUERY, [role]).then((rows) => roleSettingsFrom(rows)),
  );
}

/**
 * Runs `fn` in one transaction as the caller, exactly as PostgREST runs a
 * request (the statements of supabase/functions/_shared/postgrest.ts, the
 * same the Edge Functions run), on a postgres.js pool.
 */
export function asCaller<T>(sql: Sql, caller: CallerContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const mode = beginStatement(caller).replace(/^begin /, "");
  return sql.begin(mode, async (tx) => {
    const { text, params } = callerStatement(caller, requestSettings(await settingsOf(sql, tx, caller.role)));
    await tx.unsafe(text, params);
    return fn(tx);
  }) as Promise<T>;
}

/** Calls `public.<name>` the way PostgREST's `/rpc/<name>` does. */
export async function rpc<T = unknown>(tx: Tx, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const signature = await cached(signatures, name, () =>
    tx.unsafe<Parameters<typeof signatureFrom>[1]>(SIGNATURE_QUERY, [name]).then((rows) => signatureFrom(name, rows)),
  );
  const { text, params, shape } = rpcStatement(name, signature, args);
  return rpcResult<T>((await tx.unsafe(text, params)) as unknown as Record<string, unknown>[], shape);
}
