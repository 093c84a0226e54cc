import { signToken } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { testKeys, tokenFor } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, integrityProblems, stockOf, writeCounts } from "../helpers/fixtures.ts";
import { useServedFunctions } from "../helpers/functions.ts";
import {
  expectError,
  get,
  overHttp,
  postJson,
  read,
  requestLines,
  type Sale,
  type Target,
  useUsers,
  writesNothing,
} from "./support.ts";

/**
 * The headline cases against the real functions: served under Deno, behind
 * the gateway at /functions/v1/<name>, with the environment Supabase gives
 * them, reached over HTTP by concurrent clients.
 */

const db = useTestDatabase();
const served = useServedFunctions(db, ["sales", "reports"]);
const users = useUsers(db);

function http(): Target {
  return overHttp(served);
}

async function salesOf(productId: string): Promise<{ id: string; created_by: string }[]> {
  return db.sql<{ id: string; created_by: string }[]>`
    select distinct s.id, s.created_by from public.sales s join public.sale_items i on i.sale_id = s.id
     where i.product_id = ${productId}
  `;
}

describe("two cashiers sell the last unit at the same moment", () => {
  it.each([1, 2, 3])("round %i: one 201, the other 409 INSUFFICIENT_STOCK; stock 0; the ledger intact", async () => {
    const product = await createProduct(db.sql, { stock: 1 });
    const [tokenA, tokenB] = await Promise.all([tokenFor(users.staff), tokenFor(users.staff2)]);
    const body = { items: [{ product_id: product.id, quantity: 1 }] };
    const before = await writeCounts(db.sql);

    const responses = await Promise.all([
      postJson(http(), "/sales", body, { as: tokenA }),
      postJson(http(), "/sales", body, { as: tokenB }),
    ]);
    const results = await Promise.all(responses.map((res) => read<Sale>(res)));

    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
    const winner = results.find((result) => result.status === 201);
    const loser = results.find((result) => result.status === 409);
    expect(loser?.body.error).toMatchObject({
      code: "INSUFFICIENT_STOCK",
      details: { line: 1, requested: 1, available: 0, product_id: product.id },
    });
    expect(await stockOf(db.sql, product.id)).toBe(0);
    expect(await integrityProblems(db.sql)).toEqual([]);
    const sales = await salesOf(product.id);
    expect(sales).toEqual([{ id: winner?.body.data?.id, created_by: winner?.body.data?.created_by }]);
    expect([users.staff.id, users.staff2.id]).toContain(sales[0]?.created_by);
    // Exactly one sale, one line, one movement more than before.
    const after = await writeCounts(db.sql);
    expect({
      sales: (after.sales ?? 0) - (before.sales ?? 0),
      sale_items: (after.sale_items ?? 0) - (before.sale_items ?? 0),
      movements: (after.inventory_movements ?? 0) - (before.inventory_movements ?? 0),
    }).toEqual({ sales: 1, sale_items: 1, movements: 1 });
  });
});

describe("the same sale posted 20 times at once with one Idempotency-Key", () => {
  it("creates exactly one sale, and all 20 answers are 201 with that sale", async () => {
    const product = await createProduct(db.sql, { stock: 100 });
    const token = await tokenFor(users.staff);
    const key = `tablet-3:${crypto.randomUUID()}`;
    const body = { items: [{ product_id: product.id, quantity: 2 }], payment_method: "CASH" };

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        postJson(http(), "/sales", body, { as: token, headers: { "idempotency-key": key } }),
      ),
    );
    const results = await Promise.all(responses.map((res) => read<Sale>(res)));

    expect(results.map((result) => result.status)).toEqual(Array(20).fill(201));
    const ids = new Set(results.map((result) => result.body.data?.id));
    expect(ids.size).toBe(1);
    const rows = await db.sql<{ id: string; sale_number: string }[]>`
      select id, sale_number from public.sales where idempotency_key = ${key}
    `;
    expect(rows).toHaveLength(1);
    expect(ids.has(rows[0]?.id)).toBe(true);
    for (const result of results) expect(result.body.data?.sale_number).toBe(rows[0]?.sale_number);
    expect(await stockOf(db.sql, product.id)).toBe(98);
    expect(await integrityProblems(db.sql)).toEqual([]);
  });
});

