import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  apiCategorySchema,
  apiDeletedSchema,
  apiLowStockSchema,
  apiProductSchema,
  apiSearchProductSchema,
  envelopeSchema,
  pagedSchema,
} from "../../supabase/functions/_shared/api-responses.ts";
import { rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createCategory, createProduct } from "../helpers/fixtures.ts";
import { useServedFunctions } from "../helpers/functions.ts";
import { type Answer, call, categoryCounter, expectApiError, expectShape, useUsers, writesNothing } from "./support.ts";

/**
 * `/functions/v1/api/v1/products…` and `/categories…`, the store's front end's
 * catalog routes, over HTTP against the api function under Deno: status,
 * envelope, field names and JSON types exactly (money as two-decimal
 * strings, `error` a string), every role, refused input (422, nothing
 * written) and 404s.
 */

const db = useTestDatabase();
const served = useServedFunctions(db, ["api"]);
const users = useUsers(db);

const productEnvelope = envelopeSchema(apiProductSchema);
const productPage = pagedSchema(apiProductSchema);
const searchEnvelope = envelopeSchema(z.array(apiSearchProductSchema));
const categoryEnvelope = envelopeSchema(apiCategorySchema);

let counter = 0;
/** A word no other test uses, so each test owns what it searches and lists. */
function word(prefix = "zq"): string {
  counter += 1;
  return `${prefix}${process.pid.toString(36)}${counter}x${Math.random().toString(36).slice(2, 7)}`;
}

const categoryCount = categoryCounter(db);

describe("every route wants a token and a store role", () => {
  const reads = [
    "/products",
    "/products/search?q=leche",
    "/products/low-stock",
    `/products/${crypto.randomUUID()}`,
    "/products/sku/ABA-0001",
    "/categories",
    `/categories/${crypto.randomUUID()}`,
    "/inventory/movements",
    "/sales",
    `/sales/${crypto.randomUUID()}`,
    "/import/health",
  ];

  it.each(reads)("GET %s: 401 UNAUTHORIZED without a token, in Spanish", async (path) => {
    const error = expectApiError(await call(served, "GET", path), 401, "UNAUTHORIZED");
    expect(error.error).toBe("Inicia sesión para continuar.");
  });

  it.each(reads)("GET %s: 403 FORBIDDEN for a signed-in user without a role", async (path) => {
    expectApiError(await call(served, "GET", path, { as: users.noRole }), 403, "FORBIDDEN");
  });

  it("a forged or expired token is 401 as well", async () => {
    expectApiError(await call(served, "GET", "/products", { as: "not.a.token" }), 401, "UNAUTHORIZED");
  });
});

describe("GET /products", () => {
  it("pages the active products with the front end's pagination; money as strings; cost only for managers", async () => {
    const category = await createCategory(db.sql, word("Cat"));
    const names = ["Alfa", "Beta", "Gamma"].map((name) => `${name} ${word()}`);
    for (const [index, name] of names.entries()) {
      await createProduct(db.sql, { categoryId: category.id, name, unitPrice: `${10 + index}.5`, costPrice: "7" });
    }
    await createProduct(db.sql, { categoryId: category.id, name: `Delta ${word()}`, active: false });

    const first = expectShape(
      await call(served, "GET", `/products?category_id=${category.id}&page_size=2`, { as: users.viewer }),
      200,
      productPage,
    );
    expect(first.pagination).toEqual({
      page: 1,
      page_size: 2,
      total_items: 3,
      total_pages: 2,
      has_next: true,
      has_prev: false,
    });
    expect(first.message).toBeNull();
    expect(first.data.map((p) => p.name)).toEqual(names.slice(0, 2));
    expect(first.data[0]).toMatchObject({ unit_price: "10.50", cost_price: null, category_id: category.id });
    expect(first.data[0]?.category).toEqual({ id: category.id, name: category.name, description: null });

    const second = expectShape(
      await call(served, "GET", `/products?category_id=${category.id}&page_size=2&page=2`, { as: users.manager }),
      200,
      productPage,
    );
    expect(second.pagination).toMatchObject({ page: 2, has_next: false, has_prev: true });
    expect(second.data.map((p) => [p.name, p.unit_price, p.cost_price])).toEqual([[names[2], "12.50", "7.00"]]);
  });

  it("filters by price range, stock and active status (inactive only when asked)", async () => {
    const category = await createCategory(db.sql, word("Cat"));
    const cheap = await createProduct(db.sql, { categoryId: category.id, name: `Cheap ${word()}`, unitPrice: 5 });
    const dear = await createProduct(db.sql, {
      categoryId: category.id,
      name: `Dear ${word()}`,
      unitPrice: 50,
      stock: 3,
    });
    const gone = await createProduct(db.sql, { categoryId: category.id, name: `Gone ${word()}`, active: false });
    const ids = async (query: string) =>
      expectShape(
        await call(served, "GET", `/products?category_id=${category.id}&${query}`, { as: users.staff }),
        200,
        productPage,
      ).data.map((p) => p.id);

    expect(await ids("min_price=10")).toEqual([dear.id]);
    expect(await ids("max_price=10")).toEqual([cheap.id]);
    expect(await ids("in_stock=true")).toEqual([dear.id]);
    expect(await ids("in_stock=false")).toEqual([cheap.id]);
    expect(await ids("is_active=false")).toEqual([gone.id]);
  });

  it.each([
    ["page=0", "page"],
    ["page_size=101", "page_size"],
    ["page_size=0", "page_size"],
    ["min_price=-1", "min_price"],
    ["in_stock=maybe", "in_stock"],
    ["category_id=abc", "category_id"],
  ])("%s is 422 VALIDATION_ERROR naming %s", async (query, field) => {
    const error = expectApiError(
      await call(served, "GET", `/products?${query}`, { as: users.viewer }),
      422,
      "VALIDATION_ERROR",
    );
    expect(error.detail).toContain(field);
  });
});

