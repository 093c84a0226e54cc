import { createClient, type SupabaseClient, type SupabaseClientOptions } from "@supabase/supabase-js";
import type { Database } from "./database.types.ts";

export type { Database, Json, Tables, TablesInsert, TablesUpdate } from "./database.types.ts";

export type ComarapaClient = SupabaseClient<Database>;

/**
 * A supabase-js client typed with the generated `Database`: table rows, RPC
 * arguments and results are checked at compile time.
 */
export function createComarapaClient(
  url: string,
  key: string,
  options?: SupabaseClientOptions<"public">,
): ComarapaClient {
  return createClient<Database>(url, key, options);
}
