import { expect } from "vitest";
import type { Sql } from "../helpers/db.ts";
import { type PgError, pgError } from "../helpers/errors.ts";

let counter = 0;

/** A name no other test (nor a second run) uses: upper-case letters, digits and '-', so it is also a valid SKU. */
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid.toString(36)}-${Date.now().toString(36)}-${counter}`.toUpperCase();
}

/** 42501 from a missing grant: `permission denied for table …` / `… for function …`. */
export async function expectPermissionDenied(call: Promise<unknown>): Promise<PgError> {
  const error = await pgError(call);
  expect({ code: error.code, message: error.message }).toEqual({
    code: "42501",
    message: expect.stringMatching(/^permission denied for /),
  });
  return error;
}

/** 42501 from a policy's WITH CHECK: `new row violates row-level security policy for table …`. */
export async function expectRlsViolation(call: Promise<unknown>): Promise<PgError> {
  const error = await pgError(call);
  expect({ code: error.code, message: error.message }).toEqual({
    code: "42501",
    message: expect.stringMatching(/^new row violates row-level security policy/),
  });
  return error;
}

/** A constraint violation with its SQLSTATE and the constraint's name. */
export async function expectConstraint(call: Promise<unknown>, code: string, constraint: string): Promise<PgError> {
  const error = await pgError(call);
  expect({ code: error.code, constraint_name: error.constraint_name }).toEqual({ code, constraint_name: constraint });
  return error;
}

/** One of our catalogued errors: `PTnnn` and the upper-snake-case code as the message. */
export async function expectAppError(call: Promise<unknown>, sqlstate: string, code: string): Promise<PgError> {
  const error = await pgError(call);
  expect({ code: error.code, message: error.message }).toEqual({ code: sqlstate, message: code });
  return error;
}

export interface StoreSettingsRow {
  id: boolean;
  store_name: string;
  currency: string;
  timezone: string;
  default_tax_rate: string;
  /** As text, to the microsecond, so a restore is exact. */
  created_at: string;
  updated_at: string;
}

/** The single store_settings row as the superuser sees it. */
export async function storeSettings(sql: Sql): Promise<StoreSettingsRow[]> {
  return sql<StoreSettingsRow[]>`
    select id, store_name, currency, timezone, default_tax_rate::text,
           created_at::text, updated_at::text
      from public.store_settings
  `;
}

/** Puts store_settings back exactly as it was (triggers off, so updated_at too): tests that change it call this. */
export async function restoreStoreSettings(sql: Sql, rows: StoreSettingsRow[]): Promise<void> {
  const [row] = rows;
  if (!row) throw new Error("no store_settings snapshot");
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      update public.store_settings
         set store_name = ${row.store_name}, currency = ${row.currency}, timezone = ${row.timezone},
             default_tax_rate = ${row.default_tax_rate}, created_at = ${row.created_at}::text::timestamptz,
             updated_at = ${row.updated_at}::text::timestamptz
    `;
  });
  expect(await storeSettings(sql)).toEqual(rows);
}
