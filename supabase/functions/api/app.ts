import { createFunctionApp, type FunctionDeps, finish } from "../_shared/http.ts";
import type { Routes } from "./context.ts";
import { renderApiError } from "./envelope.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { stockAndSalesRoutes } from "./routes/stock-and-sales.ts";

/**
 * The REST API of the store's existing front end (Ticlla/FrontEnd-ComercialComarapa),
 * at `/functions/v1/api/v1/…`: its envelope, its shapes (money as strings with
 * two decimals), Spanish error sentences beside our codes, 422 for refused
 * input. Every route is one or two RPCs as the caller; no rule lives here.
 */
export function createApiApp(deps: FunctionDeps) {
  const { app, auth } = createFunctionApp("api", deps, { renderError: renderApiError });
  const routes: Routes = { app, auth, pool: deps.pool };
  catalogRoutes(routes);
  stockAndSalesRoutes(routes);
  return finish(app);
}
