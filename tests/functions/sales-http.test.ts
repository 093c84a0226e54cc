import { describe, expect, it } from "vitest";
import { anon, rpcAs, serviceRole, tokenFor } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, integrityProblems, stockOf, writeCounts } from "../helpers/fixtures.ts";
import {
  expectError,
  fieldsOf,
  get,
  postJson,
  read,
  type Sale,
  useInProcessApps,
  useUsers,
  writesNothing,
} from "./support.ts";

/**
 * The sales function in-process (the Hono app `index.ts` serves, with a pool
 * on this file's database): selling, idempotent retries, reading and
 * cancelling a sale, each as the caller whose token it receives.
 */

const db = useTestDatabase();
const apps = useInProcessApps(db);
const users = useUsers(db);

async function sell(body: unknown, options: Parameters<typeof postJson>[3] = { as: users.staff }) {
  return postJson(apps.sales, "/sales", body, options);
}

async function soldSale(body: unknown, options?: Parameters<typeof postJson>[3]): Promise<Sale> {
  const { status, body: envelope, text } = await read<Sale>(await sell(body, options));
  expect(status, text).toBe(201);
  expect(envelope.success).toBe(true);
  return envelope.data as Sale;
}

async function salesWithKey(key: string): Promise<number> {
  const [row] = await db.sql<
    { n: number }[]
  >`select count(*)::int as n from public.sales where idempotency_key = ${key}`;
  return row?.n ?? 0;
}

