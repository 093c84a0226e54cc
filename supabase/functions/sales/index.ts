import { createPool } from "../_shared/db.ts";
import { loadEnv } from "../_shared/env.ts";
import { createSalesApp } from "./app.ts";

const env = loadEnv();
Deno.serve(
  createSalesApp({
    sql: createPool(env.SUPABASE_DB_URL, 20),
    jwks: env.SUPABASE_JWKS,
    jwtSecret: env.SUPABASE_JWT_SECRET,
  }).fetch,
);
