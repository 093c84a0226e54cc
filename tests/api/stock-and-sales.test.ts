import { describe, expect, it } from "vitest";
import {
  apiMovementSchema,
  apiSaleListItemSchema,
  apiSaleSchema,
  envelopeSchema,
  pagedSchema,
} from "../../supabase/functions/_shared/api-responses.ts";
import { rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { pgError } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, stockOf } from "../helpers/fixtures.ts";
import { useServedFunctions } from "../helpers/functions.ts";
import { call, expectApiError, expectShape, useUsers, writesNothing } from "./support.ts";

/**
 * `/functions/v1/api/v1/inventory…` and `/sales…` over the stock and sale
 * RPCs, under Deno: the seed's shapes with money as strings, each role as
 * the RPCs decide, refused input written nowhere, and the rules of SQL
 * answering through the api with their own codes.
 */

const db = useTestDatabase();
const served = useServedFunctions(db, ["api"]);
const users = useUsers(db);
expectHealthyLedgerAfterEach(db);

const movementEnvelope = envelopeSchema(apiMovementSchema);
const saleEnvelope = envelopeSchema(apiSaleSchema);

function key(): Record<string, string> {
  return { "idempotency-key": `api-test-${crypto.randomUUID()}` };
}

describe("POST /inventory/entry, /exit and /adjustment", () => {
  it("registers goods received (staff) and answers 201 with the movement, its product and the new stock", async () => {
    const product = await createProduct(db.sql, { stock: 2 });
    const answer = expectShape(
      await call(served, "POST", "/inventory/entry", {
        as: users.staff,
        body: { product_id: product.id, quantity: 10, reason: "PURCHASE", reference: "Factura 4512", notes: "Sanchez" },
      }),
      201,
      movementEnvelope,
    );
    expect(answer.data).toMatchObject({
      product_id: product.id,
      product_name: product.name,
      product_sku: product.sku,
      movement_type: "ENTRY",
      quantity: 10,
      reason: "PURCHASE",
      reference: "Factura 4512",
      previous_stock: 2,
      new_stock: 12,
      created_by: users.staff.id,
    });
    expect(answer.message).toBe("Entrada registrada. Stock actual: 12.");
    expect(await stockOf(db.sql, product.id)).toBe(12);
  });

  it("an exit and a count are a manager's; staff get 403 and nothing moves", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "POST", "/inventory/exit", {
          as: users.staff,
          body: { product_id: product.id, quantity: 1 },
        }),
        403,
        "FORBIDDEN",
      );
      expectApiError(
        await call(served, "POST", "/inventory/adjustment", {
          as: users.staff,
          body: { product_id: product.id, new_stock: 0 },
        }),
        403,
        "FORBIDDEN",
      );
    });
    const exit = expectShape(
      await call(served, "POST", "/inventory/exit", {
        as: users.manager,
        body: { product_id: product.id, quantity: 2, reason: "DAMAGE" },
      }),
      201,
      movementEnvelope,
    );
    expect(exit.data).toMatchObject({ movement_type: "EXIT", quantity: 2, previous_stock: 5, new_stock: 3 });
    const count = expectShape(
      await call(served, "POST", "/inventory/adjustment", {
        as: users.admin,
        body: { product_id: product.id, new_stock: 7, expected_stock: 3 },
      }),
      201,
      movementEnvelope,
    );
    expect(count.data).toMatchObject({ movement_type: "ADJUSTMENT", reason: "COUNT_CORRECTION", new_stock: 7 });
  });

  it.each([
    [{ quantity: 0 }, 422, "INVALID_QUANTITY"],
    [{ quantity: 2.5 }, 422, "VALIDATION_ERROR"],
    [{ quantity: "3" }, 422, "VALIDATION_ERROR"],
    [{ quantity: 1, reason: "SALE" }, 422, "INVALID_REASON"],
    [{ quantity: 1, shelf: "B2" }, 422, "VALIDATION_ERROR"],
  ])("entry %j answers %i %s and writes nothing", async (fields, status, code) => {
    const product = await createProduct(db.sql, { stock: 1 });
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "POST", "/inventory/entry", {
          as: users.manager,
          body: { product_id: product.id, ...fields },
        }),
        status,
        code,
      );
    });
  });

  it("404 PRODUCT_NOT_FOUND for an unknown product; 409 INSUFFICIENT_STOCK in Spanish with the figures", async () => {
    const product = await createProduct(db.sql, { stock: 1 });
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "POST", "/inventory/entry", {
          as: users.manager,
          body: { product_id: crypto.randomUUID(), quantity: 1 },
        }),
        404,
        "PRODUCT_NOT_FOUND",
      );
      const error = expectApiError(
        await call(served, "POST", "/inventory/exit", {
          as: users.manager,
          body: { product_id: product.id, quantity: 4 },
        }),
        409,
        "INSUFFICIENT_STOCK",
      );
      expect(error.error).toBe(`No hay stock suficiente de ${product.sku}: hay 1 y se pidieron 4.`);
    });
  });
});

