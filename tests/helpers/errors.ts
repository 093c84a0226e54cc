import postgres from "postgres";

/** An error raised by Postgres, as postgres.js throws it. */
export type PgError = postgres.PostgresError;

/** What a PostgREST caller (supabase-js) receives for a failed request: the HTTP status and the error body. */
export interface Failure {
  status: number;
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

/**
 * The HTTP status PostgREST answers for a SQLSTATE, as its documentation maps
 * them: `PTnnn` → nnn, `42501` → 401 for anon and 403 otherwise, `23503` and
 * `23505` → 409, `42883`/`42P01` → 404, `25006` → 405, classes 0L, 0P and 28 →
 * 403, class 08 and 53 (but `53400`) → 503, the server-side classes (09, 25,
 * 2D, 38, 39, 3B, 40, 54, 55, 57, 58, F0, HV, P0 but `P0001`, XX) and `42P17`
 * → 500, and 400 for everything else, including class 22, class 23 and
 * `P0001`.
 */
export function httpStatusOf(sqlstate: string, anonymous: boolean): number {
  if (/^PT\d{3}$/.test(sqlstate)) return Number(sqlstate.slice(2));
  if (sqlstate === "42501") return anonymous ? 401 : 403;
  if (sqlstate === "23503" || sqlstate === "23505") return 409;
  if (sqlstate === "42883" || sqlstate === "42P01") return 404;
  if (sqlstate === "25006") return 405;
  if (/^(0L|0P|28)/.test(sqlstate)) return 403;
  if (sqlstate === "53400" || sqlstate === "42P17") return 500;
  if (/^(08|53)/.test(sqlstate)) return 503;
  if (/^(09|25|2D|38|39|3B|40|54|55|57|58|F0|HV|P0|XX)/.test(sqlstate) && sqlstate !== "P0001") return 500;
  return 400;
}

/** A Postgres error as PostgREST would answer it (`anonymous`: the caller is anon, for 42501). */
export function failureFrom(error: PgError, anonymous = false): Failure {
  return {
    status: httpStatusOf(error.code, anonymous),
    code: error.code,
    message: error.message,
    details: error.detail ?? null,
    hint: error.hint ?? null,
  };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Failure };

/**
 * Awaits one call and turns an error raised by Postgres into a value, so a
 * batch of racing calls can be awaited together. Anything that is not an
 * error raised by Postgres (a dropped connection, a bug in the test) still
 * throws.
 */
export async function attempt<T>(call: Promise<T>, options: { anonymous?: boolean } = {}): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (error instanceof postgres.PostgresError) return { ok: false, error: failureFrom(error, options.anonymous) };
    throw error;
  }
}

/** Awaits a call that must fail in the database and returns the error as PostgREST would answer it. */
export async function failureOf(call: Promise<unknown>, options: { anonymous?: boolean } = {}): Promise<Failure> {
  const outcome = await attempt(call, options);
  if (outcome.ok) throw new Error(`expected the call to fail, but it returned ${JSON.stringify(outcome.value)}`);
  return outcome.error;
}

/** Awaits a call that must fail in Postgres and returns the PostgresError itself (fails the test if it succeeded). */
export async function pgError(call: Promise<unknown>): Promise<PgError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof postgres.PostgresError) return error;
    throw error;
  }
  throw new Error(`expected a Postgres error, but the call succeeded with ${JSON.stringify(result)}`);
}

/** The JSON context a domain error carries in its hint (`{}` when it has none). */
export function hintOf(failure: Pick<Failure, "hint">): Record<string, unknown> {
  return failure.hint ? (JSON.parse(failure.hint) as Record<string, unknown>) : {};
}

/** The errors of a batch of outcomes, in order. */
export function failuresOf(outcomes: Outcome<unknown>[]): Failure[] {
  return outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
}

/** SQLSTATEs that must never reach a caller of a stock or sale RPC: deadlock and serialization failure. */
export const CONCURRENCY_FAILURES = ["40P01", "40001"];

/** The deadlocks and serialization failures among a batch of outcomes (none is acceptable). */
export function concurrencyFailures(outcomes: Outcome<unknown>[]): Failure[] {
  return failuresOf(outcomes).filter((failure) => CONCURRENCY_FAILURES.includes(failure.code));
}
