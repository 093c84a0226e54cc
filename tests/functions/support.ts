import { LOCAL_AUTH_ISSUER } from "@comarapa/local-stack";
import { afterAll, beforeAll, expect } from "vitest";
import { createPool, type Pool } from "../../supabase/functions/_shared/db.ts";
import { createPurchasingApp } from "../../supabase/functions/purchasing/app.ts";
import { createReportsApp } from "../../supabase/functions/reports/app.ts";
import { createSalesApp } from "../../supabase/functions/sales/app.ts";
import { type Actor, testKeys, tokenFor } from "../helpers/act.ts";
import type { TestDatabase } from "../helpers/db.ts";
import { createRoleUsers, createUser, type RoleUsers, writeCounts } from "../helpers/fixtures.ts";
import type { ServedFunctions } from "../helpers/functions.ts";

/** Something that answers requests for `/<function>/…` paths: a Hono app in-process, or the gateway over HTTP. */
export interface Target {
  request(path: string, init?: RequestInit): Promise<Response>;
}

/** The gateway of functions served under Deno: `/sales` goes to `<url>/sales`. */
export function overHttp(served: ServedFunctions): Target {
  return { request: (path, init) => fetch(`${served.url}${path}`, init) };
}

export interface InProcess {
  pool: Pool;
  sales: Target;
  reports: Target;
  purchasing: Target;
  /** Every log line the apps wrote, in order. */
  logs: string[];
}

/**
 * The sales, reports and purchasing apps built in-process from their deps (a pool on this
 * file's database, this run's keys), as `index.ts` builds them under Deno.
 */
export function useInProcessApps(
  db: TestDatabase,
  keys: (all: ReturnType<typeof testKeys>) => { jwks?: { keys: unknown[] }; jwtSecret?: string } = (all) => ({
    jwks: all.jwks,
    jwtSecret: all.jwtSecret,
  }),
): InProcess {
  const holder = { logs: [] as string[] } as InProcess;
  beforeAll(() => {
    holder.pool = createPool(db.url, { max: 25 });
    const deps = {
      pool: holder.pool,
      ...keys(testKeys()),
      issuer: LOCAL_AUTH_ISSUER,
      log: (line: string) => holder.logs.push(line),
    };
    const sales = createSalesApp(deps);
    const reports = createReportsApp(deps);
    const purchasing = createPurchasingApp(deps);
    holder.sales = { request: async (path, init) => sales.request(path, init) };
    holder.reports = { request: async (path, init) => reports.request(path, init) };
    holder.purchasing = { request: async (path, init) => purchasing.request(path, init) };
  });
  afterAll(async () => {
    await holder.pool?.end();
  });
  return holder;
}

export type Users = RoleUsers & { staff2: Actor & { kind: "user" } };

/** One user per role (two cashiers), created once per file. */
export function useUsers(db: TestDatabase): Users {
  const holder = {} as Users;
  beforeAll(async () => {
    Object.assign(holder, await createRoleUsers(db.sql));
    holder.staff2 = await createUser(db.sql, "staff", "staff2");
  });
  return holder;
}

export interface RequestOptions {
  /** An actor (a token is signed for it), a raw token, or null for no Authorization header. */
  as?: Actor | string | null;
  alg?: "ES256" | "HS256";
  headers?: Record<string, string>;
}

async function authorization(options: RequestOptions): Promise<Record<string, string>> {
  if (options.as === null || options.as === undefined) return {};
  const token = typeof options.as === "string" ? options.as : await tokenFor(options.as, { alg: options.alg });
  return { authorization: `Bearer ${token}` };
}

/** The routes that move stock or money, which require an Idempotency-Key. */
const KEYED_ROUTES =
  /^\/sales$|^\/sales\/[^/]+\/returns$|^\/customers\/[^/]+\/payments$|^\/cash\/sessions\/[^/]+\/movements$/;

/**
 * A JSON POST (the body is sent as given when it is a string). A sale or a
 * customer's payment gets a fresh Idempotency-Key, as a well-behaved client
 * sends one, unless the test gives a key itself (in a header or the body) or
 * asks for none with `idempotencyKey: false`.
 */
export async function postJson(
  target: Target,
  path: string,
  body: unknown,
  options: RequestOptions & { idempotencyKey?: false } = {},
) {
  const givenKey =
    Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === "idempotency-key") ||
    (typeof body === "object" && body !== null && "idempotency_key" in body) ||
    (typeof body === "string" && body.includes('"idempotency_key"'));
  const key: Record<string, string> =
    KEYED_ROUTES.test(path) && options.idempotencyKey !== false && !givenKey
      ? { "idempotency-key": `test-${crypto.randomUUID()}` }
      : {};
  return target.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...key, ...(await authorization(options)), ...options.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function get(target: Target, path: string, options: RequestOptions = {}) {
  return target.request(path, { headers: { ...(await authorization(options)), ...options.headers } });
}

export interface Envelope<T = Record<string, unknown>> {
  success: boolean;
  data?: T;
  error?: { code: string; message: string; details: unknown };
}

/** The status and parsed body of a response, its raw text kept for leak checks. */
export async function read<T = Record<string, unknown>>(res: Response) {
  const text = await res.text();
  let body: Envelope<T>;
  try {
    body = JSON.parse(text) as Envelope<T>;
  } catch {
    throw new Error(`not JSON (${res.status}): ${text.slice(0, 500)}`);
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** Expects the error envelope with this status and code; returns the error. */
export async function expectError(res: Response | Promise<Response>, status: number, code: string) {
  const { status: actual, body, text } = await read(await res);
  expect({ status: actual, code: body.error?.code }, text).toEqual({ status, code });
  expect(body.success).toBe(false);
  expect(Object.keys(body).sort()).toEqual(["error", "success"]);
  expect(Object.keys(body.error ?? {}).sort()).toEqual(["code", "details", "message"]);
  expectNoLeak(text);
  return body.error as { code: string; message: string; details: unknown };
}

/** Nothing of the database or the runtime reaches the caller: no SQL, no stack, no Postgres internals. */
export function expectNoLeak(text: string) {
  expect(text).not.toMatch(/\n\s*at /);
  expect(text).not.toMatch(/\bat (async )?\S+ \(/);
  expect(text).not.toMatch(/file:\/\//);
  expect(text.toLowerCase()).not.toMatch(/\bselect\b|\binsert into\b|\bjson_to_record\b/);
  expect(text.toLowerCase()).not.toMatch(/postgres|plpgsql|pg_|relation|column|constraint|syntax/);
}

/** The fields a VALIDATION_ERROR names. */
export function fieldsOf(error: { details: unknown }): string[] {
  return ((error.details ?? []) as { field: string }[]).map((issue) => issue.field);
}

/**
 * Runs `fn` and checks it wrote nothing at all: ledger, products, stock,
 * sales, items and sale numbers (`writeCounts`) compared before and after.
 */
export async function writesNothing<T>(sql: TestDatabase["sql"], fn: () => Promise<T>): Promise<T> {
  const before = await writeCounts(sql);
  const result = await fn();
  expect(await writeCounts(sql)).toEqual(before);
  return result;
}

/** The structured request log lines (one per request), parsed. */
export function requestLines(logs: string[]): Record<string, unknown>[] {
  return logs.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return typeof parsed === "object" && parsed !== null && "request_id" in parsed ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

export type { Sale } from "../../supabase/functions/_shared/responses.ts";
