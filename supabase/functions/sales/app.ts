import { createFunctionApp, type FunctionDeps, finish, success } from "../_shared/http.ts";
import { requiredIdempotencyKey } from "../_shared/idempotency.ts";
import type { Sale } from "../_shared/responses.ts";
import { jsonBody, pathParams } from "../_shared/validation.ts";
import { cancelSaleBody, createSaleBody, saleIdParam } from "./schemas.ts";

/**
 * `POST /sales` (201 with the sale), `GET /sales/:id`, `POST /sales/:id/cancel`:
 * each one RPC, as its caller, in one transaction.
 */
export function createSalesApp(deps: FunctionDeps) {
  const { app, auth } = createFunctionApp("sales", deps);

  app.post("/", auth, jsonBody(createSaleBody), async (c) => {
    const { idempotency_key: bodyKey, ...sale } = c.req.valid("json");
    // A sale can commit while its answer is lost: there is no sale without a key.
    const key = requiredIdempotencyKey(c, bodyKey, "sale");
    const created = await c.var.rpc<Sale>("create_sale", { ...sale, idempotency_key: key });
    return success(c, created, 201);
  });

  app.get("/:id", auth, pathParams(saleIdParam), async (c) => {
    const { id } = c.req.valid("param");
    return success(c, await c.var.rpc<Sale>("get_sale", { sale_id: id }, { readOnly: true }));
  });

  app.post("/:id/cancel", auth, pathParams(saleIdParam), jsonBody(cancelSaleBody), async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    return success(c, await c.var.rpc<Sale>("cancel_sale", { sale_id: id, reason }));
  });

  return finish(app);
}
