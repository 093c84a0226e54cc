import type { Sql } from "../_shared/db.ts";
import { createFunctionApp, success } from "../_shared/http.ts";

export interface HealthDeps {
  sql: Sql;
  log?: (line: string) => void;
}

/**
 * `GET /health`: no token needed. Answers only when the database answers:
 * its version, the latest applied migration and the store's time zone.
 */
export function createHealthApp(deps: HealthDeps) {
  const app = createFunctionApp("health", { log: deps.log });
  app.get("/", async (c) => {
    const [row] = await deps.sql.begin(
      "isolation level read committed read only",
      (tx) => tx`
      select current_setting('server_version') as server_version,
             (select jsonb_build_object('version', version, 'name', name)
                from supabase_migrations.schema_migrations
               order by version desc limit 1) as latest_migration,
             (select timezone from public.store_settings) as timezone
    `,
    );
    return success(c, {
      status: "ok",
      database: { version: row?.server_version as string },
      latest_migration: row?.latest_migration ?? null,
      timezone: row?.timezone ?? null,
    });
  });
  return app;
}
