import { LOCAL_AUTH_ISSUER } from "@comarapa/local-stack";
import { afterAll, beforeAll, expect } from "vitest";
import { createPool, type Pool } from "../../supabase/functions/_shared/db.ts";
import type { FunctionDeps } from "../../supabase/functions/_shared/http.ts";
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

/** The sales, reports and purchasing apps, in-process. */
export interface Apps {
  sales: Target;
  reports: Target;
  purchasing: Target;
}

/**
 * The sales, reports and purchasing apps built in-process on `pool`, with
 * these keys (the project's issuer) and log, as `index.ts` builds them under Deno.
 */
export function buildApps(pool: Pool, options: Pick<FunctionDeps, "jwks" | "jwtSecret" | "log">): Apps {
  const deps: FunctionDeps = { pool, issuer: LOCAL_AUTH_ISSUER, ...options };
  const inProcess = (app: { request(path: string, init?: RequestInit): Response | Promise<Response> }): Target => ({
    request: async (path, init) => app.request(path, init),
  });
  return {
    sales: inProcess(createSalesApp(deps)),
    reports: inProcess(createReportsApp(deps)),
    purchasing: inProcess(createPurchasingApp(deps)),
  };
}

export interface InProcess extends Apps {
  pool: Pool;
  /** Every log line the apps wrote, in order. */
  logs: string[];
}

/** The apps of `buildApps` on a pool on this file's database and this run's keys, for the whole file. */
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
    Object.assign(
      holder,
      buildApps(holder.pool, { ...keys(testKeys()), log: (line: string) => holder.logs.push(line) }),
    );
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

/** The Authorization header for `options.as` (none when it is null or missing). */
export async function authorization(options: RequestOptions): Promise<Record<string, string>> {
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
  return { status: res.status, body: parseJson<Envelope<T>>(text, `(${res.status})`), text, headers: res.headers };
}

/** A response's text parsed as JSON, or an error saying what answered (`from`) and what it sent instead. */
export function parseJson<T>(text: string, from: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON ${from}: ${text.slice(0, 500)}`);
  }
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
