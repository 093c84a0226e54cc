import { rpc } from "../../_shared/db.ts";
import type { ListedMovement, ListedSale, Movement, Page, Sale } from "../../_shared/responses.ts";
import { jsonBody, pathParams, queryParams, requiredIdempotencyKey } from "../../_shared/validation.ts";
import { cancelSaleBody, createSaleBody } from "../../sales/schemas.ts";
import type { Routes } from "../context.ts";
import { ok, paged } from "../envelope.ts";
import { listedMovement, listedSale, movement, sale } from "../present.ts";
import { idParam, movementsQuery, salesQuery, stockAdjustmentBody, stockMoveBody } from "../schemas.ts";

/**
 * `/v1/inventory…` over register_stock_entry, register_stock_exit,
 * adjust_stock and list_movements; `/v1/sales…` over create_sale, get_sale,
 * cancel_sale and list_sales. Each as the caller; the movement comes back
 * with its product's name and SKU, read in the same transaction.
 */
export function stockAndSalesRoutes({ app, auth, pool }: Routes) {
  const moves = [
    { path: "/v1/inventory/entry", fn: "register_stock_entry", body: stockMoveBody, said: "Entrada registrada" },
    { path: "/v1/inventory/exit", fn: "register_stock_exit", body: stockMoveBody, said: "Salida registrada" },
    { path: "/v1/inventory/adjustment", fn: "adjust_stock", body: stockAdjustmentBody, said: "Ajuste registrado" },
  ] as const;
  for (const move of moves) {
    app.post(move.path, auth, jsonBody(move.body), async (c) => {
      const args = c.req.valid("json");
      const { row, product } = await c.var.db(async (tx) => {
        const row = await rpc<Movement>(pool, tx, move.fn, args, { json: true });
        const [product] = await tx.query<{ name: string; sku: string }>(
          "select p.name, p.sku from public.products p where p.id = $1",
          [row.product_id],
        );
        return { row, product: product ?? { name: "", sku: "" } };
      });
      return ok(c, movement(row, product), {
        status: 201,
        message: `${move.said}. Stock actual: ${row.new_stock}.`,
      });
    });
  }

  app.get("/v1/inventory/movements", auth, queryParams(movementsQuery), async (c) => {
    const page = await c.var.rpc<Page<ListedMovement>>("list_movements", c.req.valid("query"), { readOnly: true });
    return paged(c, page, listedMovement);
  });

  app.get("/v1/sales", auth, queryParams(salesQuery), async (c) => {
    const { date, page, page_size } = c.req.valid("query");
    const listed = await c.var.rpc<Page<ListedSale>>("list_sales", { day: date, page, page_size }, { readOnly: true });
    return paged(c, listed, listedSale);
  });

  app.post("/v1/sales", auth, jsonBody(createSaleBody), async (c) => {
    const { idempotency_key: bodyKey, ...body } = c.req.valid("json");
    const key = requiredIdempotencyKey(c, bodyKey, "sale");
    const created = await c.var.rpc<Sale>("create_sale", { ...body, idempotency_key: key });
    return ok(c, sale(created), { status: 201, message: `Venta ${created.sale_number} registrada.` });
  });

  app.get("/v1/sales/:id", auth, pathParams(idParam), async (c) => {
    const { id } = c.req.valid("param");
    return ok(c, sale(await c.var.rpc<Sale>("get_sale", { sale_id: id }, { readOnly: true })));
  });

  app.post("/v1/sales/:id/cancel", auth, pathParams(idParam), jsonBody(cancelSaleBody), async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const cancelled = await c.var.rpc<Sale>("cancel_sale", { sale_id: id, reason });
    return ok(c, sale(cancelled), { message: `Venta ${cancelled.sale_number} anulada.` });
  });
}