describe("50 concurrent sales over overlapping products", () => {
  it("some fail for stock, none deadlocks, and the sale numbers stay gapless", async () => {
    const products = await Promise.all([
      createProduct(db.sql, { stock: 12 }),
      createProduct(db.sql, { stock: 12 }),
      createProduct(db.sql, { stock: 12 }),
    ]);
    const tokens = await Promise.all([tokenFor(users.staff), tokenFor(users.staff2), tokenFor(users.manager)]);
    const requests = Array.from({ length: 50 }, (_, index) => {
      // Lines in varying order, so naive locking would deadlock.
      const order = index % 2 === 0 ? products : [...products].reverse();
      const items = order.slice(0, 2 + (index % 2)).map((product) => ({ product_id: product.id, quantity: 1 }));
      return postJson(http(), "/sales", { items }, { as: tokens[index % tokens.length] ?? "" });
    });
    const results = await Promise.all((await Promise.all(requests)).map((res) => read<Sale>(res)));

    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    expect(results.filter((result) => result.status === 409).map((result) => result.body.error?.code)).toEqual(
      Array(statuses.filter((status) => status === 409).length).fill("INSUFFICIENT_STOCK"),
    );
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 409).length).toBeGreaterThan(0);

    const sold = results.flatMap((result) => (result.status === 201 ? (result.body.data as Sale).items : []));
    for (const product of products) {
      const taken = sold.filter((item) => item.product_id === product.id).reduce((sum, item) => sum + item.quantity, 0);
      expect(await stockOf(db.sql, product.id)).toBe(12 - taken);
    }
    const years = await db.sql<{ year: number; sequences: number[] }[]>`
      select sale_year as year, array_agg(sale_sequence order by sale_sequence) as sequences
        from public.sales group by sale_year
    `;
    for (const { sequences } of years) {
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
    }
    expect(await integrityProblems(db.sql)).toEqual([]);
  });
});

describe("over HTTP, the rest of a sale's life", () => {
  it("sell by lower-case sku (HS256 token), read it with product names, cancel it, refuse a second cancel", async () => {
    const product = await createProduct(db.sql, { stock: 5, name: "Chuño Gourmet" });
    const created = await read<Sale>(
      await postJson(
        http(),
        "/sales",
        { items: [{ sku: product.sku.toLowerCase(), quantity: 2 }] },
        { as: users.staff, alg: "HS256" },
      ),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ success: true, data: { created_by: users.staff.id } });
    const sale = created.body.data as Sale;

    const fetched = await read<Sale>(await get(http(), `/sales/${sale.id}`, { as: users.viewer }));
    expect(fetched.status).toBe(200);
    expect(fetched.body.data?.items[0]?.product).toEqual({ sku: product.sku, name: "Chuño Gourmet" });

    const cancelled = await read<Sale>(
      await postJson(http(), `/sales/${sale.id}/cancel`, { reason: "devolución" }, { as: users.manager }),
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data?.status).toBe("CANCELLED");
    expect(await stockOf(db.sql, product.id)).toBe(5);
    await expectError(
      postJson(http(), `/sales/${sale.id}/cancel`, { reason: "otra" }, { as: users.manager }),
      409,
      "SALE_ALREADY_CANCELLED",
    );
    await expectError(
      postJson(http(), `/sales/${sale.id}/cancel`, { reason: "x" }, { as: users.staff }),
      403,
      "FORBIDDEN",
    );
    await expectError(get(http(), `/sales/${crypto.randomUUID()}`, { as: users.viewer }), 404, "SALE_NOT_FOUND");
  });

  it("bad input and bad tokens are refused through the gateway, and write nothing", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    const line = { product_id: product.id, quantity: 1 };
    const hsWrongSecret = await signToken(
      { ...testKeys(), jwtSecret: "a-wrong-secret-that-is-long-enough-to-be-used!" },
      { role: "authenticated", sub: users.staff.id },
      { alg: "HS256" },
    );
    await writesNothing(db.sql, async () => {
      await expectError(postJson(http(), "/sales", { items: [line] }, { as: null }), 401, "UNAUTHORIZED");
      await expectError(postJson(http(), "/sales", { items: [line] }, { as: hsWrongSecret }), 401, "UNAUTHORIZED");
      await expectError(
        postJson(http(), "/sales", { items: [line] }, { as: await tokenFor(users.staff, { expiresIn: -5 }) }),
        401,
        "UNAUTHORIZED",
      );
      await expectError(postJson(http(), "/sales", { items: [line] }, { as: users.viewer }), 403, "FORBIDDEN");
      await expectError(postJson(http(), "/sales", '{"items": [', { as: users.staff }), 400, "INVALID_JSON");
      await expectError(
        postJson(http(), "/sales", { items: [line] }, { as: users.staff, headers: { "content-type": "text/plain" } }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      );
      await expectError(
        postJson(http(), "/sales", { items: [line], notes: "x".repeat(70_000) }, { as: users.staff }),
        413,
        "PAYLOAD_TOO_LARGE",
      );
      const invalid = await expectError(
        postJson(http(), "/sales", { items: [line], discount: "1", foo: 1 }, { as: users.staff }),
        400,
        "VALIDATION_ERROR",
      );
      expect((invalid.details as { field: string }[]).map((issue) => issue.field).sort()).toEqual(["discount", "foo"]);
      const quantity = await expectError(
        postJson(http(), "/sales", { items: [{ ...line, quantity: -1 }] }, { as: users.staff }),
        400,
        "INVALID_QUANTITY",
      );
      expect(quantity.details).toEqual({ line: 1, field: "quantity", value: -1 });
      await expectError(
        postJson(http(), "/sales", { items: [{ sku: "NO-SUCH-THING", quantity: 1 }] }, { as: users.staff }),
        404,
        "PRODUCT_NOT_FOUND",
      );
    });
  });
});

