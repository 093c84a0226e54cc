import { type Context, type Handler, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { bearerToken, type Caller, type VerifyToken } from "./auth.ts";
import { AppError, fromDatabaseError } from "./errors.ts";

export interface AppVariables {
  requestId: string;
  caller: Caller;
  errorCode: string;
  /** What went wrong inside, for the log line only (never the response). */
  internalError: string;
}
export type AppEnv = { Variables: AppVariables };

/** Largest request body any function accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function success<T>(c: Context<AppEnv>, data: T, status: ContentfulStatusCode = 200) {
  return c.json({ success: true as const, data }, status);
}

function failure(c: Context<AppEnv>, error: AppError) {
  c.set("errorCode", error.code);
  return c.json(
    { success: false as const, error: { code: error.code, message: error.message, details: error.details ?? null } },
    error.status as ContentfulStatusCode,
  );
}

function toAppError(error: unknown, c: Context<AppEnv>): AppError {
  if (error instanceof AppError) return error;
  const fromDb = fromDatabaseError(error, { anonymous: c.get("caller")?.role === "anon" });
  if (fromDb) return fromDb;
  if (error instanceof HTTPException) {
    if (error.status === 413)
      return new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    if (error.message.startsWith("Malformed JSON")) return new AppError("INVALID_JSON", "The body is not valid JSON.");
    return new AppError("VALIDATION_ERROR", error.message);
  }
  return new AppError("INTERNAL_ERROR", "Unexpected error.");
}

/**
 * A Hono app for one Edge Function, mounted at `/<name>` (the path Supabase
 * delivers): request id (taken from `X-Request-Id` or made), one JSON log
 * line per request (with the internal error of a 5xx), CORS, a body limit,
 * and one `onError` that turns every failure into the error envelope without
 * leaking internals.
 */
export function createFunctionApp(name: string, options: { log?: (line: string) => void } = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const app = new Hono<AppEnv>().basePath(`/${name}`);

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
      allowMethods: ["GET", "POST", "OPTIONS"],
      exposeHeaders: ["x-request-id"],
      maxAge: 86400,
    }),
  );
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        failure(
          c as Context<AppEnv>,
          new AppError("PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES} bytes.`),
        ),
    }),
  );

  app.onError((error, c) => {
    const appError = toAppError(error, c);
    if (appError.status >= 500) {
      // Written in the request's one log line, which the request id finds.
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
  return app;
}

/** Verifies the bearer token and sets `caller`; 401 otherwise. */
export function requireCaller(verify: VerifyToken): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("caller", await verify(bearerToken(c.req.header("authorization"))));
    await next();
  };
}

/** For a path the function serves, every other method: 405 with an `Allow` header. */
export function methodNotAllowed(allowed: string[]): Handler<AppEnv> {
  return (c) => {
    c.header("Allow", [...allowed, "OPTIONS"].join(", "));
    throw new AppError(
      "METHOD_NOT_ALLOWED",
      `${c.req.method} ${c.req.path} is not served; use ${allowed.join(" or ")}.`,
    );
  };
}
