/**
 * What PostgREST does with a request, as statements any Postgres client can
 * run: the functions (node-postgres, `db.ts`) and the tests and bench
 * (postgres.js, `packages/testkit`) act as the caller through this one
 * definition. No I/O here.
 *
 * A request is one transaction: `begin` (read only for reads), then the
 * caller's role, claims and request settings, then the role's own settings
 * (`alter role … set statement_timeout …`, as PostgREST applies an
 * impersonated role's settings), then the call, then commit.
 */

/**
 * `map`'s promise for `key`, made by `load` the first time; a promise that
 * fails is forgotten, so the next call loads again.
 */
export function cached<K, V>(map: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let value = map.get(key);
  if (!value) {
    value = load();
    value.catch(() => map.delete(key));
    map.set(key, value);
  }
  return value;
}

/** Who a request runs as, and what PostgREST tells the database about it. */
export interface CallerContext {
  role: "anon" | "authenticated" | "service_role";
  claims: Record<string, unknown>;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  readOnly?: boolean;
}

export function beginStatement(caller: Pick<CallerContext, "readOnly">): string {
  return caller.readOnly ? "begin isolation level read committed read only" : "begin isolation level read committed";
}

/** The role settings a request honours: how long a statement, a lock wait or an idle transaction may last. */
const ROLE_SETTINGS = ["statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout"] as const;
export type RoleSettings = Partial<Record<(typeof ROLE_SETTINGS)[number], string>>;

/** Reads a role's settings, those for this database first (`alter role … in database … set …`). */
export const ROLE_SETTINGS_QUERY = `
  select s.setconfig
    from pg_catalog.pg_db_role_setting s
   where s.setrole = (select r.oid from pg_catalog.pg_roles r where r.rolname = $1)
     and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d where d.datname = current_database()))
   order by s.setdatabase desc`;

/** The settings ROLE_SETTINGS names, from the rows of ROLE_SETTINGS_QUERY (the first row wins a name). */
export function roleSettingsFrom(rows: { setconfig: string[] | null }[]): RoleSettings {
  const settings: RoleSettings = {};
  for (const row of rows) {
    for (const entry of row.setconfig ?? []) {
      const at = entry.indexOf("=");
      const name = entry.slice(0, at) as (typeof ROLE_SETTINGS)[number];
      if (ROLE_SETTINGS.includes(name) && settings[name] === undefined) settings[name] = entry.slice(at + 1);
    }
  }
  return settings;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** A Postgres duration setting in milliseconds ("8s", "250ms", "1min", "500" = ms); null for 0, no limit. */
function durationMs(value: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? "ms"] ?? 1);
  return ms === 0 ? null : ms;
}

/**
 * The settings of one request: the role's, each lowered to `bounds` (in ms)
 * where the caller of asCaller sets a tighter one. A role's limit is never
 * raised.
 */
export function requestSettings(role: RoleSettings, bounds: RoleSettings = {}): RoleSettings {
  const settings: RoleSettings = { ...role };
  for (const name of ROLE_SETTINGS) {
    const bound = bounds[name];
    if (bound === undefined) continue;
    const current = settings[name] === undefined ? null : durationMs(settings[name] as string);
    const limit = durationMs(bound);
    if (limit !== null && (current === null || limit < current)) settings[name] = bound;
  }
  return settings;
}

/** The statement that makes the transaction the caller's, with its parameters. */
export function callerStatement(caller: CallerContext, settings: RoleSettings): { text: string; params: string[] } {
  const params = [
    caller.role,
    JSON.stringify(caller.claims),
    caller.method ?? "POST",
    caller.path ?? "/",
    JSON.stringify(caller.headers ?? {}),
  ];
  const calls = [
    "set_config('role', $1, true)",
    "set_config('request.jwt.claims', $2, true)",
    "set_config('request.method', $3, true)",
    "set_config('request.path', $4, true)",
    "set_config('request.headers', $5, true)",
  ];
  for (const name of ROLE_SETTINGS) {
    const value = settings[name];
    if (value === undefined) continue;
    params.push(value);
    calls.push(`set_config('${name}', $${params.length}, true)`);
  }
  return { text: `select ${calls.join(", ")}`, params };
}

