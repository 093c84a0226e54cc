import { type FunctionsServer, freePort, startFunctions } from "@comarapa/local-stack";
import { afterAll, beforeAll } from "vitest";
import { testKeys } from "./act.ts";
import type { TestDatabase } from "./db.ts";

export interface ServedFunctions {
  server: FunctionsServer;
  url: string;
  logs: string[];
}

/**
 * Serves Edge Functions under real Deno against this file's database, for the
 * file's tests; `secrets` (asked for once the file's other `beforeAll`s have
 * run, so a stub server's address can be given) are the functions' secrets.
 */
export function useServedFunctions(
  db: TestDatabase,
  only?: string[],
  options: { secrets?: () => Record<string, string> } = {},
): ServedFunctions {
  const holder = { logs: [] as string[] } as ServedFunctions;
  beforeAll(async () => {
    holder.server = await startFunctions({
      port: await freePort(),
      dbUrl: db.url,
      keys: testKeys(),
      only,
      secrets: options.secrets?.(),
      onLog: (_name, line) => {
        holder.logs.push(line);
      },
    });
    holder.url = holder.server.url;
  });
  afterAll(async () => {
    await holder.server?.stop();
  });
  return holder;
}