describe("POST /sales", () => {
  it("sells by product_id: 201 with {success: true, data: sale}, amounts computed in SQL, stock taken", async () => {
    const product = await createProduct(db.sql, { stock: 10, unitPrice: "12.50" });
    const res = await sell({ items: [{ product_id: product.id, quantity: 2 }], payment_method: "QR", tax_rate: 0 });
    const { status, body } = await read<Sale>(res);
    expect(status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Object.keys(body).sort()).toEqual(["data", "success"]);
    expect(body.success).toBe(true);
    const sale = body.data as Sale;
    expect(sale).toMatchObject({
      status: "COMPLETED",
      payment_method: "QR",
      subtotal: 25,
      discount: 0,
      tax: 0,
      total: 25,
      created_by: users.staff.id,
    });
    expect(sale.sale_number).toMatch(/^V-\d{4}-\d{6,}$/);
    expect(sale.items).toHaveLength(1);
    expect(sale.items[0]).toMatchObject({
      product_id: product.id,
      quantity: 2,
      unit_price: 12.5,
      subtotal: 25,
      product: { sku: product.sku, name: product.name },
    });
    expect(await stockOf(db.sql, product.id)).toBe(8);
    expect(await integrityProblems(db.sql)).toEqual([]);
  });

  it("sells by sku, upper- or lower-case, and mixes sku and product_id lines", async () => {
    const a = await createProduct(db.sql, { stock: 5, unitPrice: "3.00" });
    const b = await createProduct(db.sql, { stock: 5, unitPrice: "4.00" });
    const sale = await soldSale({
      items: [
        { sku: a.sku.toLowerCase(), quantity: 1 },
        { product_id: b.id, quantity: 2 },
      ],
      tax_rate: 0,
    });
    expect(sale.items.map((item) => [item.product_id, item.quantity, item.product.sku])).toEqual([
      [a.id, 1, a.sku],
      [b.id, 2, b.sku],
    ]);
    expect(sale.total).toBe(11);
    const upper = await soldSale({ items: [{ sku: a.sku, quantity: 1 }], tax_rate: 0 });
    expect(upper.items[0]?.product_id).toBe(a.id);
    expect([await stockOf(db.sql, a.id), await stockOf(db.sql, b.id)]).toEqual([3, 3]);
  });

  it("takes any uuid Postgres takes as a product id, not only RFC 9562 ones", async () => {
    const id = "11111111-1111-1111-1111-111111111111";
    const sku = `FIXED-${crypto.randomUUID().slice(0, 8)}`.toUpperCase();
    await db.sql`insert into public.products (id, sku, name, unit_price) values (${id}, ${sku}, 'Producto importado', 5)`;
    await rpcAs(db.sql, serviceRole, "register_stock_entry", { product_id: id, quantity: 2, reason: "INITIAL_STOCK" });
    const sale = await soldSale({ items: [{ product_id: id, quantity: 1 }] });
    expect(sale.items[0]?.product_id).toBe(id);
    const { status } = await read(await get(apps.sales, `/sales/${sale.id.toUpperCase()}`, { as: users.viewer }));
    expect(status).toBe(200);
  });

  it("applies the tax rate, the sale discount and the store's default tax", async () => {
    const product = await createProduct(db.sql, { stock: 5, unitPrice: "10.00" });
    const taxed = await soldSale(
      { items: [{ product_id: product.id, quantity: 3 }], tax_rate: 13, discount: 5 },
      { as: users.manager },
    );
    expect(taxed).toMatchObject({ subtotal: 30, discount: 5, tax: 3.25, total: 28.25 });
    const [settings] = await db.sql<
      { rate: string }[]
    >`select default_tax_rate::text as rate from public.store_settings`;
    const byDefault = await soldSale({ items: [{ product_id: product.id, quantity: 1 }] });
    expect(byDefault.tax).toBe(Math.round(10 * Number(settings?.rate)) / 100);
  });

  it("honours the Idempotency-Key header: a retry returns the same sale and takes the stock once", async () => {
    const product = await createProduct(db.sql, { stock: 10 });
    const key = `retry-${crypto.randomUUID()}`;
    const body = { items: [{ product_id: product.id, quantity: 3 }] };
    const first = await soldSale(body, { as: users.staff, headers: { "idempotency-key": key } });
    const retry = await soldSale(body, { as: users.staff, headers: { "Idempotency-Key": key } });
    expect(retry.id).toBe(first.id);
    expect(retry.sale_number).toBe(first.sale_number);
    // The same key in the body and the header is the same request.
    const both = await soldSale(
      { ...body, idempotency_key: key },
      { as: users.staff, headers: { "idempotency-key": key } },
    );
    expect(both.id).toBe(first.id);
    // The same line given by SKU is the same sale too.
    const bySku = await soldSale(
      { items: [{ sku: product.sku, quantity: 3 }] },
      { as: users.staff, headers: { "idempotency-key": key } },
    );
    expect(bySku.id).toBe(first.id);
    expect(await salesWithKey(key)).toBe(1);
    expect(await stockOf(db.sql, product.id)).toBe(7);
  });

  it("keys are per user: another cashier with the same key makes their own sale", async () => {
    const product = await createProduct(db.sql, { stock: 10 });
    const key = `shared-${crypto.randomUUID()}`;
    const body = { items: [{ product_id: product.id, quantity: 1 }], idempotency_key: key };
    const mine = await soldSale(body, { as: users.staff });
    const theirs = await soldSale(body, { as: users.staff2 });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.created_by).toBe(users.staff2.id);
    expect(await stockOf(db.sql, product.id)).toBe(8);
  });

  it("refuses a header key that differs from the body's key (400) and a reused key for another sale (409)", async () => {
    const product = await createProduct(db.sql, { stock: 10 });
    const key = `k-${crypto.randomUUID()}`;
    const differs = await writesNothing(db.sql, async () =>
      expectError(
        sell(
          { items: [{ product_id: product.id, quantity: 1 }], idempotency_key: `${key}-body` },
          { as: users.staff, headers: { "idempotency-key": key } },
        ),
        400,
        "VALIDATION_ERROR",
      ),
    );
    expect(fieldsOf(differs)).toEqual(["Idempotency-Key"]);
    await expectError(
      sell(
        { items: [{ product_id: product.id, quantity: 1 }] },
        { as: users.staff, headers: { "idempotency-key": "x".repeat(201) } },
      ),
      400,
      "VALIDATION_ERROR",
    );

    await soldSale(
      { items: [{ product_id: product.id, quantity: 1 }] },
      { as: users.staff, headers: { "idempotency-key": key } },
    );
    const reused = await writesNothing(db.sql, () =>
      expectError(
        sell(
          { items: [{ product_id: product.id, quantity: 2 }] },
          { as: users.staff, headers: { "idempotency-key": key } },
        ),
        409,
        "IDEMPOTENCY_KEY_REUSED",
      ),
    );
    expect(reused.details).toMatchObject({ sale_id: expect.any(String) });
    expect(await stockOf(db.sql, product.id)).toBe(9);
  });

  it("answers the database's domain errors with their status and code, naming the line", async () => {
    const product = await createProduct(db.sql, { stock: 1 });
    const inactive = await createProduct(db.sql, { stock: 3, active: false });
    const short = await writesNothing(db.sql, () =>
      expectError(sell({ items: [{ product_id: product.id, quantity: 2 }] }), 409, "INSUFFICIENT_STOCK"),
    );
    expect(short.details).toMatchObject({ line: 1, requested: 2, available: 1 });
    expect(short.message).toMatch(/^Line 1: /);
    await writesNothing(db.sql, () =>
      expectError(sell({ items: [{ sku: inactive.sku, quantity: 1 }] }), 409, "PRODUCT_INACTIVE"),
    );
    await writesNothing(db.sql, () => expectError(sell({ items: [] }), 400, "EMPTY_SALE"));
    await writesNothing(db.sql, () =>
      expectError(
        sell({
          items: [
            { product_id: product.id, quantity: 1 },
            { sku: product.sku, quantity: 1 },
          ],
        }),
        400,
        "DUPLICATE_SALE_LINE",
      ),
    );
    await writesNothing(db.sql, () =>
      expectError(
        sell({ items: [{ product_id: product.id, quantity: 1, unit_price: 1 }] }),
        403,
        "PRICE_OVERRIDE_FORBIDDEN",
      ),
    );
    await writesNothing(db.sql, () =>
      expectError(
        sell({ items: [{ product_id: product.id, quantity: 1 }], discount: 1000 }),
        400,
        "DISCOUNT_EXCEEDS_AMOUNT",
      ),
    );
    expect(await stockOf(db.sql, product.id)).toBe(1);
  });
});

