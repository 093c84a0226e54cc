#!/usr/bin/env node
/**
 * `npm run dev`       start the local stack with demo data (Ctrl-C stops it; data is kept)
 * `npm run dev:reset` the same from an empty database
 * `npm run db:types`  regenerate packages/database/src/database.types.ts
 * `npm run db:checksums` record the checksum of each new migration (landed ones are frozen)
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { recordNewChecksums } from "./migrations.ts";
import { devStateDir, typesFile } from "./paths.ts";
import { startStack } from "./stack.ts";
import { storeSummary } from "./store-summary.ts";
import { apiKeys, demoUserTokens } from "./tokens.ts";
import { generateTypesFromMigrations } from "./types.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    reset: { type: "boolean", default: false },
    legacy: { type: "boolean", default: false },
    "db-port": { type: "string", default: process.env.COMARAPA_DB_PORT ?? "54322" },
    "functions-port": { type: "string", default: process.env.COMARAPA_FUNCTIONS_PORT ?? "54321" },
  },
});

async function dev() {
  console.log("Comarapa local stack");
  const stack = await startStack({
    stateDir: devStateDir,
    dbPort: Number(values["db-port"]),
    functionsPort: Number(values["functions-port"]),
    reset: values.reset ?? false,
    mode: values.legacy ? "legacy" : "strict",
    log: (line) => console.log(line),
  });
  const users = await demoUserTokens(stack.dbUrl, stack.keys);
  const keys = await apiKeys(stack.keys);
  console.log(`
Database URL   ${stack.dbUrl}
Functions URL  ${stack.functions.url}        (try: curl ${stack.functions.url}/health)
Front end API  ${stack.functions.url}/api/v1   (the store's web front end: VITE_API_URL=${stack.functions.url}/api/v1)
Data folder    ${devStateDir}   (npm run dev:reset starts from scratch)

anon key         ${keys.anon}
service_role key ${keys.serviceRole}
`);
  if (users.length === 0) console.log("No users in auth.users yet.");
  for (const user of users) {
    console.log(`${(user.role ?? "no role").padEnd(8)} ${user.email}\n  Authorization: Bearer ${user.token}\n`);
  }
  for (const line of await storeSummary(stack.dbUrl)) console.log(line);
  console.log("\nReady. Ctrl-C stops the stack (the data is kept).");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

async function types() {
  await writeFile(typesFile, await generateTypesFromMigrations());
  console.log(`wrote ${typesFile}`);
}

async function checksums() {
  const added = recordNewChecksums();
  console.log(added.length > 0 ? `recorded ${added.join(", ")}` : "every migration is recorded already");
}

const command = positionals[0] ?? "dev";
const commands: Record<string, () => Promise<void>> = { dev, types, checksums };
const run = commands[command];
if (!run) {
  console.error(`unknown command "${command}" (expected: ${Object.keys(commands).join(", ")})`);
  process.exit(2);
}
run().catch((error: Error) => {
  console.error(`\n✗ ${error.message}`);
  if (command === "dev" && !/already in use|npm run dev:reset/.test(error.message))
    console.error("  (if the data folder is damaged, `npm run dev:reset` starts from scratch)");
  process.exit(1);
});
