import { createPool } from "../_shared/db.ts";
import { loadEnv } from "../_shared/env.ts";
import { createReportsApp } from "./app.ts";

const env = loadEnv();
Deno.serve(
  createReportsApp({
    sql: createPool(env.SUPABASE_DB_URL, 5),
    jwks: env.SUPABASE_JWKS,
    jwtSecret: env.SUPABASE_JWT_SECRET,
  }).fetch,
);