describe("GET /products/:id and /products/sku/:sku", () => {
  it("answers one product (inactive too) with its category, by id and by SKU in any case", async () => {
    const category = await createCategory(db.sql, word("Cat"));
    const made = await createProduct(db.sql, {
      categoryId: category.id,
      unitPrice: "37",
      costPrice: "31.45",
      stock: 4,
    });
    const byId = expectShape(
      await call(served, "GET", `/products/${made.id}`, { as: users.admin }),
      200,
      productEnvelope,
    );
    expect(byId.data).toMatchObject({
      id: made.id,
      sku: made.sku,
      unit_price: "37.00",
      cost_price: "31.45",
      current_stock: 4,
      is_active: true,
    });
    const bySku = expectShape(
      await call(served, "GET", `/products/sku/${encodeURIComponent(made.sku.toLowerCase())}`, { as: users.staff }),
      200,
      productEnvelope,
    );
    expect(bySku.data).toEqual({ ...byId.data, cost_price: null });
  });

  it("404 PRODUCT_NOT_FOUND for an unknown id or SKU; 422 for an id that is not a UUID", async () => {
    expectApiError(
      await call(served, "GET", `/products/${crypto.randomUUID()}`, { as: users.viewer }),
      404,
      "PRODUCT_NOT_FOUND",
    );
    const error = expectApiError(
      await call(served, "GET", "/products/sku/NO-SUCH-SKU", { as: users.viewer }),
      404,
      "PRODUCT_NOT_FOUND",
    );
    expect(error.error).toBe("Producto no encontrado.");
    expectApiError(await call(served, "GET", "/products/not-a-uuid", { as: users.viewer }), 422, "VALIDATION_ERROR");
  });
});

describe("GET /products/search", () => {
  it("answers products with relevance 0–1: 1 for the exact SKU, ≥ 0.4 for words, < 0.4 for a typo's guess", async () => {
    const unique = word("zorb");
    const made = await createProduct(db.sql, { name: `Mermelada ${unique} frutilla 250 g`, unitPrice: "12.5" });
    const exact = expectShape(
      await call(served, "GET", `/products/search?q=${encodeURIComponent(made.sku)}&limit=10`, { as: users.viewer }),
      200,
      searchEnvelope,
    );
    expect(exact.data[0]).toMatchObject({ id: made.id, relevance: 1, unit_price: "12.50", cost_price: null });

    const words = expectShape(
      await call(served, "GET", `/products/search?q=${unique}`, { as: users.viewer }),
      200,
      searchEnvelope,
    );
    expect(words.data.map((p) => p.id)).toEqual([made.id]);
    expect(words.data[0]?.relevance).toBeGreaterThanOrEqual(0.4);

    const typo = `${unique.slice(0, 3)}${unique.slice(4)}`; // one letter dropped
    const guess = expectShape(
      await call(served, "GET", `/products/search?q=${typo}`, { as: users.manager }),
      200,
      searchEnvelope,
    );
    const found = guess.data.find((p) => p.id === made.id);
    expect(found?.relevance).toBeLessThan(0.4);
    expect(found?.cost_price).toBe("6.00");
  });

  it("finds a category's products by the category's name, accents aside", async () => {
    const unique = word("lacteo");
    const category = await createCategory(db.sql, `Lácteos ${unique}`);
    const made = await createProduct(db.sql, { categoryId: category.id, name: `Queso ${word()}` });
    const answer = expectShape(
      await call(served, "GET", `/products/search?q=lacteos%20${unique}`, { as: users.staff }),
      200,
      searchEnvelope,
    );
    expect(answer.data.map((p) => p.id)).toContain(made.id);
  });

  it("an empty answer is 200 with [] for a store role", async () => {
    const answer = expectShape(
      await call(served, "GET", `/products/search?q=${word("nada")}`, { as: users.viewer }),
      200,
      searchEnvelope,
    );
    expect(answer.data).toEqual([]);
  });

  it.each([
    ["", "q"],
    [`q=${"a".repeat(101)}`, "q"],
    ["q=leche&limit=51", "limit"],
    ["q=leche&limit=0", "limit"],
  ])("?%s is 422 naming %s", async (query, field) => {
    const error = expectApiError(
      await call(served, "GET", `/products/search?${query}`, { as: users.viewer }),
      422,
      "VALIDATION_ERROR",
    );
    expect(error.detail).toContain(field);
  });
});

