import {
  createDatabase,
  createSigningKeys,
  migrateDatabase,
  type PostgresServer,
  type SigningKeys,
  startThrowawayPostgres,
  timedStep,
  withConnection,
} from "@comarapa/local-stack";
import { user } from "@comarapa/testkit";
import postgres from "postgres";

export type Sql = postgres.Sql;

const TEMPLATE = "bench_template";

/** The users the benchmark acts as (fixed ids, created in the template). */
export const USERS = {
  staff: { ...user("b0000000-0000-4000-8000-000000000001", "cajera@bench.comarapa.bo"), role: "staff" },
  manager: { ...user("b0000000-0000-4000-8000-000000000002", "gerente@bench.comarapa.bo"), role: "manager" },
} as const;

export interface BenchStack {
  server: PostgresServer;
  keys: SigningKeys;
  /** A new database cloned from the migrated template; returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A throw-away local stack for the benchmark: embedded Postgres 17 on a free
 * port in a temporary folder (removed on stop), the platform bootstrap and the
 * migrations through the Supabase CLI into a template database, the users the
 * scenarios act as, and fresh signing keys. Each data set is a clone of the
 * template.
 */
export async function startBenchStack(log: (line: string) => void): Promise<BenchStack> {
  const step = timedStep(log);
  const server = await step("Postgres 17 (throw-away)", () => startThrowawayPostgres("comarapa-bench-"));
  try {
    const templateUrl = server.url(TEMPLATE);
    await step("template database", () => createDatabase(server, TEMPLATE));
    await step("platform bootstrap and migrations (supabase db push)", () => migrateDatabase(templateUrl, "strict"));
    await withConnection(templateUrl, async (sql) => {
      for (const user of Object.values(USERS)) {
        await sql`insert into auth.users (id, email, email_confirmed_at) values (${user.id}, ${user.email}, now())`;
        await sql`insert into public.user_roles (user_id, role) values (${user.id}, ${user.role})`;
      }
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const keys = await createSigningKeys();
  return {
    server,
    keys,
    createDatabase: async (name) => {
      await createDatabase(server, name, TEMPLATE);
      return server.url(name);
    },
    stop: () => server.close(),
  };
}

/**
 * A client pool as the API tier would hold it: `max` connections, unnamed
 * statements (`prepare: false`, as the Edge Functions use through Supavisor).
 */
export function pool(url: string, max: number): Sql {
  return postgres(url, { max, prepare: false, onnotice: () => {}, idle_timeout: 60 });
}

/** Opens `max` connections now, so connection setup is never timed. */
export async function warmPool(sql: Sql, max: number): Promise<void> {
  await Promise.all(Array.from({ length: max }, () => sql.begin((tx) => tx`select pg_sleep(0.01)`)));
}

/**
 * The machine's commit latency: p50 of single-row autocommit inserts into a
 * scratch database (each waits for its WAL flush). A sale that holds a lock
 * until commit can never take less, so it explains the serialized scenarios.
 */
export async function commitLatency(stack: BenchStack, count = 200): Promise<number> {
  await createDatabase(stack.server, "bench_probe");
  const sql = postgres(stack.server.url("bench_probe"), { max: 1, onnotice: () => {} });
  try {
    await sql`create table probe (id serial primary key, at timestamptz default now())`;
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const t0 = performance.now();
      await sql`insert into probe default values`;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)] ?? Number.NaN;
  } finally {
    await sql.end();
  }
}