describe("GET /sales/:id", () => {
  it("returns the sale with its items and their product names, to any role holder", async () => {
    const a = await createProduct(db.sql, { stock: 5, name: "Azúcar morena 1 kg" });
    const b = await createProduct(db.sql, { stock: 5, name: "Café Copacabana" });
    const sold = await soldSale({
      items: [
        { product_id: a.id, quantity: 1 },
        { product_id: b.id, quantity: 2 },
      ],
    });
    for (const reader of [users.viewer, users.staff, users.manager, users.admin]) {
      const { status, body } = await read<Sale>(await get(apps.sales, `/sales/${sold.id}`, { as: reader }));
      expect(status).toBe(200);
      // The cost of each line is shown to managers and admins only.
      const manages = reader === users.manager || reader === users.admin;
      expect(body.data).toEqual({
        ...sold,
        items: sold.items.map((item, index) => ({ ...item, cost_price: manages ? [6, 6][index] : null })),
      });
    }
    expect(sold.items.map((item) => item.product.name)).toEqual(["Azúcar morena 1 kg", "Café Copacabana"]);
  });

  it("404 SALE_NOT_FOUND for an unknown id, 400 VALIDATION_ERROR naming `id` for a non-uuid", async () => {
    const unknown = await expectError(
      get(apps.sales, `/sales/${crypto.randomUUID()}`, { as: users.viewer }),
      404,
      "SALE_NOT_FOUND",
    );
    expect(unknown.details).toMatchObject({ sale_id: expect.any(String) });
    const bad = await expectError(get(apps.sales, "/sales/not-a-uuid", { as: users.viewer }), 400, "VALIDATION_ERROR");
    expect(fieldsOf(bad)).toEqual(["id"]);
    await expectError(get(apps.sales, "/sales/1'%20or%201=1", { as: users.viewer }), 400, "VALIDATION_ERROR");
  });
});

describe("POST /sales/:id/cancel", () => {
  it("a manager cancels: the stock comes back, the sale says who and why; a second cancel is 409", async () => {
    const product = await createProduct(db.sql, { stock: 6 });
    const sold = await soldSale({ items: [{ product_id: product.id, quantity: 4 }] });
    expect(await stockOf(db.sql, product.id)).toBe(2);

    const res = await postJson(
      apps.sales,
      `/sales/${sold.id}/cancel`,
      { reason: "  cliente devolvió  " },
      { as: users.manager },
    );
    const { status, body } = await read<Sale>(res);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      id: sold.id,
      status: "CANCELLED",
      cancelled_by: users.manager.id,
      cancellation_reason: "cliente devolvió",
    });
    expect(await stockOf(db.sql, product.id)).toBe(6);
    expect(await integrityProblems(db.sql)).toEqual([]);

    const again = await writesNothing(db.sql, () =>
      expectError(
        postJson(apps.sales, `/sales/${sold.id}/cancel`, { reason: "otra vez" }, { as: users.admin }),
        409,
        "SALE_ALREADY_CANCELLED",
      ),
    );
    expect(again.details).toMatchObject({ sale_id: sold.id, sale_number: sold.sale_number });
  });

  it("staff and viewers may not cancel (403 FORBIDDEN) and nothing changes", async () => {
    const product = await createProduct(db.sql, { stock: 3 });
    const sold = await soldSale({ items: [{ product_id: product.id, quantity: 1 }] });
    for (const who of [users.staff, users.viewer, users.noRole]) {
      await writesNothing(db.sql, () =>
        expectError(
          postJson(apps.sales, `/sales/${sold.id}/cancel`, { reason: "error" }, { as: who }),
          403,
          "FORBIDDEN",
        ),
      );
    }
    const { body } = await read<Sale>(await get(apps.sales, `/sales/${sold.id}`, { as: users.viewer }));
    expect(body.data?.status).toBe("COMPLETED");
    expect(await stockOf(db.sql, product.id)).toBe(2);
  });

  it("unknown sale 404, bad id or missing reason 400", async () => {
    await expectError(
      postJson(apps.sales, `/sales/${crypto.randomUUID()}/cancel`, { reason: "x" }, { as: users.manager }),
      404,
      "SALE_NOT_FOUND",
    );
    const product = await createProduct(db.sql, { stock: 3 });
    const sold = await soldSale({ items: [{ product_id: product.id, quantity: 1 }] });
    for (const body of [{}, { reason: "   " }, { reason: 5 }, { reason: "x", extra: true }]) {
      const error = await writesNothing(db.sql, () =>
        expectError(
          postJson(apps.sales, `/sales/${sold.id}/cancel`, body, { as: users.manager }),
          400,
          "VALIDATION_ERROR",
        ),
      );
      expect(fieldsOf(error).join(" ")).toMatch(/reason|extra/);
    }
    await expectError(
      postJson(apps.sales, "/sales/nope/cancel", { reason: "x" }, { as: users.manager }),
      400,
      "VALIDATION_ERROR",
    );
  });
});

