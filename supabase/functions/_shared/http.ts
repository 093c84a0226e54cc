import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { bearerToken, type Caller, createTokenVerifier, type TokenOptions } from "./auth.ts";
import { asCaller, type Pool, rpc, type Tx } from "./db.ts";
import type { VisionSettings } from "./env.ts";
import { AppError, fromDatabaseError } from "./errors.ts";
import type { RoleSettings } from "./postgrest.ts";

/** What every function is built from: its database pool, the keys its tokens are checked against, where it logs. */
export interface FunctionDeps extends TokenOptions {
  pool: Pool;
  /** Receives the one JSON line per request (default: stdout). */
  log?: (line: string) => void;
  /** The vision model's settings (GEMINI_*), for the functions that read invoices. */
  vision?: VisionSettings;
}

/** Runs `fn` in one transaction as the request's caller, as PostgREST would. */
type AsCaller = <T>(fn: (tx: Tx) => Promise<T>, options?: { readOnly?: boolean }) => Promise<T>;

export interface AppVariables {
  requestId: string;
  caller: Caller;
  /** The request's database access, as its caller: `c.var.db((tx) => …, { readOnly })`. */
  db: AsCaller;
  /**
   * `POST /rpc/<name>` as the caller, in one transaction: `c.var.rpc("get_sale", { sale_id }, { readOnly: true })`;
   * `json: true` answers rows as JSON (`to_jsonb`), as PostgREST would send them.
   */
  rpc: <T = unknown>(
    name: string,
    args?: Record<string, unknown>,
    options?: { readOnly?: boolean; json?: boolean },
  ) => Promise<T>;
  errorCode: string;
  /** What went wrong inside, for the log line only (never the response). */
  internalError: string;
}
export type AppEnv = { Variables: AppVariables };
export type FunctionApp = Hono<AppEnv>;

/** Largest request body any function accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * How long one request may hold the database, within its role's own limits
 * (8 s for a signed-in user): a statement 5 s, a lock wait 2 s (the RPCs ask
 * no more), an idle transaction 10 s (a function that died mid-request frees
 * its locks). A timed-out request writes nothing and answers 503
 * DATABASE_TIMEOUT with Retry-After.
 */
