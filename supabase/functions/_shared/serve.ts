import { createPool } from "./db.ts";
import { loadEnv } from "./env.ts";
import type { FunctionApp, FunctionDeps } from "./http.ts";

/**
 * A function's entry point under Deno: the environment Supabase gives it,
 * parsed once; one pool of `pool` connections; the app served.
 */
export function serve(createApp: (deps: FunctionDeps) => FunctionApp, options: { pool: number }) {
  const env = loadEnv();
  const app = createApp({
    sql: createPool(env.SUPABASE_DB_URL, options.pool),
    jwks: env.SUPABASE_JWKS,
    jwtSecret: env.SUPABASE_JWT_SECRET,
  });
  Deno.serve(app.fetch);
}
