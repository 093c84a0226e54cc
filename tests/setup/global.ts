import {
  applySeed,
  createDatabase,
  createSigningKeys,
  migrateDatabase,
  startThrowawayPostgres,
} from "@comarapa/local-stack";
import type { TestProject } from "vitest/node";
import { SEEDED_TEMPLATE, TEMPLATE } from "../helpers/names.ts";

/**
 * One Postgres for the whole run. The migrations are applied once, by the
 * real Supabase CLI, into a template database (and once more with the seed);
 * every test file clones its own database from one of them.
 */
export default async function setup(project: TestProject) {
  const server = await startThrowawayPostgres("comarapa-test-");
  try {
    await createDatabase(server, TEMPLATE);
    await migrateDatabase(server.url(TEMPLATE), "strict");
    await createDatabase(server, SEEDED_TEMPLATE, TEMPLATE);
    await applySeed(server.url(SEEDED_TEMPLATE));
  } catch (error) {
    await server.close();
    throw error;
  }
  project.provide("pgPort", server.port);
  project.provide("signingKeys", JSON.stringify(await createSigningKeys()));
  return async () => {
    await server.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgPort: number;
    signingKeys: string;
  }
}