describe("routes and methods", () => {
  it("a served path with another method is 405 METHOD_NOT_ALLOWED naming the allowed ones; anything else 404", async () => {
    const id = crypto.randomUUID();
    for (const [method, path, allow] of [
      ["GET", "/sales", "POST, OPTIONS"],
      ["PUT", "/sales", "POST, OPTIONS"],
      ["DELETE", `/sales/${id}`, "GET, OPTIONS"],
      ["PATCH", `/sales/${id}`, "GET, OPTIONS"],
      ["GET", `/sales/${id}/cancel`, "POST, OPTIONS"],
    ]) {
      const res = await apps.sales.request(path as string, {
        method,
        headers: { authorization: `Bearer ${await tokenFor(users.admin)}` },
      });
      expect(res.headers.get("allow"), `${method} ${path}`).toBe(allow);
      await expectError(res, 405, "METHOD_NOT_ALLOWED");
    }
    await expectError(get(apps.sales, `/sales/${id}/refund`, { as: users.admin }), 404, "NOT_FOUND");
  });
});

describe("the database is reached as the caller", () => {
  it("created_by is the token's sub, for ES256 and HS256 tokens alike", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    const es = await soldSale({ items: [{ product_id: product.id, quantity: 1 }] }, { as: users.staff2 });
    const hs = await soldSale(
      { items: [{ product_id: product.id, quantity: 1 }] },
      { as: users.manager, alg: "HS256" },
    );
    const rows = await db.sql<{ id: string; created_by: string }[]>`
      select id, created_by from public.sales where id in (${es.id}, ${hs.id}) order by sale_sequence
    `;
    expect(rows).toEqual([
      { id: es.id, created_by: users.staff2.id },
      { id: hs.id, created_by: users.manager.id },
    ]);
  });

  it("a viewer or a user without a role may not sell (403), by id or by sku, and nothing is written", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    for (const who of [users.viewer, users.noRole]) {
      for (const line of [{ product_id: product.id }, { sku: product.sku }, { sku: "NO-SUCH-SKU" }]) {
        await writesNothing(db.sql, () =>
          expectError(sell({ items: [{ ...line, quantity: 1 }] }, { as: who }), 403, "FORBIDDEN"),
        );
      }
    }
    await expectError(get(apps.sales, `/sales/${crypto.randomUUID()}`, { as: users.noRole }), 403, "FORBIDDEN");
    expect(await stockOf(db.sql, product.id)).toBe(5);
  });

  it("an anon token is 401 UNAUTHORIZED for every sales route", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    const token = await tokenFor(anon);
    const before = await writeCounts(db.sql);
    await expectError(sell({ items: [{ product_id: product.id, quantity: 1 }] }, { as: token }), 401, "UNAUTHORIZED");
    await expectError(sell({ items: [{ sku: product.sku, quantity: 1 }] }, { as: token }), 401, "UNAUTHORIZED");
    await expectError(get(apps.sales, `/sales/${crypto.randomUUID()}`, { as: token }), 401, "UNAUTHORIZED");
    await expectError(
      postJson(apps.sales, `/sales/${crypto.randomUUID()}/cancel`, { reason: "x" }, { as: token }),
      401,
      "UNAUTHORIZED",
    );
    expect(await writeCounts(db.sql)).toEqual(before);
  });
});
