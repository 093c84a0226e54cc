export { applyBootstrap, type DefaultPrivilegeMode, isSupabaseDatabase } from "./bootstrap.ts";
export {
  denoEnv,
  denoModuleFlags,
  type FunctionsServer,
  functionEntry,
  functionEnv,
  listFunctions,
  startFunctions,
} from "./functions.ts";
export {
  type Claims,
  createSigningKeys,
  LOCAL_AUTH_ISSUER,
  LOCAL_JWT_SECRET,
  type SigningKeys,
  signToken,
} from "./keys.ts";
export {
  appliedMigrationDrift,
  checksumOf,
  migrationFiles,
  recordedChecksums,
  recordNewChecksums,
} from "./migrations.ts";
export * as paths from "./paths.ts";
export { freePort } from "./ports.ts";
export {
  createDatabase,
  dropDatabase,
  PG_PASSWORD,
  PG_USER,
  type PostgresServer,
  quoteIdent,
  startPostgres,
  startThrowawayPostgres,
  withConnection,
} from "./postgres.ts";
export { readFunctionSecrets } from "./secrets.ts";
export { migrateDatabase, startStack, timedStep } from "./stack.ts";
export { storeSummary } from "./store-summary.ts";
export { applySeed, generateTypes, pushMigrations, runSupabaseCli } from "./supabase-cli.ts";
export { apiKeys, demoUserTokens, userClaims } from "./tokens.ts";
export { generateTypesFromMigrations } from "./types.ts";
