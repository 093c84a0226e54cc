import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from "jose";
import type { CallerContext } from "./db.ts";
import { AppError } from "./errors.ts";

export type Caller = Pick<CallerContext, "role" | "claims"> & { userId: string | null };
export type VerifyToken = (token: string) => Promise<Caller>;

const API_ROLES = new Set(["anon", "authenticated", "service_role"]);
const ASYMMETRIC = ["ES256", "RS256", "EdDSA"];

/**
 * Verifies a Supabase access token in the function: asymmetric tokens against
 * the project's key set (`SUPABASE_JWKS`), legacy HS256 tokens against
 * `SUPABASE_JWT_SECRET`. Anything else — no key for the algorithm, a bad
 * signature, an expired token, a role PostgREST would not switch to — is 401.
 */
export function createTokenVerifier(options: { jwks?: { keys: unknown[] }; jwtSecret?: string }): VerifyToken {
  const keySet = options.jwks ? createLocalJWKSet(options.jwks as JSONWebKeySet) : undefined;
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : undefined;
  return async (token) => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AppError("UNAUTHORIZED", "The access token is malformed.");
    }
    let claims: Record<string, unknown>;
    try {
      if (alg === "HS256" && secret) {
        claims = (await jwtVerify(token, secret, { algorithms: ["HS256"] })).payload;
      } else if (alg && ASYMMETRIC.includes(alg) && keySet) {
        claims = (await jwtVerify(token, keySet, { algorithms: ASYMMETRIC })).payload;
      } else {
        throw new Error("no key for this algorithm");
      }
    } catch {
      throw new AppError("UNAUTHORIZED", "The access token is invalid or expired.");
    }
    const role = claims.role;
    if (typeof role !== "string" || !API_ROLES.has(role)) {
      throw new AppError("UNAUTHORIZED", "The access token has no usable role.");
    }
    const userId = typeof claims.sub === "string" && role === "authenticated" ? claims.sub : null;
    return { role: role as Caller["role"], claims, userId };
  };
}

/** The bearer token of an `Authorization` header, or 401. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) throw new AppError("UNAUTHORIZED", "Send `Authorization: Bearer <access token>`.");
  return match[1];
}
