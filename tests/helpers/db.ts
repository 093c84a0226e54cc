import { PG_PASSWORD, PG_USER } from "@comarapa/local-stack";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { SEEDED_TEMPLATE, TEMPLATE } from "./names.ts";

export type Sql = postgres.Sql;

export function databaseUrl(database: string): string {
  return `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${inject("pgPort")}/${database}`;
}

export function connect(url: string, max = 10): Sql {
  return postgres(url, { max, onnotice: () => {}, prepare: false });
}

async function admin<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = connect(databaseUrl("postgres"), 1);
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** A superuser pool on this file's own database (setup and assertions only). */
  sql: Sql;
}

/** Creates a database cloned from a template (migrated, or migrated + seeded). */
export async function createTestDatabase(options: { seeded?: boolean; template?: string } = {}): Promise<TestDatabase> {
  const name = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const template = options.template ?? (options.seeded ? SEEDED_TEMPLATE : TEMPLATE);
  await admin((sql) => sql.unsafe(`create database "${name}" template "${template}"`));
  const url = databaseUrl(name);
  return { name, url, sql: connect(url, 30) };
}

export async function dropTestDatabase(db: TestDatabase): Promise<void> {
  await db.sql.end();
  await admin((sql) => sql.unsafe(`drop database if exists "${db.name}" with (force)`));
}

/** This test file's own database, created before its tests and dropped after. */
export function useTestDatabase(options: { seeded?: boolean } = {}): TestDatabase {
  const holder = {} as TestDatabase;
  let created = false;
  beforeAll(async () => {
    Object.assign(holder, await createTestDatabase(options));
    created = true;
  });
  afterAll(async () => {
    if (created) await dropTestDatabase(holder);
  });
  return holder;
}

/** The database's clock, to bracket `created_at` without trusting the test machine's. */
export async function databaseNow(sql: Sql): Promise<Date> {
  const [row] = await sql<{ now: Date }[]>`select clock_timestamp() as now`;
  if (!row) throw new Error("no clock");
  return row.now;
}

/**
 * A pool of `max` connections of its own on this file's database (one per
 * concurrent call), opened before the file's tests and closed after them.
 */
export function usePool(db: TestDatabase, max: number): { sql: Sql } {
  const holder = {} as { sql: Sql };
  beforeAll(() => {
    holder.sql = connect(db.url, max);
  });
  afterAll(async () => {
    await holder.sql?.end();
  });
  return holder;
}