export const REQUEST_BOUNDS: RoleSettings = {
  statement_timeout: "5s",
  lock_timeout: "2s",
  idle_in_transaction_session_timeout: "10s",
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function success<T>(c: Context<AppEnv>, data: T, status: ContentfulStatusCode = 200) {
  return c.json({ success: true as const, data }, status);
}

/** Seconds a client should wait before retrying a 503 (with the same Idempotency-Key). */
const RETRY_AFTER_SECONDS = 1;

/** The database's own 503s: retry after Retry-After seconds. */
const RETRYABLE = new Set(["DATABASE_TIMEOUT", "SERVICE_UNAVAILABLE"]);

/** The functions' error envelope: `{success: false, error: {code, message, details}}` with the code's status. */
function errorEnvelope(c: Context<AppEnv>, error: AppError): Response {
  return c.json(
    { success: false as const, error: { code: error.code, message: error.message, details: error.details ?? null } },
    error.status as ContentfulStatusCode,
  );
}

/** What a function may change in the kit's behaviour. */
interface FunctionAppOptions {
  /** Writes an error's response (default: errorEnvelope). */
  renderError?: (c: Context<AppEnv>, error: AppError) => Response;
  /** The largest body a path accepts, in bytes (default: MAX_BODY_BYTES everywhere). */
  bodyLimit?: (path: string) => number;
}

function toAppError(error: unknown, c: Context<AppEnv>, limit: number): AppError {
  if (error instanceof AppError) return error;
  const fromDb = fromDatabaseError(error, { anonymous: c.get("caller")?.role === "anon" });
  if (fromDb) return fromDb;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${limit} bytes.`);
    if (error.message.startsWith("Malformed JSON")) return new AppError("INVALID_JSON", "The body is not valid JSON.");
    return new AppError("VALIDATION_ERROR", error.message);
  }
  return new AppError("INTERNAL_ERROR", "Unexpected error.");
}

/**
 * A Hono app for one Edge Function, mounted at `/<name>` (the path Supabase
 * delivers), and the `auth` middleware its routes put first:
 *
 * - request id (taken from `X-Request-Id` when sane, made otherwise), one
 *   JSON log line per request (with the internal error of a 5xx);
 * - CORS for the methods the routes declare, a body limit;
 * - one `onError` that turns every failure into the error envelope without
 *   leaking internals, and 404 `NOT_FOUND` for an unknown route;
 * - `auth`: verifies the bearer token (401 otherwise) and gives the handler
 *   `c.var.db` / `c.var.rpc`, which run as the caller exactly as PostgREST.
 *
 * Declare the routes, then return `finish()`: every declared path then
 * answers its other methods with 405 `METHOD_NOT_ALLOWED` and an `Allow`
 * header, and CORS allows exactly the declared methods.
 */
export function createFunctionApp(name: string, deps: FunctionDeps, options: FunctionAppOptions = {}) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const render = options.renderError ?? errorEnvelope;
  const limitOf = options.bodyLimit ?? (() => MAX_BODY_BYTES);
  const base = `/${name}`;
  const app: FunctionApp = new Hono<AppEnv>().basePath(base);
  /** What CORS allows: the methods the routes declare (set by `finish`), and OPTIONS. */
  let allowMethods = ["OPTIONS"];
  const failure = (c: Context<AppEnv>, error: AppError) => {
    c.set("errorCode", error.code);
    if (RETRYABLE.has(error.code)) c.header("Retry-After", String(RETRY_AFTER_SECONDS));
    return render(c, error);
  };

  app.use("*", async (c, next) => {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    const requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.header("X-Request-Id", requestId);
    const caller = c.get("caller");
    log(
      JSON.stringify({
        time: new Date().toISOString(),
        level: c.res.status >= 500 ? "error" : "info",
        function: name,
        request_id: requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        user_id: caller?.userId ?? null,
        error_code: c.get("errorCode") ?? null,
        ...(c.get("internalError") ? { error: c.get("internalError") } : {}),
      }),
    );
  });
  app.use(
    "*",
    cors({
      origin: "*",
      allowHeaders: ["authorization", "x-client-info", "apikey", "content-type", "idempotency-key", "x-request-id"],
      allowMethods: () => allowMethods,
      exposeHeaders: ["x-request-id"],
      maxAge: 86400,
    }),
  );
  // One body-limit middleware per size a path asks for.
  const limiters = new Map<number, MiddlewareHandler>();
  app.use("*", (c, next) => {
    const maxSize = limitOf(c.req.path);
    let limiter = limiters.get(maxSize);
    if (!limiter) {
      // Too large: Hono throws HTTPException 413, which onError answers as PAYLOAD_TOO_LARGE.
      limiter = bodyLimit({ maxSize });
      limiters.set(maxSize, limiter);
    }
    return limiter(c, next);
  });

  app.onError((error, c) => {
    const appError = toAppError(error, c, limitOf(c.req.path));
    if (appError.status >= 500 && !c.get("internalError")) {
      // Written in the request's one log line, which the request id finds
      // (unless the handler already said what went wrong inside).
      const code = (error as { code?: unknown } | null)?.code;
      c.set(
        "internalError",
        error instanceof Error
          ? `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${error.message}`
          : String(error),
      );
    }
    return failure(c, appError);
  });
  app.notFound((c) => failure(c, new AppError("NOT_FOUND", `No route ${c.req.method} ${c.req.path}.`)));

  const verify = createTokenVerifier(deps);
  const auth: MiddlewareHandler<AppEnv> = async (c, next) => {
    const caller = await verify(bearerToken(c.req.header("authorization")));
    c.set("caller", caller);
    const db: AsCaller = (fn, options = {}) =>
      asCaller(
        deps.pool,
        {
          role: caller.role,
          claims: caller.claims,
          method: c.req.method,
          path: c.req.path,
          headers: { "x-request-id": c.get("requestId") },
          readOnly: options.readOnly,
        },
        fn,
        REQUEST_BOUNDS,
      );
    c.set("db", db);
    c.set("rpc", (fnName, args = {}, options = {}) =>
      db((tx) => rpc(deps.pool, tx, fnName, args, { json: options.json }), { readOnly: options.readOnly }),
    );
    await next();
  };
  const finish = (): FunctionApp => {
    const allMethods = new Set<string>();
    const byPath = new Map<string, Set<string>>();
    for (const route of app.routes) {
      if (route.method === "ALL") continue; // the middleware of createFunctionApp
      const path = route.path.slice(base.length) || "/";
      byPath.set(path, (byPath.get(path) ?? new Set()).add(route.method));
      allMethods.add(route.method);
    }
    allowMethods = [...allMethods, "OPTIONS"];
    for (const [path, methods] of byPath) {
      const allowed = [...methods];
      app.all(path, (c) => {
        c.header("Allow", [...allowed, "OPTIONS"].join(", "));
        throw new AppError(
          "METHOD_NOT_ALLOWED",
          `${c.req.method} ${c.req.path} is not served; use ${allowed.join(" or ")}.`,
        );
      });
    }
    return app;
  };
  return { app, auth, finish };
}
