import postgres from "postgres";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** One pool per function instance, over `SUPABASE_DB_URL`. */
export function createPool(url: string, max = 10): Sql {
  return postgres(url, {
    max,
    idle_timeout: 30,
    connect_timeout: 10,
    // Supavisor in transaction mode does not keep named prepared statements.
    prepare: false,
    onnotice: () => {},
    connection: { application_name: "comarapa-edge" },
  });
}

/** Who a request runs as, and what PostgREST would tell the database about it. */
export interface CallerContext {
  role: "anon" | "authenticated" | "service_role";
  claims: Record<string, unknown>;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  readOnly?: boolean;
}

/**
 * Runs `fn` in one transaction as the caller, exactly as PostgREST runs a
 * request: read committed (read only for reads), then `role`,
 * `request.jwt.claims`, `request.method`, `request.path` and
 * `request.headers` set for the transaction only. RLS and grants apply.
 */
export function asCaller<T>(sql: Sql, caller: CallerContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const mode = caller.readOnly ? "isolation level read committed read only" : "isolation level read committed";
  return sql.begin(mode, async (tx) => {
    await tx`
      select set_config('role', ${caller.role}, true),
             set_config('request.jwt.claims', ${JSON.stringify(caller.claims)}, true),
             set_config('request.method', ${caller.method ?? "POST"}, true),
             set_config('request.path', ${caller.path ?? "/"}, true),
             set_config('request.headers', ${JSON.stringify(caller.headers ?? {})}, true)
    `;
    return fn(tx);
  }) as Promise<T>;
}

interface FunctionSignature {
  args: Map<string, string>;
  returnsSet: boolean;
  returnsComposite: boolean;
}

/** RPC signatures by function name, read once per process (the schema is fixed while a function runs). */
const signatures = new Map<string, FunctionSignature>();

async function signatureOf(tx: Tx, name: string): Promise<FunctionSignature> {
  const cached = signatures.get(name);
  if (cached) return cached;
  const rows = await tx<{ arg_names: string[] | null; arg_types: string[]; retset: boolean; composite: boolean }[]>`
    select p.proargnames as arg_names,
           array(select format_type(t, null) from unnest(p.proargtypes) as t) as arg_types,
           p.proretset as retset,
           (select typtype = 'c' from pg_type where oid = p.prorettype) as composite
      from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.proname = ${name}
  `;
  const row = rows[0];
  if (rows.length !== 1 || !row) throw new Error(`public.${name} is not one RPC function (${rows.length} found)`);
  const args = new Map<string, string>();
  row.arg_types.forEach((type, index) => {
    args.set(row.arg_names?.[index] ?? `$${index + 1}`, type);
  });
  const signature = { args, returnsSet: row.retset, returnsComposite: row.composite };
  signatures.set(name, signature);
  return signature;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Calls `public.<name>` the way PostgREST's `/rpc/<name>` does: the JSON body
 * becomes named arguments through `json_to_record` (so a value of the wrong
 * type fails as it would there, 22P02), omitted keys take their defaults.
 * Returns rows for a set-returning function, the row for a composite, else
 * the scalar value.
 */
export async function rpc<T = unknown>(tx: Tx, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const signature = await signatureOf(tx, name);
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
    const rows = await tx.unsafe(`select r.* from ${input ? `${input}, ` : ""}${call} as r`, params);
    return (signature.returnsSet ? rows : (rows[0] ?? null)) as unknown as T;
  }
  const rows = await tx.unsafe(`select ${call} as result${input ? ` from ${input}` : ""}`, params);
  return rows[0]?.result as T;
}