describe("GET /products/low-stock", () => {
  it("answers the low-stock rows of the front end's shape, out of stock first", async () => {
    const out = await createProduct(db.sql, { name: `Agotado ${word()}`, minStock: 5 });
    const low = await createProduct(db.sql, { name: `Bajo ${word()}`, minStock: 5, stock: 2 });
    const answer = expectShape(
      await call(served, "GET", "/products/low-stock", { as: users.viewer }),
      200,
      envelopeSchema(z.array(apiLowStockSchema)),
    );
    const mine = answer.data.filter((row) => row.id === out.id || row.id === low.id);
    expect(mine).toEqual([
      expect.objectContaining({ id: out.id, current_stock: 0, units_needed: 5, category_name: null }),
      expect.objectContaining({ id: low.id, current_stock: 2, units_needed: 3 }),
    ]);
  });
});

describe("POST /products (managers and admins)", () => {
  it("creates the product (SKU upper-cased, stock 0) and answers 201 with it, its cost and a message", async () => {
    const category = await createCategory(db.sql, word("Cat"));
    const sku = word("sku").toUpperCase().slice(0, 20).toLowerCase();
    const answer = expectShape(
      await call(served, "POST", "/products", {
        as: users.manager,
        body: {
          sku,
          name: "Basurera Max Grande",
          category_id: category.id,
          unit_price: "45.00",
          cost_price: 30,
          min_stock_level: 5,
        },
      }),
      201,
      productEnvelope,
    );
    expect(answer.data).toMatchObject({
      sku: sku.toUpperCase(),
      unit_price: "45.00",
      cost_price: "30.00",
      current_stock: 0,
      min_stock_level: 5,
      category: { id: category.id, name: category.name, description: null },
    });
    expect(answer.message).toBe("Producto creado.");
  });

  it.each(["staff", "viewer", "noRole"] as const)("403 FORBIDDEN for %s, and nothing is written", async (who) => {
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "POST", "/products", { as: users[who], body: { sku: word(), name: "X", unit_price: 1 } }),
        403,
        "FORBIDDEN",
      );
    });
  });

  it("401 without a token, and nothing is written", async () => {
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "POST", "/products", { body: { sku: "A", name: "X", unit_price: 1 } }),
        401,
        "UNAUTHORIZED",
      );
    });
  });

  it.each([
    [{ sku: "A-1", name: "X", unit_price: "abc" }, "VALIDATION_ERROR", "unit_price"],
    [{ sku: "A-1", name: "X" }, "VALIDATION_ERROR", "unit_price"],
    [{ sku: "A-1", name: "X", unit_price: 1, colour: "red" }, "VALIDATION_ERROR", "colour"],
    [{ sku: "A-1", name: "X", unit_price: 1.005 }, "INVALID_PRICE", "unit_price"],
    [{ sku: "A-1", name: "X", unit_price: -1 }, "INVALID_PRICE", "unit_price"],
    [{ sku: "Ñ Ñ", name: "X", unit_price: 1 }, "VALIDATION_ERROR", "sku"],
    [{ sku: "A-1", name: "   ", unit_price: 1 }, "VALIDATION_ERROR", "name"],
    [{ sku: "A-1", name: "X", unit_price: 1, min_stock_level: -2 }, "VALIDATION_ERROR", "min_stock_level"],
  ])("%j is 422 %s naming %s, nothing written", async (body, code, field) => {
    await writesNothing(db.sql, async () => {
      const error = expectApiError(await call(served, "POST", "/products", { as: users.manager, body }), 422, code);
      expect(`${error.detail}`).toContain(field);
    });
  });

  it("409 DUPLICATE_SKU for a taken SKU, 404 CATEGORY_NOT_FOUND for an unknown category", async () => {
    const taken = await createProduct(db.sql);
    await writesNothing(db.sql, async () => {
      const duplicate = expectApiError(
        await call(served, "POST", "/products", {
          as: users.admin,
          body: { sku: taken.sku, name: "Otro", unit_price: 1 },
        }),
        409,
        "DUPLICATE_SKU",
      );
      expect(duplicate.error).toBe("Ya existe un producto con ese SKU.");
      expectApiError(
        await call(served, "POST", "/products", {
          as: users.admin,
          body: { sku: word().toUpperCase(), name: "Otro", unit_price: 1, category_id: crypto.randomUUID() },
        }),
        404,
        "CATEGORY_NOT_FOUND",
      );
    });
  });

  it("refuses a body over 64 KiB with 413 PAYLOAD_TOO_LARGE", async () => {
    const answer = await call(served, "POST", "/products", {
      as: users.manager,
      body: { sku: "A", name: "x".repeat(70 * 1024), unit_price: 1 },
    });
    expectApiError(answer, 413, "PAYLOAD_TOO_LARGE");
  });
});