describe("GET /inventory/movements", () => {
  it("pages the ledger newest first, one product's when asked, with product names", async () => {
    const product = await createProduct(db.sql, { stock: 4 });
    await rpcAs(db.sql, users.manager, "register_stock_exit", { product_id: product.id, quantity: 1 });
    const page = expectShape(
      await call(served, "GET", `/inventory/movements?product_id=${product.id}&page_size=1`, { as: users.viewer }),
      200,
      pagedSchema(apiMovementSchema),
    );
    expect(page.pagination).toEqual({
      page: 1,
      page_size: 1,
      total_items: 2,
      total_pages: 2,
      has_next: true,
      has_prev: false,
    });
    expect(page.data[0]).toMatchObject({ movement_type: "EXIT", new_stock: 3, product_sku: product.sku });
    expectApiError(
      await call(served, "GET", "/inventory/movements?product_id=nope", { as: users.viewer }),
      422,
      "VALIDATION_ERROR",
    );
  });
});

describe("POST /sales, GET /sales/:id, POST /sales/:id/cancel, GET /sales?date=", () => {
  it("sells (staff, with an Idempotency-Key) and answers 201 with the sale, money as strings", async () => {
    const product = await createProduct(db.sql, { stock: 10, unitPrice: "7.50", costPrice: "5" });
    const sale = expectShape(
      await call(served, "POST", "/sales", {
        as: users.staff,
        headers: key(),
        body: { items: [{ product_id: product.id, quantity: 2 }], payment_method: "QR" },
      }),
      201,
      saleEnvelope,
    );
    expect(sale.data).toMatchObject({
      subtotal: "15.00",
      discount: "0.00",
      tax: "0.00",
      total: "15.00",
      status: "COMPLETED",
      payment_method: "QR",
    });
    expect(sale.data.items).toEqual([
      expect.objectContaining({
        product_id: product.id,
        product_sku: product.sku,
        product_name: product.name,
        quantity: 2,
        unit_price: "7.50",
        cost_price: null,
        subtotal: "15.00",
      }),
    ]);
    expect(sale.message).toBe(`Venta ${sale.data.sale_number} registrada.`);

    const read = expectShape(
      await call(served, "GET", `/sales/${sale.data.id}`, { as: users.manager }),
      200,
      saleEnvelope,
    );
    expect(read.data.items[0]?.cost_price).toBe("5.00");

    expectApiError(
      await call(served, "POST", `/sales/${sale.data.id}/cancel`, { as: users.staff, body: { reason: "error" } }),
      403,
      "FORBIDDEN",
    );
    const cancelled = expectShape(
      await call(served, "POST", `/sales/${sale.data.id}/cancel`, {
        as: users.manager,
        body: { reason: "Cliente devolvió" },
      }),
      200,
      saleEnvelope,
    );
    expect(cancelled.data).toMatchObject({ status: "CANCELLED", cancellation_reason: "Cliente devolvió" });
    expect(await stockOf(db.sql, product.id)).toBe(10);
    expectApiError(
      await call(served, "POST", `/sales/${sale.data.id}/cancel`, { as: users.manager, body: { reason: "otra vez" } }),
      409,
      "SALE_ALREADY_CANCELLED",
    );
  });

  it("lists the day's sales in La Paz time, paged", async () => {
    const product = await createProduct(db.sql, { stock: 10 });
    const sold = await rpcAs<{ id: string; sale_date: string }>(db.sql, users.staff, "create_sale", {
      items: [{ product_id: product.id, quantity: 1 }],
    });
    const [{ day } = { day: "" }] = await db.sql<{ day: string }[]>`
      select (${sold.sale_date}::timestamptz at time zone 'America/La_Paz')::date::text as day
    `;
    const page = expectShape(
      await call(served, "GET", `/sales?date=${day}&page_size=100`, { as: users.viewer }),
      200,
      pagedSchema(apiSaleListItemSchema),
    );
    expect(page.data.find((row) => row.id === sold.id)).toMatchObject({ item_count: 1, status: "COMPLETED" });
    const empty = expectShape(
      await call(served, "GET", "/sales?date=2001-01-01", { as: users.viewer }),
      200,
      pagedSchema(apiSaleListItemSchema),
    );
    expect(empty).toMatchObject({ data: [], pagination: { total_items: 0, total_pages: 0, has_next: false } });
    expectApiError(await call(served, "GET", "/sales?date=2025-02-30", { as: users.viewer }), 422, "VALIDATION_ERROR");
  });

  it("a sale needs an Idempotency-Key (422) and a known sale (404), and a viewer may not sell (403)", async () => {
    const product = await createProduct(db.sql, { stock: 3 });
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "POST", "/sales", {
          as: users.staff,
          body: { items: [{ product_id: product.id, quantity: 1 }] },
        }),
        422,
        "IDEMPOTENCY_KEY_REQUIRED",
      );
      expectApiError(
        await call(served, "POST", "/sales", {
          as: users.viewer,
          headers: key(),
          body: { items: [{ product_id: product.id, quantity: 1 }] },
        }),
        403,
        "FORBIDDEN",
      );
      expectApiError(
        await call(served, "POST", "/sales", { as: users.staff, headers: key(), body: { items: [] } }),
        422,
        "EMPTY_SALE",
      );
    });
    expectApiError(
      await call(served, "GET", `/sales/${crypto.randomUUID()}`, { as: users.viewer }),
      404,
      "SALE_NOT_FOUND",
    );
  });
});

