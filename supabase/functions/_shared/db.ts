import pg from "pg";
import { DatabaseUnavailable, isSqlError } from "./errors.ts";
import {
  beginStatement,
  type CallerContext,
  cached,
  callerStatement,
  type FunctionSignature,
  ROLE_SETTINGS_QUERY,
  type RoleSettings,
  requestSettings,
  roleSettingsFrom,
  rpcResult,
  rpcStatement,
  SIGNATURE_QUERY,
  signatureFrom,
} from "./postgrest.ts";

export type { CallerContext } from "./postgrest.ts";

/**
 * The functions' database access, on node-postgres: one pool per function
 * instance over `SUPABASE_DB_URL` (Supavisor in transaction mode on hosted
 * Supabase, so unnamed statements only). A dropped connection fails the
 * request it served (503) and is discarded; the next request opens a new one
 * at once, so a database restart costs the requests in flight and nothing
 * else.
 */
export interface Pool {
  raw: pg.Pool;
  /** The caller's role settings, read once per role (as PostgREST caches them). */
  roleSettings: Map<string, Promise<RoleSettings>>;
  /** RPC signatures by name, read once (the schema is fixed while a function runs). */
  signatures: Map<string, Promise<FunctionSignature>>;
  end(): Promise<void>;
}

interface PoolOptions {
  /** Connections this instance may hold (many instances share the database's pooler). */
  max: number;
  /** How long a request waits for a free connection, or for a new one to open, before 503 (ms). */
  waitMs?: number;
  /** A query that does not answer in this time (a vanished server) is abandoned with its connection (ms). */
  queryTimeoutMs?: number;
}

/** Socket error codes of a database that cannot be reached. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * True when the client failed to reach the database or lost it mid-request:
 * a socket error, or node-postgres' own (connection ended, no free connection
 * in time, no answer in time). Postgres' own refusals while it starts or stops
 * are SQL errors (57P03, 57P01) and mapped as such.
 */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error|Client was closed|not queryable/i.test(
    error.message,
  );
}

export function createPool(url: string, options: PoolOptions): Pool {
  const raw = new pg.Pool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: options.waitMs ?? 2_000,
    idleTimeoutMillis: 30_000,
    query_timeout: options.queryTimeoutMs ?? 20_000,
    application_name: "comarapa-edge",
  });
  // A connection that breaks while idle, or between two queries of a
  // request, reports it here; the request (if any) fails on its next query.
  raw.on("error", () => {});
  raw.on("connect", (client) => client.on("error", () => {}));
  return { raw, roleSettings: new Map(), signatures: new Map(), end: () => raw.end() };
}

/** One transaction's connection: run a statement, get its rows. */
export interface Tx {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

function connectionOf(client: pg.PoolClient): Tx & { broken: boolean } {
  const tx = {
    broken: false,
    async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
      try {
        return (await client.query(text, params)).rows as T[];
      } catch (error) {
        if (isSqlError(error)) throw error;
        // Anything else the client throws leaves the connection in doubt: discard it.
        tx.broken = true;
        throw isConnectionFailure(error) ? new DatabaseUnavailable(error) : error;
      }
    },
  };
  return tx;
}

/** One transaction on a pooled connection; the connection goes back to the pool, or is discarded when it broke. */
async function transaction<T>(pool: Pool, readOnly: boolean | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.raw.connect();
  } catch (error) {
    throw isConnectionFailure(error) ? new DatabaseUnavailable(error) : error;
  }
  const tx = connectionOf(client);
  try {
    await tx.query(beginStatement({ readOnly }));
    const result = await fn(tx);
    await tx.query("commit");
    return result;
  } catch (error) {
    if (!tx.broken) await tx.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release(tx.broken ? true : undefined);
  }
}

/**
 * Runs `fn` in one transaction as the caller, exactly as PostgREST runs a
 * request (see postgrest.ts), with the role's settings lowered to `bounds`
 * (a function's own time budget).
 */
export function asCaller<T>(
  pool: Pool,
  caller: CallerContext,
  fn: (tx: Tx) => Promise<T>,
  bounds: RoleSettings = {},
): Promise<T> {
  return transaction(pool, caller.readOnly, async (tx) => {
    const role = await settingsOf(pool, tx, caller.role);
    const { text, params } = callerStatement(caller, requestSettings(role, bounds));
    await tx.query(text, params);
    return fn(tx);
  });
}

function settingsOf(pool: Pool, tx: Tx, role: string): Promise<RoleSettings> {
  return cached(pool.roleSettings, role, () =>
    tx.query<{ setconfig: string[] | null }>(ROLE_SETTINGS_QUERY, [role]).then(roleSettingsFrom),
  );
}

/** Runs `fn` in one read-only transaction as the pool's own user (the health check: no caller). */
export function readAsOwner<T>(pool: Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(pool, true, fn);
}

/** Calls `public.<name>` the way PostgREST's `/rpc/<name>` does (postgrest.ts); `json` answers rows as JSON. */
export async function rpc<T = unknown>(
  pool: Pool,
  tx: Tx,
  name: string,
  args: Record<string, unknown> = {},
  options: { json?: boolean } = {},
): Promise<T> {
  const signature = await cached(pool.signatures, name, () =>
    tx
      .query<Parameters<typeof signatureFrom>[1][number]>(SIGNATURE_QUERY, [name])
      .then((rows) => signatureFrom(name, rows)),
  );
  const { text, params, shape } = rpcStatement(name, signature, args, options);
  return rpcResult<T>(await tx.query(text, params), shape, options);
}