describe("PATCH and PUT /products/:id", () => {
  it.each(["PATCH", "PUT"])("%s changes only the fields sent and answers the product", async (method) => {
    const made = await createProduct(db.sql, { unitPrice: 10, costPrice: 6 });
    const answer = expectShape(
      await call(served, method, `/products/${made.id}`, {
        as: users.manager,
        body: { unit_price: 12.5, description: "Nueva descripción" },
      }),
      200,
      productEnvelope,
    );
    expect(answer.data).toMatchObject({
      id: made.id,
      sku: made.sku,
      unit_price: "12.50",
      cost_price: "6.00",
      description: "Nueva descripción",
    });
  });

  it("a staff member cannot change a price: 403, and the product is as it was", async () => {
    const made = await createProduct(db.sql, { unitPrice: 10 });
    expectApiError(
      await call(served, "PATCH", `/products/${made.id}`, { as: users.staff, body: { unit_price: 1 } }),
      403,
      "FORBIDDEN",
    );
    const [row] = await db.sql<
      { unit_price: string }[]
    >`select unit_price::text from public.products where id = ${made.id}`;
    expect(row?.unit_price).toBe("10.00");
  });

  it("404 for an unknown product, 422 for a stock change (not a catalog field)", async () => {
    expectApiError(
      await call(served, "PATCH", `/products/${crypto.randomUUID()}`, { as: users.manager, body: { name: "X" } }),
      404,
      "PRODUCT_NOT_FOUND",
    );
    const made = await createProduct(db.sql, { stock: 3 });
    await writesNothing(db.sql, async () => {
      expectApiError(
        await call(served, "PATCH", `/products/${made.id}`, { as: users.manager, body: { current_stock: 99 } }),
        422,
        "VALIDATION_ERROR",
      );
    });
  });
});

describe("DELETE /products/:id", () => {
  it("deletes a product without history, and deactivates one with movements (delete = deactivate)", async () => {
    const fresh = await createProduct(db.sql);
    const used = await createProduct(db.sql, { stock: 2 });
    const deleted = expectShape(
      await call(served, "DELETE", `/products/${fresh.id}`, { as: users.manager }),
      200,
      apiDeletedSchema,
    );
    expect(deleted).toMatchObject({ id: fresh.id, data: { action: "deleted" }, message: "Producto eliminado." });
    expect(await db.sql`select 1 from public.products where id = ${fresh.id}`).toHaveLength(0);

    const deactivated = expectShape(
      await call(served, "DELETE", `/products/${used.id}`, { as: users.admin }),
      200,
      apiDeletedSchema,
    );
    expect(deactivated.data).toEqual({ id: used.id, action: "deactivated" });
    const [row] = await db.sql<{ is_active: boolean }[]>`select is_active from public.products where id = ${used.id}`;
    expect(row?.is_active).toBe(false);
  });

  it("403 for staff and 404 for an unknown product", async () => {
    const made = await createProduct(db.sql);
    await writesNothing(db.sql, async () => {
      expectApiError(await call(served, "DELETE", `/products/${made.id}`, { as: users.staff }), 403, "FORBIDDEN");
    });
    expectApiError(
      await call(served, "DELETE", `/products/${crypto.randomUUID()}`, { as: users.manager }),
      404,
      "PRODUCT_NOT_FOUND",
    );
  });
});

