import { createFunctionApp, type FunctionDeps, MAX_BODY_BYTES } from "../_shared/http.ts";
import type { Routes } from "./context.ts";
import { renderApiError } from "./envelope.ts";
import { EXTRACT_BODY_LIMIT } from "./invoices/images.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { importRoutes } from "./routes/import.ts";
import { stockAndSalesRoutes } from "./routes/stock-and-sales.ts";
import { createGeminiModel } from "./vision/gemini.ts";

/** Bodies larger than the kit's 64 KiB: the invoice images, and a bulk create of 100 products. */
export const BODY_LIMITS: Record<string, number> = {
  "/api/v1/import/extract-from-images": EXTRACT_BODY_LIMIT,
  "/api/v1/import/bulk-create": 512 * 1024,
};

/**
 * The REST API of the store's existing front end (Ticlla/FrontEnd-ComercialComarapa),
 * at `/functions/v1/api/v1/…`: its envelope, its shapes (money as strings with
 * two decimals), Spanish error sentences beside our codes, 422 for refused
 * input. Every route is one or two RPCs as the caller; no rule lives here.
 */
export function createApiApp(deps: FunctionDeps) {
  const { app, auth, finish } = createFunctionApp("api", deps, {
    renderError: renderApiError,
    bodyLimit: (path) => BODY_LIMITS[path] ?? MAX_BODY_BYTES,
  });
  const settings = deps.vision;
  /** The model that reads invoices: Gemini when `vision.apiKey` is set, else none. */
  const vision = settings?.apiKey
    ? createGeminiModel({ apiKey: settings.apiKey, model: settings.model, baseUrl: settings.baseUrl })
    : null;
  const routes: Routes = { app, auth, pool: deps.pool, vision };
  catalogRoutes(routes);
  stockAndSalesRoutes(routes);
  importRoutes(routes);
  return finish();
}
