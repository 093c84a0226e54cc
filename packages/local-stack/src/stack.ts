import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { applyBootstrap, type DefaultPrivilegeMode } from "./bootstrap.ts";
import { type FunctionsServer, startFunctions } from "./functions.ts";
import { loadOrCreateSigningKeys, type SigningKeys } from "./keys.ts";
import { appliedMigrationDrift } from "./migrations.ts";
import { functionSecretsFile } from "./paths.ts";
import { assertPortFree } from "./ports.ts";
import { type PostgresServer, startPostgres } from "./postgres.ts";
import { readFunctionSecrets } from "./secrets.ts";
import { applySeed, pushMigrations } from "./supabase-cli.ts";

/** Runs named steps, logging each with its duration; a failure names its step. */
export function timedStep(log: (line: string) => void) {
  return async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      const result = await fn();
      log(`  ✓ ${what} (${Date.now() - started} ms)`);
      return result;
    } catch (error) {
      throw new Error(`${what} failed: ${(error as Error).message}`);
    }
  };
}

/** What `supabase start` gives a project: the platform bootstrap (where needed), then the migrations through the CLI. */
export async function migrateDatabase(url: string, mode: DefaultPrivilegeMode = "strict"): Promise<void> {
  await applyBootstrap(url, mode);
  await pushMigrations(url);
}

export interface StackOptions {
  stateDir: string;
  dbPort: number;
  functionsPort: number;
  reset: boolean;
  mode: DefaultPrivilegeMode;
  log: (line: string) => void;
}

export interface Stack {
  db: PostgresServer;
  dbUrl: string;
  functions: FunctionsServer;
  keys: SigningKeys;
  seeded: boolean;
  stop(): Promise<void>;
}

/**
 * The Docker-less local stack: embedded Postgres 17 (data kept in
 * `stateDir`), the platform bootstrap, the migrations through
 * `supabase db push`, the seed on a fresh database, and every Edge Function
 * under Deno. Each step says what failed.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  // Both ports first: a reset must not delete the data of a stack that is still running.
  await assertPortFree(options.dbPort, "Postgres");
  await assertPortFree(options.functionsPort, "Edge Functions gateway");
  if (options.reset) await rm(options.stateDir, { recursive: true, force: true });
  const dataDir = join(options.stateDir, "pgdata");
  const fresh = !existsSync(join(dataDir, "PG_VERSION"));
  const step = timedStep(options.log);

  const db = await step(`Postgres 17 on port ${options.dbPort}${fresh ? " (new data folder)" : ""}`, () =>
    startPostgres({ dataDir, port: options.dbPort, persistent: true }),
  );
  try {
    const dbUrl = db.url();
    if (!fresh) {
      await step("applied migrations still match their files", async () => {
        const drift = await appliedMigrationDrift(dbUrl);
        if (drift.length > 0) {
          throw new Error(
            `the database in ${options.stateDir} ran SQL the repository no longer has:\n` +
              drift.map((line) => `    - ${line}`).join("\n") +
              "\n  A landed migration is frozen: restore it and add a new migration for the change." +
              "\n  `npm run dev:reset` rebuilds this local database from the files and the seed.",
          );
        }
      });
    }
    await step(`platform bootstrap (${options.mode} default privileges)`, () => applyBootstrap(dbUrl, options.mode));
    await step("migrations (supabase db push)", () => pushMigrations(dbUrl));
    if (fresh) await step("seed (supabase/seed.sql)", () => applySeed(dbUrl));
    const keys = await loadOrCreateSigningKeys(join(options.stateDir, "keys.json"));
    const secrets = readFunctionSecrets(functionSecretsFile);
    const secretNames = Object.keys(secrets);
    const functions = await step(
      `Edge Functions under Deno on port ${options.functionsPort}` +
        (secretNames.length > 0 ? ` (secrets from supabase/functions/.env: ${secretNames.join(", ")})` : ""),
      () => startFunctions({ port: options.functionsPort, dbUrl, keys, secrets }),
    );
    return {
      db,
      dbUrl,
      functions,
      keys,
      seeded: fresh,
      stop: async () => {
        await functions.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
