import { beforeAll, describe, expect, it } from "vitest";
import {
  type GoodsReceipt,
  goodsReceiptSchema,
  type InvoiceLineMatch,
  invoiceMatchSchema,
  purchaseOrderSchema,
  reorderSuggestionSchema,
} from "../../supabase/functions/_shared/responses.ts";
import { rpcAs } from "../helpers/act.ts";
import { parseCsv } from "../helpers/csv.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, type ProductFixture } from "../helpers/fixtures.ts";
import { useServedFunctions } from "../helpers/functions.ts";
import { approvedOrder, buyingState, createOrder, type PurchaseOrder } from "../purchasing/support.ts";
import {
  authorization,
  expectError,
  fieldsOf,
  get,
  overHttp,
  postJson,
  read,
  type Target,
  useInProcessApps,
  useUsers,
} from "./support.ts";

/**
 * The purchasing function, in-process (the Hono app index.ts serves) and
 * under Deno behind the gateway, on the demo store: matching an invoice sent
 * as JSON or as CSV, reading an order, receiving with an Idempotency-Key, and
 * the reorder suggestions as JSON or CSV. Every rule is the RPC's, so each
 * refusal answers the code PostgREST answers.
 */

const db = useTestDatabase({ seeded: true });
const apps = useInProcessApps(db);
const served = useServedFunctions(db, ["purchasing"]);
const users = useUsers(db);
let fino: string;
let product: ProductFixture;
let order: PurchaseOrder;

beforeAll(async () => {
  const [row] = await db.sql<{ id: string }[]>`select id from public.suppliers where nit = '1028627025'`;
  fino = row?.id as string;
  product = await createProduct(db.sql, { stock: 5, costPrice: "10.00", unitPrice: "14.00" });
  order = await approvedOrder(db.sql, users, fino, [{ product_id: product.id, quantity: 40, unit_cost: 10.5 }]);
});

async function csvRequest(target: Target, body: string, query = "", as = users.staff, type = "text/csv") {
  return target.request(`/purchasing/invoices/match${query}`, {
    method: "POST",
    headers: { "content-type": `${type}; charset=utf-8`, ...(await authorization({ as })) },
    body,
  });
}

async function matched(res: Response): Promise<InvoiceLineMatch[]> {
  const { status, body, text } = await read<unknown>(res);
  expect(status, text).toBe(200);
  return invoiceMatchSchema.parse(body.data);
}

