import { csvResponse } from "../_shared/csv.ts";
import { AppError } from "../_shared/errors.ts";
import { createFunctionApp, type FunctionDeps, success } from "../_shared/http.ts";
import {
  type GoodsReceipt,
  type InvoiceLineMatch,
  type PurchaseOrder,
  type ReorderSuggestion,
  reorderSuggestionSchema,
} from "../_shared/responses.ts";
import { checkJsonBody, jsonBody, mediaType, pathParams, queryParams } from "../_shared/validation.ts";
import { parseInvoiceCsv } from "./invoice-csv.ts";
import { reorderRows } from "./reorder-csv.ts";
import { matchInvoiceBody, matchInvoiceQuery, purchaseOrderIdParam, receiveBody, reorderQuery } from "./schemas.ts";

/**
 * `POST /purchasing/invoices/match` (an invoice's lines as JSON, or the
 * invoice as CSV text), `GET /purchasing/purchase-orders/:id`,
 * `POST /purchasing/purchase-orders/:id/receive` (201 with the receipt;
 * Idempotency-Key required), `GET /purchasing/reorder-suggestions[?format=csv]`:
 * each one RPC, as its caller, in one transaction.
 */
export function createPurchasingApp(deps: FunctionDeps) {
  const { app, auth, finish } = createFunctionApp("purchasing", deps);

  app.post("/invoices/match", auth, queryParams(matchInvoiceQuery), async (c) => {
    const query = c.req.valid("query");
    const type = mediaType(c);
    let args: { supplier_id?: string | null; lines: unknown[] };
    if (type === "text/csv" || type === "text/plain") {
      args = { supplier_id: query.supplier_id, lines: parseInvoiceCsv(await c.req.text()) };
    } else if (type === "application/json") {
      if (query.supplier_id !== undefined) {
        throw new AppError("VALIDATION_ERROR", "The query string is invalid.", [
          { field: "supplier_id", message: "only with a CSV body; a JSON body names its supplier_id itself" },
        ]);
      }
      let value: unknown;
      try {
        value = await c.req.json();
      } catch {
        throw new AppError("INVALID_JSON", "The body is not valid JSON.");
      }
      args = checkJsonBody(matchInvoiceBody, value);
    } else {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the invoice as application/json or as text/csv.");
    }
    return success(
      c,
      await c.var.rpc<InvoiceLineMatch[]>(
        "match_invoice_lines",
        { supplier_id: args.supplier_id ?? null, lines: args.lines },
        { readOnly: true },
      ),
    );
  });

  app.get("/purchase-orders/:id", auth, pathParams(purchaseOrderIdParam), async (c) => {
    const { id } = c.req.valid("param");
    return success(
      c,
      await c.var.rpc<PurchaseOrder>("get_purchase_order", { purchase_order_id: id }, { readOnly: true }),
    );
  });

  // A delivery can be recorded while its answer is lost: there is no receipt without a key.
  app.post(
    "/purchase-orders/:id/receive",
    auth,
    pathParams(purchaseOrderIdParam),
    jsonBody(receiveBody, { idempotent: "delivery" }),
    async (c) => {
      const { id } = c.req.valid("param");
      const received = await c.var.rpc<GoodsReceipt>("receive_purchase_order", {
        purchase_order_id: id,
        ...c.req.valid("json"),
      });
      return success(c, received, 201);
    },
  );

  app.get("/reorder-suggestions", auth, queryParams(reorderQuery), async (c) => {
    const { supplier_id, days_of_cover, format, delimiter } = c.req.valid("query");
    const rows = (
      await c.var.rpc<unknown[]>("suggest_reorder", { supplier_id, days_of_cover }, { readOnly: true })
    ).map((row) => reorderSuggestionSchema.parse(row)) as ReorderSuggestion[];
    if (format === "csv") return csvResponse(c, reorderRows(rows), "pedido-sugerido.csv", delimiter);
    return success(c, rows);
  });

  return finish();
}
