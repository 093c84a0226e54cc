import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyBootstrap } from "./bootstrap.ts";
import { freePort } from "./ports.ts";
import { startPostgres } from "./postgres.ts";
import { generateTypes, pushMigrations } from "./supabase-cli.ts";

/**
 * The generated `Database` type for the schema the migrations build, taken
 * from a throw-away database so the dev data never leaks into it.
 */
export async function generateTypesFromMigrations(): Promise<string> {
  const db = await startPostgres({
    dataDir: join(await mkdtemp(join(tmpdir(), "comarapa-types-")), "pgdata"),
    port: await freePort(),
    persistent: false,
  });
  try {
    await applyBootstrap(db.url());
    await pushMigrations(db.url());
    return await generateTypes(db.url());
  } finally {
    await db.stop();
  }
}
