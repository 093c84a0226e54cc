import { startThrowawayPostgres } from "./postgres.ts";
import { migrateDatabase } from "./stack.ts";
import { generateTypes } from "./supabase-cli.ts";

/**
 * The generated `Database` type for the schema the migrations build, taken
 * from a throw-away database so the dev data never leaks into it.
 */
export async function generateTypesFromMigrations(): Promise<string> {
  const db = await startThrowawayPostgres("comarapa-types-");
  try {
    await migrateDatabase(db.url());
    return await generateTypes(db.url());
  } finally {
    await db.close();
  }
}
