import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";

import { WELL_KNOWN_LOCAL_JWT_SECRET } from "../../../supabase/functions/_shared/env.ts";

/** The legacy HS256 secret `supabase start` uses locally (public, local only: the functions accept it only on a local stack). */
export const LOCAL_JWT_SECRET = WELL_KNOWN_LOCAL_JWT_SECRET;

/**
 * The `iss` of the tokens this stack signs, as Auth under `supabase start`
 * writes it (its external URL), whatever port the functions' gateway has.
 */
export const LOCAL_AUTH_ISSUER = "http://127.0.0.1:54321/auth/v1";

export interface SigningKeys {
  /** ES256 private key, as a JWK (kept in the git-ignored state folder for dev). */
  privateJwk: JWK;
  /** The public key set, as Supabase provides it in `SUPABASE_JWKS`. */
  jwks: { keys: JWK[] };
  /** Legacy HS256 secret (`SUPABASE_JWT_SECRET`). */
  jwtSecret: string;
}

export async function createSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = crypto.randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig" };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  return { privateJwk, jwks: { keys: [publicJwk] }, jwtSecret: LOCAL_JWT_SECRET };
}

/** Loads the keys saved at `file`, or makes and saves new ones. */
export async function loadOrCreateSigningKeys(file: string): Promise<SigningKeys> {
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as SigningKeys;
  const keys = await createSigningKeys();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

export type Claims = Record<string, unknown> & { role: string };

export interface SignOptions {
  /** ES256 (Supabase's asymmetric signing keys, default) or the legacy HS256 secret. */
  alg?: "ES256" | "HS256";
  /** Lifetime in seconds (default one hour; negative for an already expired token). */
  expiresIn?: number;
  issuer?: string;
}

/** Signs claims as GoTrue would, with the stack's local keys. */
export async function signToken(keys: SigningKeys, claims: Claims, options: SignOptions = {}): Promise<string> {
  const alg = options.alg ?? "ES256";
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .setIssuer(options.issuer ?? LOCAL_AUTH_ISSUER);
  if (alg === "HS256") {
    return jwt.setProtectedHeader({ alg, typ: "JWT" }).sign(new TextEncoder().encode(keys.jwtSecret));
  }
  const key = await importJWK(keys.privateJwk, "ES256");
  return jwt.setProtectedHeader({ alg, typ: "JWT", kid: keys.privateJwk.kid }).sign(key);
}