describe("over HTTP, what operators and browsers see", () => {
  it("the request id is kept, returned and written in exactly one JSON log line by the Deno process", async () => {
    const id = `gw-${crypto.randomUUID()}`;
    const res = await get(http(), "/reports/low-stock", { as: users.viewer, headers: { "x-request-id": id } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe(id);
    const made = await get(http(), "/reports/low-stock", { as: null });
    const madeId = made.headers.get("x-request-id") ?? "";
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = requestLines(served.logs);
    const mine = lines.filter((line) => line.request_id === id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      function: "reports",
      method: "GET",
      path: "/reports/low-stock",
      status: 200,
      user_id: users.viewer.id,
      error_code: null,
      duration_ms: expect.any(Number),
    });
    expect(lines.filter((line) => line.request_id === madeId)).toEqual([
      expect.objectContaining({ status: 401, error_code: "UNAUTHORIZED", user_id: null }),
    ]);
  });

  it("a browser's preflight gets 204 with the allowed headers; answers expose x-request-id", async () => {
    const preflight = await fetch(`${served.url}/sales`, {
      method: "OPTIONS",
      headers: {
        origin: "https://pos.comarapa.bo",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, idempotency-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const header of ["authorization", "content-type", "idempotency-key"]) expect(allowed).toContain(header);

    const res = await get(http(), "/reports/low-stock", {
      as: users.viewer,
      headers: { origin: "https://pos.comarapa.bo" },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-request-id");
  });

  it("reports: the daily summary as JSON and as CSV, low stock, and who may read them", async () => {
    const product = await createProduct(db.sql, { stock: 3, minStock: 5, name: "Api Morado" });
    const sale = await read<Sale>(
      await postJson(http(), "/sales", { items: [{ product_id: product.id, quantity: 1 }] }, { as: users.staff }),
    );
    const [row] = await db.sql<{ day: string }[]>`
      select ((${sale.body.data?.sale_date ?? ""}::timestamptz) at time zone 'America/La_Paz')::date::text as day
    `;
    const day = row?.day ?? "";

    const summary = await read(await get(http(), `/reports/daily-summary?date=${day}`, { as: users.viewer }));
    expect(summary.status).toBe(200);
    expect(summary.body.data).toMatchObject({ date: day, timezone: "America/La_Paz" });
    expect((summary.body.data as { sales_count: number }).sales_count).toBeGreaterThanOrEqual(1);

    const csv = await get(http(), `/reports/daily-summary?date=${day}&format=csv`, { as: users.viewer });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="resumen-${day}.csv"`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.headers.get("x-csv-delimiter")).toBe("comma");
    expect(new TextDecoder().decode(bytes)).toContain(`\r\n"date","${day}"\r\n`);
    const semicolon = await get(http(), `/reports/daily-summary?date=${day}&format=csv&delimiter=semicolon`, {
      as: users.viewer,
    });
    expect(semicolon.headers.get("x-csv-delimiter")).toBe("semicolon");
    expect(await semicolon.text()).toContain(`\r\n"date";"${day}"\r\n"timezone";"America/La_Paz"\r\n`);

    const low = await read<{ id: string }[]>(await get(http(), "/reports/low-stock", { as: users.viewer }));
    expect(low.body.data).toContainEqual({
      id: product.id,
      sku: product.sku,
      name: "Api Morado",
      category_name: null,
      current_stock: 2,
      min_stock_level: 5,
      units_needed: 3,
    });

    await expectError(
      get(http(), "/reports/daily-summary?date=2026-02-30", { as: users.viewer }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(
      get(http(), "/reports/daily-summary?date=yesterday", { as: users.viewer }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(get(http(), "/reports/low-stock", { as: users.noRole }), 403, "FORBIDDEN");
    await expectError(get(http(), `/reports/daily-summary?date=${day}`, { as: users.noRole }), 403, "FORBIDDEN");
    await expectError(get(http(), "/reports/daily-summary", { as: null }), 401, "UNAUTHORIZED");
  });
});
