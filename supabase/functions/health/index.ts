import { createPool } from "../_shared/db.ts";
import { loadEnv } from "../_shared/env.ts";
import { createHealthApp } from "./app.ts";

const env = loadEnv();
Deno.serve(createHealthApp({ sql: createPool(env.SUPABASE_DB_URL, 2) }).fetch);
