import { type Caller, createTokenVerifier } from "../_shared/auth.ts";
import { asCaller, rpc, type Sql, type Tx } from "../_shared/db.ts";
import { AppError } from "../_shared/errors.ts";
import { createFunctionApp, methodNotAllowed, requireCaller, success } from "../_shared/http.ts";
import { jsonBody, pathParams } from "../_shared/validation.ts";
import { type CreateSaleBody, cancelSaleBody, createSaleBody, idempotencyKeyHeader, saleIdParam } from "./schemas.ts";

export interface SalesDeps {
  sql: Sql;
  jwks?: { keys: unknown[] };
  jwtSecret?: string;
  log?: (line: string) => void;
}

type SaleLineArgs = { product_id: string; quantity: number; unit_price?: number; discount?: number };

/** Lines given by SKU get their product id, looked up as the caller (RLS applies); an unknown SKU names its line. */
async function resolveLines(tx: Tx, items: CreateSaleBody["items"]): Promise<SaleLineArgs[]> {
  const skus = items.flatMap((line) => (line.sku ? [line.sku.toUpperCase()] : []));
  const ids = new Map<string, string>();
  if (skus.length > 0) {
    const rows = await tx<{ id: string; sku: string }[]>`select id, sku from public.products where sku = any(${skus})`;
    for (const row of rows) ids.set(row.sku, row.id);
  }
  if (skus.some((sku) => !ids.has(sku))) {
    // create_sale checks the caller's role before it looks at any line; an
    // unknown SKU must not tell someone who may not sell that it is unknown.
    await tx`select private.require_role('staff', 'sell')`;
  }
  return items.map((line, index) => {
    const productId = line.product_id ?? ids.get(line.sku?.toUpperCase() ?? "");
    if (!productId) {
      throw new AppError("PRODUCT_NOT_FOUND", `Line ${index + 1}: no product has SKU ${line.sku}.`, {
        line: index + 1,
        sku: line.sku,
      });
    }
    const { sku: _sku, product_id: _id, ...rest } = line;
    return { product_id: productId, ...rest };
  });
}

function callerContext(caller: Caller, method: string, path: string, requestId: string) {
  return { role: caller.role, claims: caller.claims, method, path, headers: { "x-request-id": requestId } };
}

/**
 * `POST /sales` (201 with the sale), `GET /sales/:id`, `POST /sales/:id/cancel`.
 * Every request runs as its caller, in one transaction, as PostgREST would.
 */
export function createSalesApp(deps: SalesDeps) {
  const app = createFunctionApp("sales", { log: deps.log });
  const auth = requireCaller(createTokenVerifier({ jwks: deps.jwks, jwtSecret: deps.jwtSecret }));

  app.post("/", auth, jsonBody(createSaleBody), async (c) => {
    const body = c.req.valid("json");
    const header = c.req.header("idempotency-key");
    let idempotencyKey = body.idempotency_key;
    if (header !== undefined) {
      const parsed = idempotencyKeyHeader.safeParse(header);
      if (!parsed.success || (idempotencyKey !== undefined && idempotencyKey !== header)) {
        throw new AppError(
          "VALIDATION_ERROR",
          "The Idempotency-Key header is invalid or differs from the body's key.",
          [{ field: "Idempotency-Key", message: "1 to 200 characters, equal to idempotency_key when both are sent" }],
        );
      }
      idempotencyKey = header;
    }
    const sale = await asCaller(
      deps.sql,
      callerContext(c.get("caller"), "POST", c.req.path, c.get("requestId")),
      async (tx) =>
        rpc(tx, "create_sale", {
          items: await resolveLines(tx, body.items),
          discount: body.discount,
          tax_rate: body.tax_rate,
          payment_method: body.payment_method,
          notes: body.notes,
          idempotency_key: idempotencyKey,
        }),
    );
    return success(c, sale, 201);
  });

  app.get("/:id", auth, pathParams(saleIdParam), async (c) => {
    const { id } = c.req.valid("param");
    const sale = await asCaller(
      deps.sql,
      { ...callerContext(c.get("caller"), "GET", c.req.path, c.get("requestId")), readOnly: true },
      (tx) => rpc(tx, "get_sale", { sale_id: id }),
    );
    return success(c, sale);
  });

  app.post("/:id/cancel", auth, pathParams(saleIdParam), jsonBody(cancelSaleBody), async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const sale = await asCaller(
      deps.sql,
      callerContext(c.get("caller"), "POST", c.req.path, c.get("requestId")),
      (tx) => rpc(tx, "cancel_sale", { sale_id: id, reason }),
    );
    return success(c, sale);
  });

  app.all("/", methodNotAllowed(["POST"]));
  app.all("/:id", methodNotAllowed(["GET"]));
  app.all("/:id/cancel", methodNotAllowed(["POST"]));
  return app;
}