describe("POST /purchasing/invoices/match", () => {
  it("matches lines sent as JSON: 200 {success, data: [{line, …, candidates}]}", async () => {
    const lines = await matched(
      await postJson(
        apps.purchasing,
        "/purchasing/invoices/match",
        {
          supplier_id: fino,
          lines: [
            { description: "ACEITE FINO 900ML X12", supplier_sku: "IDA-0900", quantity: 24, unit_cost: 13.7 },
            { description: "AZUC. GUABIRA 1KG" },
          ],
        },
        { as: users.staff },
      ),
    );
    expect(lines.map((line) => [line.line, line.candidates[0]?.sku, line.candidates[0]?.match])).toEqual([
      [1, "ABA-0009", "SUPPLIER_SKU"],
      [2, "ABA-0001", "NAME"],
    ]);
    expect(lines[0]).toMatchObject({ quantity: 24, unit_cost: 13.7 });
  });

  it("matches the invoice sent as CSV (comma, quoted cells) exactly as the same lines sent as JSON", async () => {
    const csv =
      'description,supplier_sku,quantity,unit_cost,importe\r\n"ACEITE FINO 900ML, X12",IDA-0900,24,13.70,328.80\r\n' +
      '"AZUC. GUABIRA ""BLANCA"" 1KG",,50,6.85,342.50\r\n';
    const fromCsv = await matched(await csvRequest(apps.purchasing, csv, `?supplier_id=${fino}`));
    const fromJson = await matched(
      await postJson(
        apps.purchasing,
        "/purchasing/invoices/match",
        {
          supplier_id: fino,
          lines: [
            { description: "ACEITE FINO 900ML, X12", supplier_sku: "IDA-0900", quantity: 24, unit_cost: 13.7 },
            { description: 'AZUC. GUABIRA "BLANCA" 1KG', quantity: 50, unit_cost: 6.85 },
          ],
        },
        { as: users.staff },
      ),
    );
    expect(fromCsv).toEqual(fromJson);
  });

  it("reads a Bolivian spreadsheet's CSV: a BOM, ';', Spanish headers with accents, decimal commas, LF line ends", async () => {
    const csv =
      "\uFEFFCódigo;Descripción;Cantidad;P. Unit.\nIDA-2000;ACEITE FINO 2LT;12;31,20\n;CERV. PACENA 620CC;48;9,3\n";
    const lines = await matched(await csvRequest(apps.purchasing, csv, `?supplier_id=${fino}`));
    expect(lines.map((line) => [line.supplier_sku, line.quantity, line.unit_cost, line.candidates[0]?.sku])).toEqual([
      ["IDA-2000", 12, 31.2, "ABA-0010"],
      [null, 48, 9.3, "ALC-0001"],
    ]);
  });

  it("leaves every rule of a line to match_invoice_lines: a quantity written in words is its INVALID_QUANTITY", async () => {
    const error = await expectError(
      csvRequest(apps.purchasing, "descripcion,cantidad\nAZUCAR GUABIRA 1KG,doce\n"),
      400,
      "INVALID_QUANTITY",
    );
    expect(error.details).toMatchObject({ line: 1, field: "quantity" });
    const postgrest = await failureOf(
      rpcAs(db.sql, users.staff, "match_invoice_lines", {
        supplier_id: null,
        lines: [{ description: "AZUCAR GUABIRA 1KG", quantity: "doce" }],
      }),
    );
    expect(postgrest.message).toBe("INVALID_QUANTITY");
  });

  it("refuses a CSV it cannot read, a body of another type, bad JSON and a supplier in the wrong place (4xx)", async () => {
    await expectError(csvRequest(apps.purchasing, "precio,total\n1,2\n"), 400, "VALIDATION_ERROR");
    await expectError(csvRequest(apps.purchasing, "descripcion\n"), 400, "VALIDATION_ERROR");
    await expectError(csvRequest(apps.purchasing, 'descripcion\n"AZUCAR\n'), 400, "VALIDATION_ERROR");
    await expectError(
      csvRequest(apps.purchasing, "descripcion\nAZUCAR\n", "", users.staff, "application/xml"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    await expectError(
      csvRequest(apps.purchasing, '{"lines": [', "", users.staff, "application/json"),
      400,
      "INVALID_JSON",
    );
    const inQuery = await expectError(
      postJson(apps.purchasing, `/purchasing/invoices/match?supplier_id=${fino}`, { lines: [] }, { as: users.staff }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(inQuery)).toEqual(["supplier_id"]);
    const unknown = await expectError(
      postJson(apps.purchasing, "/purchasing/invoices/match", { lines: [], supplier: "FINO" }, { as: users.staff }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(unknown)).toEqual(["supplier"]);
    await expectError(
      postJson(apps.purchasing, "/purchasing/invoices/match", { lines: [{ description: "X" }] }, { as: users.noRole }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      postJson(apps.purchasing, "/purchasing/invoices/match", { lines: [] }, { as: null }),
      401,
      "UNAUTHORIZED",
    );
    await expectError(
      get(apps.purchasing, "/purchasing/invoices/match", { as: users.staff }),
      405,
      "METHOD_NOT_ALLOWED",
    );
  });
});

describe("GET /purchasing/purchase-orders/:id", () => {
  it("answers the order's lines with ordered, received and remaining; the money for managers only", async () => {
    for (const [actor, cost] of [
      [users.viewer, null],
      [users.manager, 10.5],
    ] as const) {
      const { status, body } = await read(
        await get(apps.purchasing, `/purchasing/purchase-orders/${order.id}`, { as: actor }),
      );
      expect(status).toBe(200);
      const seen = purchaseOrderSchema.parse(body.data);
      expect(seen.items[0]).toMatchObject({
        quantity_ordered: 40,
        quantity_received: 0,
        quantity_remaining: 40,
        unit_cost: cost,
      });
    }
    await expectError(
      get(apps.purchasing, `/purchasing/purchase-orders/${crypto.randomUUID()}`, { as: users.viewer }),
      404,
      "PURCHASE_ORDER_NOT_FOUND",
    );
    await expectError(
      get(apps.purchasing, "/purchasing/purchase-orders/PO-000001", { as: users.viewer }),
      400,
      "VALIDATION_ERROR",
    );
  });
});

describe("POST /purchasing/purchase-orders/:id/receive", () => {
  const receiptPath = () => `/purchasing/purchase-orders/${order.id}/receive`;
  const body = (quantity: number) => ({ items: [{ purchase_order_item_id: order.items[0]?.id, quantity }] });

  it("requires an Idempotency-Key (400 IDEMPOTENCY_KEY_REQUIRED), writing nothing", async () => {
    const before = await buyingState(db.sql);
    const error = await expectError(
      postJson(apps.purchasing, receiptPath(), body(1), { as: users.staff }),
      400,
      "IDEMPOTENCY_KEY_REQUIRED",
    );
    expect(fieldsOf(error)).toEqual(["Idempotency-Key"]);
    await expectError(
      postJson(
        apps.purchasing,
        receiptPath(),
        { ...body(1), idempotency_key: "a" },
        {
          as: users.staff,
          headers: { "idempotency-key": "b" },
        },
      ),
      400,
      "VALIDATION_ERROR",
    );
    expect(await buyingState(db.sql)).toEqual(before);
  });

  it("receives with a key (201 with the receipt), and a retry with the same key gets the same receipt, writing nothing more", async () => {
    const send = () =>
      postJson(
        apps.purchasing,
        receiptPath(),
        { ...body(4), supplier_invoice_number: "Factura 9001" },
        {
          as: users.staff,
          headers: { "idempotency-key": "recepcion-http-1" },
        },
      );
    const first = await read<GoodsReceipt>(await send());
    expect(first.status, first.text).toBe(201);
    const receipt = goodsReceiptSchema.parse(first.body.data);
    expect(receipt).toMatchObject({ supplier_invoice_number: "Factura 9001", order_status: "PARTIALLY_RECEIVED" });
    expect(receipt.items[0]).toMatchObject({ quantity: 4, unit_cost: null, stock_before: 5, stock_after: 9 });
    const before = await buyingState(db.sql);
    const again = await read<GoodsReceipt>(await send());
    expect(again.status).toBe(201);
    expect(again.body.data?.id).toBe(receipt.id);
    expect(await buyingState(db.sql)).toEqual(before);
  });

  it("answers each refusal with the code PostgREST answers, writing nothing", async () => {
    const draft = await createOrder(db.sql, users.staff, fino, [{ product_id: product.id, quantity: 1, unit_cost: 1 }]);
    const cases: [string, string, unknown, typeof users.staff, string, number][] = [
      ["quantity 0", order.id, body(0), users.staff, "INVALID_QUANTITY", 400],
      ["more than ordered", order.id, body(999), users.staff, "RECEIPT_EXCEEDS_ORDERED", 409],
      ["no lines", order.id, { items: [] }, users.staff, "EMPTY_ORDER", 400],
      [
        "a draft",
        draft.id,
        { items: [{ purchase_order_item_id: draft.items[0]?.id, quantity: 1 }] },
        users.staff,
        "INVALID_STATUS_TRANSITION",
        409,
      ],
      ["by a viewer", order.id, body(1), users.viewer, "FORBIDDEN", 403],
    ];
    for (const [what, orderId, request, actor, code, status] of cases) {
      const before = await buyingState(db.sql);
      await expectError(
        postJson(apps.purchasing, `/purchasing/purchase-orders/${orderId}/receive`, request, {
          as: actor,
          headers: { "idempotency-key": `refused-${crypto.randomUUID()}` },
        }),
        status,
        code,
      );
      expect(await buyingState(db.sql), what).toEqual(before);
      const postgrest = await failureOf(
        rpcAs(db.sql, actor, "receive_purchase_order", { purchase_order_id: orderId, ...(request as object) }),
      );
      expect({ code: postgrest.message, status: postgrest.status }, what).toEqual({ code, status });
    }
  });
});

describe("GET /purchasing/reorder-suggestions", () => {
  it("answers the suggestions as JSON, numbers as numbers", async () => {
    const { status, body } = await read<unknown[]>(
      await get(apps.purchasing, "/purchasing/reorder-suggestions?days_of_cover=30", { as: users.staff }),
    );
    expect(status).toBe(200);
    const rows = (body.data ?? []).map((row) => reorderSuggestionSchema.parse(row));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((row) => typeof row.average_daily_sales === "number")).toBe(true);
    const direct = await rpcAs<unknown[]>(db.sql, users.staff, "suggest_reorder", { days_of_cover: 30 });
    expect(rows).toEqual(direct.map((row) => reorderSuggestionSchema.parse(row)));
  });

  it("answers a CSV a spreadsheet opens (';' when asked), the cost column empty for staff", async () => {
    const res = await get(apps.purchasing, "/purchasing/reorder-suggestions?format=csv&delimiter=semicolon", {
      as: users.staff,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("x-csv-delimiter")).toBe("semicolon");
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ""), ";");
    expect(rows[0]).toEqual([
      "sku",
      "name",
      "category",
      "current_stock",
      "min_stock_level",
      "on_order",
      "sold_last_30_days",
      "average_daily_sales",
      "days_of_stock",
      "suggested_quantity",
      "supplier",
      "supplier_sku",
      "last_unit_cost",
    ]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.slice(1).every((row) => row[12] === "")).toBe(true);
  });

  it("refuses a query it does not know, and leaves the bounds of days_of_cover to suggest_reorder (400)", async () => {
    for (const query of [
      "?delimiter=semicolon",
      "?days_of_cover=abc",
      "?days=3",
      "?supplier_id=FINO",
      "?days_of_cover=0",
    ]) {
      await expectError(
        get(apps.purchasing, `/purchasing/reorder-suggestions${query}`, { as: users.staff }),
        400,
        "VALIDATION_ERROR",
      );
    }
    await expectError(get(apps.purchasing, "/purchasing/reorder-suggestions", { as: users.noRole }), 403, "FORBIDDEN");
  });
});

describe("under Deno, behind the gateway", () => {
  it("20 racing retries of one receipt through POST …/receive make one receipt, and all 20 get it", async () => {
    const fresh = await approvedOrder(db.sql, users, fino, [{ product_id: product.id, quantity: 10, unit_cost: 10 }]);
    const request = { items: [{ purchase_order_item_id: fresh.items[0]?.id, quantity: 3 }] };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        postJson(overHttp(served), `/purchasing/purchase-orders/${fresh.id}/receive`, request, {
          as: users.staff,
          headers: { "idempotency-key": "deno-retry-1" },
        }),
      ),
    );
    const results = await Promise.all(responses.map((res) => read<GoodsReceipt>(res)));
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((result) => result.body.data?.id)).size).toBe(1);
    const [count] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from public.goods_receipts where purchase_order_id = ${fresh.id}`;
    expect(count?.n).toBe(1);
  });

  it("matches an invoice sent as CSV", async () => {
    const lines = await matched(await csvRequest(overHttp(served), "descripcion\nAZUC. GUABIRA 1KG\n"));
    expect(lines[0]?.candidates[0]?.sku).toBe("ABA-0001");
  });
});