/** An RPC's signature: its argument names and types, and what it returns. */
export interface FunctionSignature {
  args: Map<string, string>;
  returnsSet: boolean;
  returnsComposite: boolean;
}

export const SIGNATURE_QUERY = `
  select p.proargnames as arg_names,
         array(select pg_catalog.format_type(t, null) from unnest(p.proargtypes) as t) as arg_types,
         p.proretset as retset,
         (select typtype = 'c' from pg_catalog.pg_type where oid = p.prorettype) as composite
    from pg_catalog.pg_proc p
   where p.pronamespace = 'public'::regnamespace and p.proname = $1`;

export function signatureFrom(
  name: string,
  rows: { arg_names: string[] | null; arg_types: string[]; retset: boolean; composite: boolean }[],
): FunctionSignature {
  const row = rows[0];
  if (rows.length !== 1 || !row) throw new Error(`public.${name} is not one RPC function (${rows.length} found)`);
  const args = new Map<string, string>();
  row.arg_types.forEach((type, index) => {
    args.set(row.arg_names?.[index] ?? `$${index + 1}`, type);
  });
  return { args, returnsSet: row.retset, returnsComposite: row.composite };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `POST /rpc/<name>` as a statement: the JSON body becomes named arguments
 * through `json_to_record` (so a value of the wrong type fails as it would
 * there, 22P02), omitted keys take their defaults. `shape` says what to take
 * from the rows: all of them (set-returning), the first (composite), or the
 * `result` column of the first (scalar). With `json`, each row of a
 * set-returning or composite result comes as the JSON PostgREST would send
 * (`to_jsonb`: timestamps as Postgres writes them, numbers as numbers).
 */
export function rpcStatement(
  name: string,
  signature: FunctionSignature,
  args: Record<string, unknown>,
  options: { json?: boolean } = {},
): { text: string; params: string[]; shape: "rows" | "row" | "value" } {
  const keys = Object.keys(args).filter((key) => args[key] !== undefined);
  for (const key of keys) {
    if (!signature.args.has(key)) throw new Error(`public.${name} has no argument "${key}"`);
  }
  const named = keys.map((key) => `${quoteIdent(key)} := _.${quoteIdent(key)}`).join(", ");
  const columns = keys.map((key) => `${quoteIdent(key)} ${signature.args.get(key)}`).join(", ");
  const input = keys.length > 0 ? `json_to_record($1::text::json) as _(${columns})` : "";
  const params = keys.length > 0 ? [JSON.stringify(Object.fromEntries(keys.map((key) => [key, args[key]])))] : [];
  const call = `public.${quoteIdent(name)}(${named})`;
  if (signature.returnsSet || signature.returnsComposite) {
    return {
      text: `select ${options.json ? "to_jsonb(r) as result" : "r.*"} from ${input ? `${input}, ` : ""}${call} as r`,
      params,
      shape: signature.returnsSet ? "rows" : "row",
    };
  }
  return { text: `select ${call} as result${input ? ` from ${input}` : ""}`, params, shape: "value" };
}

/** The answer of an RPC from its rows, as `rpcStatement` shaped them (`json` as it was given there). */
export function rpcResult<T>(
  rows: Record<string, unknown>[],
  shape: "rows" | "row" | "value",
  options: { json?: boolean } = {},
): T {
  if (options.json && shape !== "value") {
    const values = rows.map((row) => row.result);
    return (shape === "rows" ? values : (values[0] ?? null)) as T;
  }
  if (shape === "rows") return rows as unknown as T;
  if (shape === "row") return (rows[0] ?? null) as T;
  return rows[0]?.result as T;
}
