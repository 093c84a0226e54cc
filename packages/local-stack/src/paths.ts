import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute paths the stack needs, resolved from this file so any cwd works. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const supabaseDir = join(repoRoot, "supabase");
export const functionsDir = join(supabaseDir, "functions");
/** The functions' secrets for the local stack, as `supabase functions serve` reads them (git-ignored). */
export const functionSecretsFile = join(functionsDir, ".env");
export const migrationsDir = join(supabaseDir, "migrations");
/** Checksums of the landed migrations, which are frozen. */
export const migrationChecksumsFile = join(supabaseDir, "migrations.sha256");
export const seedFile = join(supabaseDir, "seed.sql");
export const bootstrapFile = join(repoRoot, "packages/local-stack/sql/bootstrap.sql");
export const devStateDir = join(repoRoot, ".comarapa/dev");
export const binDir = join(repoRoot, "node_modules/.bin");
export const typesFile = join(repoRoot, "packages/database/src/database.types.ts");
