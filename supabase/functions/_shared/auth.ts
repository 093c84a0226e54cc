import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, type JWTPayload, jwtVerify } from "jose";
import { AppError } from "./errors.ts";
import type { CallerContext } from "./postgrest.ts";

export type Caller = Pick<CallerContext, "role" | "claims"> & { userId: string | null };
export type VerifyToken = (token: string) => Promise<Caller>;

const API_ROLES = new Set(["anon", "authenticated", "service_role"]);
const ASYMMETRIC = ["ES256", "RS256", "EdDSA"];
/** How far ahead of this clock a token may say it was issued (clocks drift a little). */
const CLOCK_SKEW_SECONDS = 60;
/** Issuers of the project's API keys (anon, service_role): hosted Supabase's, and `supabase start`'s. */
const API_KEY_ISSUERS = new Set(["supabase", "supabase-demo"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenOptions {
  /** The project's public signing keys (`SUPABASE_JWKS`), for asymmetric tokens. */
  jwks?: { keys: unknown[] };
  /** The legacy HS256 secret (`SUPABASE_JWT_SECRET`). */
  jwtSecret?: string;
  /** The `iss` Supabase Auth writes in its access tokens: `<SUPABASE_URL>/auth/v1`. */
  issuer: string;
}

function unauthorized(message: string): never {
  throw new AppError("UNAUTHORIZED", message);
}

/**
 * Checks what the signature alone does not: an expiry is required and
 * honoured, a token issued in the future is refused, and a user's token is
 * one Supabase Auth issued for this project (audience `authenticated`, our
 * issuer, a user id). API keys (anon, service_role) carry the project's
 * issuer or the API keys' own.
 */
function checkClaims(claims: JWTPayload, issuer: string): Caller {
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.iat === "number" && claims.iat > now + CLOCK_SKEW_SECONDS) {
    unauthorized("The access token was issued in the future.");
  }
  const role = claims.role;
  if (typeof role !== "string" || !API_ROLES.has(role)) unauthorized("The access token has no usable role.");
  if (role === "authenticated") {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes("authenticated")) unauthorized("The access token is not for this API (audience).");
    if (claims.iss !== issuer) unauthorized("The access token was not issued by this project's Auth.");
    if (typeof claims.sub !== "string" || !UUID.test(claims.sub)) unauthorized("The access token names no user.");
    return { role, claims, userId: claims.sub };
  }
  if (claims.iss !== issuer && !API_KEY_ISSUERS.has(String(claims.iss))) {
    unauthorized("The API key was not issued for this project.");
  }
  return { role: role as Caller["role"], claims, userId: null };
}

/**
 * Verifies a Supabase access token in the function: asymmetric tokens against
 * the project's key set (`SUPABASE_JWKS`), legacy HS256 tokens against
 * `SUPABASE_JWT_SECRET`, then the claims (checkClaims). Anything else — no key
 * for the algorithm, a bad signature, no or a past expiry, another audience or
 * issuer, a role PostgREST would not switch to — is 401.
 */
export function createTokenVerifier(options: TokenOptions): VerifyToken {
  const keySet = options.jwks ? createLocalJWKSet(options.jwks as JSONWebKeySet) : undefined;
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : undefined;
  return async (token) => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      unauthorized("The access token is malformed.");
    }
    let claims: JWTPayload;
    try {
      if (alg === "HS256" && secret) {
        claims = (await jwtVerify(token, secret, { algorithms: ["HS256"], requiredClaims: ["exp"] })).payload;
      } else if (alg && ASYMMETRIC.includes(alg) && keySet) {
        claims = (await jwtVerify(token, keySet, { algorithms: ASYMMETRIC, requiredClaims: ["exp"] })).payload;
      } else {
        throw new Error("no key for this algorithm");
      }
    } catch {
      unauthorized("The access token is invalid or expired.");
    }
    return checkClaims(claims, options.issuer);
  };
}

/** The bearer token of an `Authorization` header, or 401. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) unauthorized("Send `Authorization: Bearer <access token>`.");
  return match[1];
}
