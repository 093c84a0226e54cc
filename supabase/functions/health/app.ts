import { readAsOwner } from "../_shared/db.ts";
import { createFunctionApp, type FunctionDeps, success } from "../_shared/http.ts";

/**
 * `GET /health`: no token needed. Answers only when the database answers:
 * its version, the latest applied migration and the store's time zone.
 */
export function createHealthApp(deps: FunctionDeps) {
  const { app, finish } = createFunctionApp("health", deps);
  app.get("/", async (c) => {
    const [row] = await readAsOwner(deps.pool, (tx) =>
      tx.query<{ server_version: string; latest_migration: unknown; timezone: string | null }>(`
        select current_setting('server_version') as server_version,
               (select jsonb_build_object('version', version, 'name', name)
                  from supabase_migrations.schema_migrations
                 order by version desc limit 1) as latest_migration,
               (select timezone from public.store_settings) as timezone
      `),
    );
    return success(c, {
      status: "ok",
      database: { version: row?.server_version },
      latest_migration: row?.latest_migration ?? null,
      timezone: row?.timezone ?? null,
    });
  });
  return finish();
}
