import { type Claims, type SigningKeys, signToken, userClaims } from "@comarapa/local-stack";
import { inject } from "vitest";
import { asCaller, type CallerContext, rpc, type Tx } from "../../supabase/functions/_shared/db.ts";
import type { Sql } from "./db.ts";

/** Who a request comes from: anon, the service role, or a signed-in user. */
export type Actor =
  | { kind: "anon" }
  | { kind: "service_role" }
  | { kind: "user"; id: string; email: string; label?: string };

export const anon: Actor = { kind: "anon" };
export const serviceRole: Actor = { kind: "service_role" };

export function claimsOf(actor: Actor): Claims {
  switch (actor.kind) {
    case "anon":
      return { role: "anon" };
    case "service_role":
      return { role: "service_role" };
    case "user":
      return userClaims({ id: actor.id, email: actor.email });
  }
}

export function callerOf(actor: Actor, extra: Partial<CallerContext> = {}): CallerContext {
  const claims = claimsOf(actor);
  return { role: claims.role as CallerContext["role"], claims, ...extra };
}

/** Runs `fn` in one transaction as `actor`, exactly as PostgREST runs a request. */
export function actAs<T>(sql: Sql, actor: Actor, fn: (tx: Tx) => Promise<T>, options: { readOnly?: boolean } = {}) {
  return asCaller(sql, callerOf(actor, options), fn);
}

/** `POST /rpc/<name>` with a JSON body, as `actor`. */
export function rpcAs<T = unknown>(sql: Sql, actor: Actor, name: string, args: Record<string, unknown> = {}) {
  return actAs(sql, actor, (tx) => rpc<T>(tx, name, args));
}

export function testKeys(): SigningKeys {
  return JSON.parse(inject("signingKeys")) as SigningKeys;
}

/** An access token for `actor`, signed with this run's keys (ES256 unless told). */
export function tokenFor(actor: Actor, options: { alg?: "ES256" | "HS256"; expiresIn?: number } = {}) {
  return signToken(testKeys(), claimsOf(actor), options);
}
