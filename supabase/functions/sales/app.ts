import { AppError } from "../_shared/errors.ts";
import { createFunctionApp, type FunctionDeps, finish, success } from "../_shared/http.ts";
import type { Sale } from "../_shared/responses.ts";
import { jsonBody, pathParams } from "../_shared/validation.ts";
import { cancelSaleBody, createSaleBody, idempotencyKeyHeader, saleIdParam } from "./schemas.ts";

/**
 * `POST /sales` (201 with the sale), `GET /sales/:id`, `POST /sales/:id/cancel`:
 * each one RPC, as its caller, in one transaction.
 */
export function createSalesApp(deps: FunctionDeps) {
  const { app, auth } = createFunctionApp("sales", deps);

  app.post("/", auth, jsonBody(createSaleBody), async (c) => {
    const { idempotency_key: bodyKey, ...sale } = c.req.valid("json");
    const header = c.req.header("idempotency-key");
    if (header !== undefined && (!idempotencyKeyHeader.safeParse(header).success || (bodyKey ?? header) !== header)) {
      throw new AppError("VALIDATION_ERROR", "The Idempotency-Key header is invalid or differs from the body's key.", [
        { field: "Idempotency-Key", message: "1 to 200 characters, equal to idempotency_key when both are sent" },
      ]);
    }
    // A sale can commit while its answer is lost (a dropped connection, a
    // 503): only a key makes the retry safe, so there is no sale without one.
    const key = header ?? bodyKey;
    if (key === undefined) {
      throw new AppError(
        "IDEMPOTENCY_KEY_REQUIRED",
        "Send an Idempotency-Key header (or idempotency_key), new for each sale and the same on every retry of it.",
        [{ field: "Idempotency-Key", message: "required" }],
      );
    }
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
