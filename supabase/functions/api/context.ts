import type { Context, MiddlewareHandler } from "hono";
import { type Pool, rpc } from "../_shared/db.ts";
import { AppError } from "../_shared/errors.ts";
import type { AppEnv, FunctionApp } from "../_shared/http.ts";
import type { SearchRow } from "../_shared/responses.ts";
import type { VisionModel } from "./vision/model.ts";

/** What each group of routes is registered with. */
export interface Routes {
  app: FunctionApp;
  /** Verifies the bearer token and gives the handler `c.var.rpc` / `c.var.db` as the caller. */
  auth: MiddlewareHandler<AppEnv>;
  pool: Pool;
  /** The model that reads invoices, or null when none is configured. */
  vision: VisionModel | null;
}

function forbidden(action: string): AppError {
  return new AppError("FORBIDDEN", `Only a user with a store role (viewer or above) may ${action}.`, {
    required_role: "viewer",
  });
}

/** FORBIDDEN unless the caller holds a store role (`current_user_role()`, which the database answers with private.has_role). */
export async function requireStoreRole(c: Context<AppEnv>, action: string): Promise<void> {
  const role = await c.var.rpc<string | null>("current_user_role", {}, { readOnly: true });
  if (role === null) throw forbidden(action);
}

/**
 * search_products as the caller. Its SQL answers a caller without a role
 * with no rows rather than a refusal (by design), so when nothing is found
 * the same read-only transaction asks current_user_role() and the front end
 * is told 403 FORBIDDEN as elsewhere.
 */
export async function searchProducts(
  c: Context<AppEnv>,
  pool: Pool,
  args: { search_term: string; result_limit: number },
  action: string,
): Promise<SearchRow[]> {
  const { rows, role } = await c.var.db(
    async (tx) => {
      const rows = await rpc<SearchRow[]>(pool, tx, "search_products", args, { json: true });
      const role = rows.length === 0 ? await rpc<string | null>(pool, tx, "current_user_role") : "";
      return { rows, role };
    },
    { readOnly: true },
  );
  if (role === null) throw forbidden(action);
  return rows;
}

/** Milliseconds since `started` (performance.now()), whole. */
export function elapsedMs(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}
