import { readFile } from "node:fs/promises";
import { bootstrapFile } from "./paths.ts";
import { withConnection } from "./postgres.ts";

/**
 * `strict`: hosted Supabase's default since 2026, new `public` objects are not
 * granted to the API roles. `legacy`: the CLI's local default, they are.
 */
export type DefaultPrivilegeMode = "strict" | "legacy";

/** True when the database already is Supabase's (its own admin role exists). */
export async function isSupabaseDatabase(url: string): Promise<boolean> {
  return withConnection(url, async (sql) => {
    const [row] = await sql`select exists (select from pg_roles where rolname = 'supabase_admin') as supabase`;
    return Boolean(row?.supabase);
  });
}

/** Applies the platform bootstrap unless the database is Supabase's own. */
export async function applyBootstrap(url: string, mode: DefaultPrivilegeMode = "strict"): Promise<boolean> {
  if (await isSupabaseDatabase(url)) return false;
  const script = await readFile(bootstrapFile, "utf8");
  await withConnection(url, async (sql) => {
    await sql`select set_config('bootstrap.default_privileges', ${mode}, false)`;
    await sql.unsafe(script);
  });
  return true;
}
