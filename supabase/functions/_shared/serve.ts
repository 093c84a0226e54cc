import { createPool } from "./db.ts";
import { parseEnv } from "./env.ts";
import type { FunctionApp, FunctionDeps } from "./http.ts";

/**
 * A function's entry point under Deno: the environment Supabase gives it,
 * checked once (a bad one stops the function before it listens); one pool of
 * `pool` connections; the app served.
 */
export function serve(createApp: (deps: FunctionDeps) => FunctionApp, options: { pool: number }) {
  const env = parseEnv(Deno.env.toObject());
  const app = createApp({
    pool: createPool(env.dbUrl, { max: options.pool }),
    jwks: env.jwks,
    jwtSecret: env.jwtSecret,
    issuer: env.authIssuer,
    vision: env.vision,
  });
  Deno.serve(app.fetch);
}
