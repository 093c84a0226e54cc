import { createFunctionApp, type FunctionDeps, success } from "../_shared/http.ts";
import type { Sale, SaleReturn } from "../_shared/responses.ts";
import { jsonBody, pathParams } from "../_shared/validation.ts";
import { cancelSaleBody, createReturnBody, createSaleBody, saleIdParam } from "./schemas.ts";

/**
 * `POST /sales` (201 with the sale), `GET /sales/:id`, `POST /sales/:id/cancel`,
 * `POST /sales/:id/returns` (201 with the return): each one RPC, as its
 * caller, in one transaction.
 */
export function createSalesApp(deps: FunctionDeps) {
  const { app, auth, finish } = createFunctionApp("sales", deps);

  app.post("/", auth, jsonBody(createSaleBody, { idempotent: "sale" }), async (c) => {
    return success(c, await c.var.rpc<Sale>("create_sale", c.req.valid("json")), 201);
  });

  app.get("/:id", auth, pathParams(saleIdParam), async (c) => {
    const { id } = c.req.valid("param");
    return success(c, await c.var.rpc<Sale>("get_sale", { sale_id: id }, { readOnly: true }));
  });

  app.post("/:id/cancel", auth, pathParams(saleIdParam), jsonBody(cancelSaleBody), async (c) => {
    const { id } = c.req.valid("param");
    return success(c, await c.var.rpc<Sale>("cancel_sale", { sale_id: id, ...c.req.valid("json") }));
  });

  app.post(
    "/:id/returns",
    auth,
    pathParams(saleIdParam),
    jsonBody(createReturnBody, { idempotent: "return" }),
    async (c) => {
      const { id } = c.req.valid("param");
      const created = await c.var.rpc<SaleReturn>("create_return", { sale_id: id, ...c.req.valid("json") });
      return success(c, created, 201);
    },
  );

  return finish();
}
