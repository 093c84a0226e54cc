import { type Claims, userClaims } from "@comarapa/local-stack";
import type postgres from "postgres";
import { asCaller, type CallerContext, rpc, type Tx } from "./postgrest.ts";

/** Who a request comes from: anon, the service role, or a signed-in user. */
export type Actor =
  | { kind: "anon" }
  | { kind: "service_role" }
  | { kind: "user"; id: string; email: string; label?: string };

export type UserActor = Actor & { kind: "user" };

export const anon: Actor = { kind: "anon" };
export const serviceRole: Actor = { kind: "service_role" };

/** A signed-in user (with the store role its `user_roles` row gives it, if any). */
export function user(id: string, email: string): UserActor {
  return { kind: "user", id, email };
}

const claimsCache = new WeakMap<Actor, Claims>();

/** The claims of `actor`'s access token, as GoTrue issues them (made once per actor). */
export function claimsOf(actor: Actor): Claims {
  let claims = claimsCache.get(actor);
  if (!claims) {
    switch (actor.kind) {
      case "anon":
        claims = { role: "anon" };
        break;
      case "service_role":
        claims = { role: "service_role" };
        break;
      case "user":
        claims = userClaims({ id: actor.id, email: actor.email });
    }
    claimsCache.set(actor, claims);
  }
  return claims;
}

/** What PostgREST tells the database about a request from `actor`. */
export function callerOf(actor: Actor, extra: Partial<CallerContext> = {}): CallerContext {
  const claims = claimsOf(actor);
  return { role: claims.role as CallerContext["role"], claims, ...extra };
}

/** Runs `fn` in one transaction as `actor`, exactly as PostgREST runs a request (read only when asked). */
export function actAs<T>(
  sql: postgres.Sql,
  actor: Actor,
  fn: (tx: Tx) => Promise<T>,
  options: { readOnly?: boolean } = {},
) {
  return asCaller(sql, callerOf(actor, options), fn);
}

/** `POST /rpc/<name>` with a JSON body, as `actor` (a `GET` for a read-only call). */
export function rpcAs<T = unknown>(
  sql: postgres.Sql,
  actor: Actor,
  name: string,
  args: Record<string, unknown> = {},
  options: { readOnly?: boolean } = {},
) {
  return asCaller(sql, callerOf(actor, { path: `/rpc/${name}`, ...options }), (tx) => rpc<T>(tx, name, args));
}