describe("/categories", () => {
  it("lists pages of categories and answers one by id", async () => {
    const made = await createCategory(db.sql, word("Aaa"));
    const page = expectShape(
      await call(served, "GET", "/categories?page_size=100", { as: users.viewer }),
      200,
      pagedSchema(apiCategorySchema),
    );
    expect(page.data.map((c) => c.id)).toContain(made.id);
    expect(page.pagination.total_items).toBe(await categoryCount());
    const one = expectShape(
      await call(served, "GET", `/categories/${made.id}`, { as: users.viewer }),
      200,
      categoryEnvelope,
    );
    expect(one.data).toMatchObject({ id: made.id, name: made.name, description: null });
    const missing = expectApiError(
      await call(served, "GET", `/categories/${crypto.randomUUID()}`, { as: users.viewer }),
      404,
      "CATEGORY_NOT_FOUND",
    );
    expect(missing.error).toBe("Categoría no encontrada.");
  });

  it("creates, renames and deletes a category as a manager", async () => {
    const name = word("Automotriz");
    const created = expectShape(
      await call(served, "POST", "/categories", { as: users.manager, body: { name, description: "Repuestos" } }),
      201,
      categoryEnvelope,
    );
    expect(created.data).toMatchObject({ name, description: "Repuestos" });
    const renamed = expectShape(
      await call(served, "PATCH", `/categories/${created.data.id}`, {
        as: users.manager,
        body: { name: `${name} y más` },
      }),
      200,
      categoryEnvelope,
    );
    expect(renamed.data.name).toBe(`${name} y más`);
    const gone = await call(served, "DELETE", `/categories/${created.data.id}`, { as: users.manager });
    expect(gone.status).toBe(200);
    expect(await db.sql`select 1 from public.categories where id = ${created.data.id}`).toHaveLength(0);
  });

  it("409 DUPLICATE_CATEGORY for a name taken in another case; 409 CATEGORY_IN_USE for one with products", async () => {
    const taken = await createCategory(db.sql, word("Ferreteria"));
    const before = await categoryCount();
    expectApiError(
      await call(served, "POST", "/categories", { as: users.manager, body: { name: taken.name.toUpperCase() } }),
      409,
      "DUPLICATE_CATEGORY",
    );
    await createProduct(db.sql, { categoryId: taken.id });
    expectApiError(
      await call(served, "DELETE", `/categories/${taken.id}`, { as: users.manager }),
      409,
      "CATEGORY_IN_USE",
    );
    expect(await categoryCount()).toBe(before);
  });

  it("writes are for managers: 403 for staff, 422 for a blank name, nothing written", async () => {
    const before = await categoryCount();
    expectApiError(
      await call(served, "POST", "/categories", { as: users.staff, body: { name: "X" } }),
      403,
      "FORBIDDEN",
    );
    expectApiError(
      await call(served, "POST", "/categories", { as: users.manager, body: { name: "  " } }),
      422,
      "VALIDATION_ERROR",
    );
    expectApiError(
      await call(served, "POST", "/categories", { as: users.manager, body: { name: 5 } }),
      422,
      "VALIDATION_ERROR",
    );
    expect(await categoryCount()).toBe(before);
  });
});

describe("the SQL is the one place a rule lives", () => {
  it("a catalog constraint refuses the same input through the api and through the RPC, with the same code", async () => {
    const body = { sku: "lower case!", name: "X", unit_price: 1 };
    const viaApi = expectApiError(
      await call(served, "POST", "/products", { as: users.manager, body }),
      422,
      "VALIDATION_ERROR",
    );
    const viaRpc = await rpcAs(db.sql, users.manager, "create_product", body).then(
      () => null,
      (error: { message: string; detail: string }) => error,
    );
    expect(viaRpc?.message).toBe("VALIDATION_ERROR");
    expect(viaApi.detail).toBe(viaRpc?.detail);
  });
});

describe("the HTTP surface", () => {
  it("answers a CORS preflight from the front end's Vite origin for its headers", async () => {
    const res = await fetch(`${served.url}/api/v1/products/search?q=a`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/content-type/);
    expect(res.headers.get("access-control-allow-methods")).toMatch(/GET/);
  });

  it("404 NOT_FOUND for an unknown route and 405 METHOD_NOT_ALLOWED for another method, in the envelope", async () => {
    expectApiError(await call(served, "GET", "/nothing-here", { as: users.viewer }), 404, "NOT_FOUND");
    const answer: Answer = await call(served, "POST", "/products/search", { as: users.viewer, body: {} });
    expectApiError(answer, 405, "METHOD_NOT_ALLOWED");
    expect(answer.headers.get("allow")).toMatch(/GET/);
  });
});