describe("a rule that lives only in SQL answers through the api with its code", () => {
  it("a staff discount beyond store_settings.max_staff_discount_percent is DISCOUNT_NOT_ALLOWED through both doors", async () => {
    const product = await createProduct(db.sql, { stock: 5, unitPrice: 10 });
    const items = [{ product_id: product.id, quantity: 1, discount: 5 }];
    await writesNothing(db.sql, async () => {
      const viaApi = expectApiError(
        await call(served, "POST", "/sales", { as: users.staff, headers: key(), body: { items } }),
        403,
        "DISCOUNT_NOT_ALLOWED",
      );
      const viaRpc = await pgError(rpcAs(db.sql, users.staff, "create_sale", { items }));
      expect(viaRpc.message).toBe("DISCOUNT_NOT_ALLOWED");
      expect(viaApi.detail).toBe(viaRpc.detail);
      expect(viaApi.error).toBe("Línea 1: el descuento supera lo que el personal puede dar sin un gerente.");
    });
  });

  it("a count that a sale overtook is STOCK_CHANGED through the api, as through the RPC", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    await rpcAs(db.sql, users.staff, "create_sale", { items: [{ product_id: product.id, quantity: 1 }] });
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "POST", "/inventory/adjustment", {
          as: users.manager,
          body: { product_id: product.id, new_stock: 5, expected_stock: 5 },
        }),
        409,
        "STOCK_CHANGED",
      );
    });
  });
});
