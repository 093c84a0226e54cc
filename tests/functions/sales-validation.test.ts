import { beforeAll, describe, expect, it } from "vitest";
import { tokenFor } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, type ProductFixture, stockOf } from "../helpers/fixtures.ts";
import { expectError, fieldsOf, postJson, type Target, useInProcessApps, useUsers, writesNothing } from "./support.ts";

/**
 * Bad input to POST /sales gets the right 4xx, names what is wrong, leaks
 * nothing of the database, and writes nothing (ledger, stock, products,
 * sales, items and sale numbers compared before and after every request).
 */

const db = useTestDatabase();
const apps = useInProcessApps(db);
const users = useUsers(db);
let product: ProductFixture;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 5 });
});

function sales(): Target {
  return apps.sales;
}

/** POSTs `body` as staff and expects a refusal that wrote nothing. */
function refused(body: unknown, status: number, code: string, init: { headers?: Record<string, string> } = {}) {
  return writesNothing(db.sql, () =>
    expectError(postJson(sales(), "/sales", body, { as: users.staff, headers: init.headers }), status, code),
  );
}

function line(extra: Record<string, unknown> = {}) {
  return { product_id: product.id, quantity: 1, ...extra };
}

describe("VALIDATION_ERROR names each bad field", () => {
  it.each([
    ["no items", {}, ["items"]],
    ["items not an array", { items: "all of them" }, ["items"]],
    ["items null", { items: null }, ["items"]],
    [
      "a line without quantity",
      { items: [{ product_id: "00000000-0000-4000-8000-000000000000" }] },
      ["items.0.quantity"],
    ],
    ["a line without product", { items: [{ quantity: 1 }] }, ["items.0.product_id"]],
    [
      "a line with both product_id and sku",
      { items: [{ product_id: "@id", sku: "ABC", quantity: 1 }] },
      ["items.0.product_id"],
    ],
    ["a line that is not an object", { items: [42] }, ["items.0"]],
    ["quantity as a string", { items: [{ product_id: "@id", quantity: "2" }] }, ["items.0.quantity"]],
    ["quantity negative", { items: [{ product_id: "@id", quantity: -1 }] }, ["items.0.quantity"]],
    ["quantity zero", { items: [{ product_id: "@id", quantity: 0 }] }, ["items.0.quantity"]],
    ["quantity fractional", { items: [{ product_id: "@id", quantity: 1.5 }] }, ["items.0.quantity"]],
    ["quantity too large", { items: [{ product_id: "@id", quantity: 1_000_001 }] }, ["items.0.quantity"]],
    ["quantity null", { items: [{ product_id: "@id", quantity: null }] }, ["items.0.quantity"]],
    ["product_id not a uuid", { items: [{ product_id: "123", quantity: 1 }] }, ["items.0.product_id"]],
    ["product_id a number", { items: [{ product_id: 123, quantity: 1 }] }, ["items.0.product_id"]],
    ["sku with spaces", { items: [{ sku: "A B", quantity: 1 }] }, ["items.0.sku"]],
    ["sku too long", { items: [{ sku: "A".repeat(51), quantity: 1 }] }, ["items.0.sku"]],
    ["negative unit_price", { items: [{ product_id: "@id", quantity: 1, unit_price: -1 }] }, ["items.0.unit_price"]],
    [
      "unit_price with 3 decimals",
      { items: [{ product_id: "@id", quantity: 1, unit_price: 1.005 }] },
      ["items.0.unit_price"],
    ],
    ["line discount as a string", { items: [{ product_id: "@id", quantity: 1, discount: "1" }] }, ["items.0.discount"]],
    ["negative sale discount", { items: ["@line"], discount: -5 }, ["discount"]],
    ["tax_rate above 100", { items: ["@line"], tax_rate: 101 }, ["tax_rate"]],
    ["unknown payment method", { items: ["@line"], payment_method: "BITCOIN" }, ["payment_method"]],
    ["lower-case payment method", { items: ["@line"], payment_method: "cash" }, ["payment_method"]],
    ["notes not a string", { items: ["@line"], notes: 5 }, ["notes"]],
    ["notes too long", { items: ["@line"], notes: "x".repeat(501) }, ["notes"]],
    ["empty idempotency_key", { items: ["@line"], idempotency_key: "" }, ["idempotency_key"]],
    ["an unknown top-level field", { items: ["@line"], total: 0 }, ["total"]],
    [
      "an unknown field in a line",
      { items: [{ product_id: "@id", quantity: 1, current_stock: 99 }] },
      ["items.0.current_stock"],
    ],
    ["too many lines", { items: Array.from({ length: 101 }, () => "@line") }, ["items"]],
    ["a body that is an array", ["@line"], ["(body)"]],
    ["a body that is null", null, ["(body)"]],
  ])("%s", async (_name, template, fields) => {
    const body = JSON.parse(
      JSON.stringify(template)
        .replaceAll('"@line"', JSON.stringify(line()))
        .replaceAll('"@id"', JSON.stringify(product.id)),
    );
    const error = await refused(body, 400, "VALIDATION_ERROR");
    expect(fieldsOf(error)).toEqual(fields);
    for (const issue of error.details as { field: string; message: string }[]) {
      expect(issue.message.length).toBeGreaterThan(0);
    }
  });

  it("names every bad field of one request at once", async () => {
    const error = await refused(
      {
        items: [
          { product_id: product.id, quantity: -1 },
          { product_id: "nope", quantity: 1 },
          { sku: product.sku, quantity: 2.5, colour: "red" },
        ],
        discount: "1",
        extra: true,
      },
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(error).sort()).toEqual(
      ["items.0.quantity", "items.1.product_id", "items.2.quantity", "items.2.colour", "discount", "extra"].sort(),
    );
  });

  it("a quantity that overflows JSON numbers (1e400) is refused", async () => {
    const error = await refused(
      `{"items": [{"product_id": "${product.id}", "quantity": 1e400}]}`,
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(error)).toEqual(["items.0.quantity"]);
  });

  it("a __proto__ key is an unknown field, not a prototype", async () => {
    const error = await refused(
      `{"items": [{"product_id": "${product.id}", "quantity": 1}], "__proto__": {"polluted": true}}`,
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(error)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("deeply nested JSON is refused as the wrong shape, without crashing anything", async () => {
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    expect(fieldsOf(await refused(deep, 400, "VALIDATION_ERROR"))).toEqual(["(body)"]);
    expect(fieldsOf(await refused(`{"items": ${deep}}`, 400, "VALIDATION_ERROR"))).toEqual(["items.0"]);
  });

  it.each([
    ["a NUL character in notes", { notes: "a\u0000b" }, "notes"],
    ["a lone surrogate in notes", { notes: "caf\ud800" }, "notes"],
    ["a NUL character in the idempotency key", { idempotency_key: "k\u0000" }, "idempotency_key"],
  ])("text the database cannot store is a 400, not a 500: %s", async (_name, extra, field) => {
    const error = await refused({ items: [line()], ...extra }, 400, "VALIDATION_ERROR");
    expect(fieldsOf(error)).toEqual([field]);
  });
});

describe("unknown products", () => {
  it("by id: 404 PRODUCT_NOT_FOUND naming the line and the id", async () => {
    const missing = crypto.randomUUID();
    const error = await refused({ items: [line(), { product_id: missing, quantity: 1 }] }, 404, "PRODUCT_NOT_FOUND");
    expect(error.details).toEqual({ line: 2, product_id: missing });
    expect(error.message).toMatch(/^Line 2: /);
  });

  it("by sku: 404 PRODUCT_NOT_FOUND naming the line and the sku", async () => {
    const error = await refused({ items: [line(), { sku: "no-such-sku", quantity: 1 }] }, 404, "PRODUCT_NOT_FOUND");
    expect(error.details).toEqual({ line: 2, sku: "no-such-sku" });
    expect(error.message).toMatch(/^Line 2: .*no-such-sku/);
  });
});

describe("the body itself", () => {
  it("malformed JSON is 400 INVALID_JSON", async () => {
    for (const text of ['{"items": [', "{items: []}", "", "nul", `{"items": [${JSON.stringify(line())}],}`]) {
      await refused(text, 400, "INVALID_JSON");
    }
  });

  it("a body that is not application/json is 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const body = JSON.stringify({ items: [line()] });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      await refused(body, 415, "UNSUPPORTED_MEDIA_TYPE", { headers: { "content-type": type } });
    }
    // Parameters of the media type are fine.
    const res = await postJson(
      sales(),
      "/sales",
      { items: [line()] },
      {
        as: users.staff,
        headers: { "content-type": "application/json; charset=utf-8" },
      },
    );
    expect(res.status).toBe(201);
    expect(await stockOf(db.sql, product.id)).toBe(4);
  });

  it("more than 64 KiB is 413 PAYLOAD_TOO_LARGE, whatever the header says", async () => {
    const big = { items: [line()], notes: "x".repeat(64 * 1024) };
    const error = await refused(big, 413, "PAYLOAD_TOO_LARGE");
    expect(error.message).toMatch(/65536 bytes/);
    // Streamed without a content-length: the limit still holds.
    const text = JSON.stringify(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let at = 0; at < bytes.length; at += 8192) controller.enqueue(bytes.slice(at, at + 8192));
        controller.close();
      },
    });
    await writesNothing(db.sql, async () =>
      expectError(
        sales().request("/sales", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await tokenFor(users.staff)}` },
          body: stream,
          duplex: "half",
        } as RequestInit),
        413,
        "PAYLOAD_TOO_LARGE",
      ),
    );
  });
});

describe("who may sell", () => {
  it("no token, or not a bearer token, is 401 UNAUTHORIZED", async () => {
    const body = { items: [line()] };
    await writesNothing(db.sql, async () => {
      await expectError(postJson(sales(), "/sales", body, { as: null }), 401, "UNAUTHORIZED");
      for (const authorization of ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer a.b", "Bearer x.y.z", "token"]) {
        await expectError(
          postJson(sales(), "/sales", body, { as: null, headers: { authorization } }),
          401,
          "UNAUTHORIZED",
        );
      }
    });
  });

  it("a viewer selling is 403 FORBIDDEN", async () => {
    await writesNothing(db.sql, () =>
      expectError(postJson(sales(), "/sales", { items: [line()] }, { as: users.viewer }), 403, "FORBIDDEN"),
    );
  });
});
