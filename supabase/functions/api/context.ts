import type { Context, MiddlewareHandler } from "hono";
import type { Pool } from "../_shared/db.ts";
import type { AppEnv, FunctionApp } from "../_shared/http.ts";
import { ApiError } from "./envelope.ts";
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

/**
 * FORBIDDEN unless the caller holds a store role (`current_user_role()`,
 * which the database answers with private.has_role). For the reads whose SQL
 * answers a caller without a role with nothing rather than a refusal
 * (search_products, by design), so the front end is told 403 as elsewhere.
 */
export async function requireStoreRole(c: Context<AppEnv>, action: string): Promise<void> {
  const role = await c.var.rpc<string | null>("current_user_role", {}, { readOnly: true });
  if (role === null) {
    throw new ApiError(
      "FORBIDDEN",
      "No tienes permiso para realizar esta acción.",
      `Only a user with a store role (viewer or above) may ${action}.`,
      { required_role: "viewer" },
    );
  }
}

/** Milliseconds since `started` (performance.now()), whole. */
export function elapsedMs(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}
