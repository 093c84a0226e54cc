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
let other: ProductFixture;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 5 });
  other = await createProduct(db.sql, { stock: 5 });
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

/** An array nested `depth` deep. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

describe("the shape of the body: VALIDATION_ERROR names each field of the wrong JSON type", () => {
  it.each([
    ["no items", {}, ["items"]],
    ["items not an array", { items: "all of them" }, ["items"]],
    ["items null", { items: null }, ["items"]],
    ["discount as a string", { items: ["@line"], discount: "1" }, ["discount"]],
    ["tax_rate as a string", { items: ["@line"], tax_rate: "13" }, ["tax_rate"]],
    ["payment method as a number", { items: ["@line"], payment_method: 1 }, ["payment_method"]],
    ["notes not a string", { items: ["@line"], notes: 5 }, ["notes"]],
    ["idempotency_key not a string", { items: ["@line"], idempotency_key: 7 }, ["idempotency_key"]],
    ["an unknown top-level field", { items: ["@line"], total: 0 }, ["total"]],
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

  it("names every field of the wrong shape at once", async () => {
    const error = await refused({ items: [line()], discount: "1", notes: false, extra: true }, 400, "VALIDATION_ERROR");
    expect(fieldsOf(error).sort()).toEqual(["discount", "extra", "notes"]);
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

  it("deeply nested JSON is refused before it reaches the database, without crashing anything", async () => {
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    expect(fieldsOf(await refused(deep, 400, "VALIDATION_ERROR"))).toEqual(["(body)"]);
    expect(fieldsOf(await refused(`{"items": ${deep}}`, 400, "VALIDATION_ERROR"))).toEqual(["(body)"]);
    expect(fieldsOf(await refused({ items: [{ ...line(), quantity: nested(20) }] }, 400, "VALIDATION_ERROR"))).toEqual([
      "(body)",
    ]);
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

describe("the rules of a sale: create_sale's own code, naming the line and the field", () => {
  it.each([
    ["a line without quantity", { product_id: "@id" }, "INVALID_QUANTITY", "quantity"],
    ["quantity as a string", { product_id: "@id", quantity: "2" }, "INVALID_QUANTITY", "quantity"],
    ["quantity zero", { product_id: "@id", quantity: 0 }, "INVALID_QUANTITY", "quantity"],
    ["quantity fractional", { product_id: "@id", quantity: 1.5 }, "INVALID_QUANTITY", "quantity"],
    ["quantity too large", { product_id: "@id", quantity: 1_000_001 }, "INVALID_QUANTITY", "quantity"],
    ["a line without product", { quantity: 1 }, "VALIDATION_ERROR", "product_id"],
    ["both product_id and sku", { product_id: "@id", sku: "ABC", quantity: 1 }, "VALIDATION_ERROR", "product_id"],
    ["product_id not a uuid", { product_id: "123", quantity: 1 }, "VALIDATION_ERROR", "product_id"],
    ["sku with spaces", { sku: "A B", quantity: 1 }, "VALIDATION_ERROR", "sku"],
    ["negative unit_price", { product_id: "@id", quantity: 1, unit_price: -1 }, "INVALID_PRICE", "unit_price"],
    [
      "unit_price with 3 decimals",
      { product_id: "@id", quantity: 1, unit_price: 1.005 },
      "INVALID_PRICE",
      "unit_price",
    ],
    ["line discount as a string", { product_id: "@id", quantity: 1, discount: "1" }, "INVALID_PRICE", "discount"],
  ])("%s", async (_name, template, code, field) => {
    const bad = JSON.parse(JSON.stringify(template).replaceAll('"@id"', JSON.stringify(product.id)));
    const error = await refused({ items: [{ product_id: other.id, quantity: 1 }, bad] }, 400, code);
    expect(error.details).toMatchObject({ line: 2, field });
    expect(error.message).toMatch(/^Line 2: /);
  });

  it.each([
    ["a line that is not an object", { items: [42] }, "VALIDATION_ERROR"],
    [
      "an unknown field in a line",
      { items: [{ product_id: "@id", quantity: 1, current_stock: 99 }] },
      "VALIDATION_ERROR",
    ],
    ["no lines", { items: [] }, "EMPTY_SALE"],
    ["too many lines", { items: Array.from({ length: 101 }, () => "@line") }, "VALIDATION_ERROR"],
    ["a negative sale discount", { items: ["@line"], discount: -5 }, "INVALID_PRICE"],
    ["a tax rate above 100", { items: ["@line"], tax_rate: 101 }, "VALIDATION_ERROR"],
    ["an unknown payment method", { items: ["@line"], payment_method: "BITCOIN" }, "VALIDATION_ERROR"],
    ["notes too long", { items: ["@line"], notes: "x".repeat(501) }, "VALIDATION_ERROR"],
    ["an empty idempotency key", { items: ["@line"], idempotency_key: "" }, "VALIDATION_ERROR"],
    ["a quantity that overflows JSON numbers (1e400 reads as null)", "@overflow", "INVALID_QUANTITY"],
  ])("%s", async (_name, template, code) => {
    const body =
      template === "@overflow"
        ? `{"items": [{"product_id": "${product.id}", "quantity": 1e400}]}`
        : JSON.parse(
            JSON.stringify(template)
              .replaceAll('"@line"', JSON.stringify(line()))
              .replaceAll('"@id"', JSON.stringify(product.id)),
          );
    await refused(body, 400, code);
  });

  it("a lower-case payment method is the same method, as through PostgREST", async () => {
    const own = await createProduct(db.sql, { stock: 1 });
    const res = await postJson(
      sales(),
      "/sales",
      { items: [{ product_id: own.id, quantity: 1 }], payment_method: "qr" },
      { as: users.staff },
    );
    expect(res.status).toBe(201);
    expect(((await res.json()) as { data: { payment_method: string } }).data.payment_method).toBe("QR");
  });
});

describe("a sale moves money: no sale without an Idempotency-Key", () => {
  it("refuses a sale without a key (header or body) with 400 IDEMPOTENCY_KEY_REQUIRED, writing nothing", async () => {
    const error = await writesNothing(db.sql, () =>
      expectError(
        postJson(sales(), "/sales", { items: [line()] }, { as: users.staff, idempotencyKey: false }),
        400,
        "IDEMPOTENCY_KEY_REQUIRED",
      ),
    );
    expect(fieldsOf(error)).toEqual(["Idempotency-Key"]);
  });

  it("accepts the key in the body as well as in the header", async () => {
    const own = await createProduct(db.sql, { stock: 1 });
    const res = await postJson(
      sales(),
      "/sales",
      { items: [{ product_id: own.id, quantity: 1 }], idempotency_key: `body-${crypto.randomUUID()}` },
      { as: users.staff },
    );
    expect(res.status).toBe(201);
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
