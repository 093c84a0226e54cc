import { userClaims } from "@comarapa/local-stack";
import { asCaller, type CallerContext, rpc } from "../supabase/functions/_shared/db.ts";
import type { Sql } from "./stack.ts";

export interface BenchUser {
  id: string;
  email: string;
}

const claimsCache = new Map<string, Record<string, unknown>>();

/** The claims of `user`'s access token (made once per user). */
export function claimsOf(user: BenchUser): Record<string, unknown> {
  let claims = claimsCache.get(user.id);
  if (!claims) {
    claims = userClaims(user);
    claimsCache.set(user.id, claims);
  }
  return claims;
}

/** What PostgREST would set for a request from `user` (role `authenticated`, the token's claims). */
export function callerOf(user: BenchUser, extra: Partial<CallerContext> = {}): CallerContext {
  return { role: "authenticated", claims: claimsOf(user), ...extra };
}

/**
 * `POST /rpc/<name>` as `user`, exactly as PostgREST runs it: one transaction,
 * role and claims set locally, named arguments; read only for a stable function.
 */
export function rpcAs<T = unknown>(
  sql: Sql,
  user: BenchUser,
  name: string,
  args: Record<string, unknown> = {},
  options: { readOnly?: boolean } = {},
): Promise<T> {
  return asCaller(sql, callerOf(user, { path: `/rpc/${name}`, readOnly: options.readOnly }), (tx) =>
    rpc<T>(tx, name, args),
  );
}
