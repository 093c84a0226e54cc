import postgres from "postgres";

/** One step of a load, logged with how long it took. */
export type Step = (what: string, fn: () => Promise<unknown>) => Promise<void>;

export interface Loader {
  sql: postgres.Sql;
  step: Step;
  /** Turns foreign-key triggers back on, then vacuums and analyzes `tables` (schema-qualified), as one step. */
  finish: (tables: readonly string[]) => Promise<void>;
}

/**
 * One connection set up for a bulk load as the superuser: foreign-key
 * triggers off (session_replication_role = replica), 256 MB of work memory,
 * 512 MB for index builds, commits not waited for, and pg_temp.h(i, salt), a
 * deterministic non-negative hash. `tempBuffers` sizes the session's
 * temporary tables (set first, before any is made). The caller ends `sql`.
 */
export async function openLoader(
  url: string,
  log: (line: string) => void,
  options: { tempBuffers?: string } = {},
): Promise<Loader> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const step: Step = async (what, fn) => {
    const t0 = performance.now();
    await fn();
    log(`      ${what} (${Math.round(performance.now() - t0)} ms)`);
  };
  try {
    if (options.tempBuffers) await sql.unsafe(`set temp_buffers = '${options.tempBuffers}'`);
    await sql`set session_replication_role = replica`;
    await sql`set work_mem = '256MB'`;
    await sql`set maintenance_work_mem = '512MB'`;
    await sql`set synchronous_commit = off`;
    await sql.unsafe(`
      create function pg_temp.h(i bigint, salt bigint) returns bigint
      language sql immutable parallel safe as $$ select hashint8extended(i, salt) & 2147483647 $$
    `);
  } catch (error) {
    await sql.end();
    throw error;
  }
  const finish = async (tables: readonly string[]) => {
    await sql`reset session_replication_role`;
    await step("vacuum analyze", async () => {
      for (const table of tables) await sql.unsafe(`vacuum (analyze) ${table}`);
    });
  };
  return { sql, step, finish };
}
