import { describe, expect, it } from "vitest";
import {
  type AccountMovement,
  accountMovementSchema,
  customerStatementSchema,
  receivablesAgingSchema,
} from "../../supabase/functions/_shared/responses.ts";
import { accountOf, balanceOf, createCustomer } from "../customers/support.ts";
import { anon, tokenFor } from "../helpers/act.ts";
import { parseCsv } from "../helpers/csv.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct } from "../helpers/fixtures.ts";
import { useServedFunctions } from "../helpers/functions.ts";
import { expectError, fieldsOf, get, overHttp, postJson, read, type Sale, useUsers, writesNothing } from "./support.ts";

/**
 * The customers function served under real Deno behind the gateway, with
 * POST /sales selling on credit and in parts: each route one RPC as its
 * caller, so every rule answers with the SQL's own code.
 */

const db = useTestDatabase();
const served = useServedFunctions(db, ["customers", "sales"]);
const users = useUsers(db);
const http = () => overHttp(served);

/** A customer who owes `owed` from a credit sale made over POST /sales. */
async function debtor(owed: number, creditLimit = 1000) {
  const customer = await createCustomer(db.sql, { creditLimit, name: "Florencia Condori" });
  const product = await createProduct(db.sql, { unitPrice: owed.toFixed(2), stock: 5 });
  const { status, body, text } = await read<Sale>(
    await postJson(
      http(),
      "/sales",
      {
        items: [{ sku: product.sku, quantity: 1 }],
        customer_id: customer.id,
        payments: [{ method: "CREDIT", amount: owed }],
      },
      { as: users.staff },
    ),
  );
  expect(status, text).toBe(201);
  return { customer, sale: body.data as Sale };
}

describe("POST /sales with a customer and payments", () => {
  it("sells in parts, cash change computed in SQL, part on the customer's account", async () => {
    const customer = await createCustomer(db.sql, { creditLimit: 100 });
    const product = await createProduct(db.sql, { unitPrice: "37.50", stock: 5 });
    const res = await postJson(
      http(),
      "/sales",
      {
        items: [{ product_id: product.id, quantity: 2 }],
        customer_id: customer.id,
        payments: [
          { method: "CASH", amount: 25, tendered: 50 },
          { method: "CREDIT", amount: 50 },
        ],
      },
      { as: users.staff },
    );
    const { status, body, text } = await read<Sale>(res);
    expect(status, text).toBe(201);
    expect(body.data).toMatchObject({ payment_method: "MIXED", total: 75, customer_id: customer.id });
    expect(body.data?.payments).toEqual([
      { method: "CASH", amount: 25, tendered: 50, change: 25, reference: null },
      { method: "CREDIT", amount: 50, tendered: null, change: null, reference: null },
    ]);
    expect(await balanceOf(db.sql, customer.id)).toBe(5000n);
  });

  it("answers the SQL's codes: CREDIT_LIMIT_EXCEEDED 409, PAYMENT_MISMATCH 400, CUSTOMER_REQUIRED 400, FORBIDDEN override", async () => {
    const customer = await createCustomer(db.sql, { creditLimit: 10 });
    const product = await createProduct(db.sql, { unitPrice: "20.00", stock: 5 });
    const items = [{ product_id: product.id, quantity: 1 }];
    const cases: [body: Record<string, unknown>, status: number, code: string][] = [
      [{ items, customer_id: customer.id, payment_method: "CREDIT" }, 409, "CREDIT_LIMIT_EXCEEDED"],
      [{ items, payments: [{ method: "CASH", amount: 19 }] }, 400, "PAYMENT_MISMATCH"],
      [{ items, payment_method: "CREDIT" }, 400, "CUSTOMER_REQUIRED"],
      [{ items, customer_id: customer.id, payment_method: "CREDIT", override_credit_limit: true }, 403, "FORBIDDEN"],
    ];
    for (const [body, status, code] of cases) {
      const error = await writesNothing(db.sql, () =>
        expectError(postJson(http(), "/sales", body, { as: users.staff }), status, code),
      );
      if (code === "CREDIT_LIMIT_EXCEEDED") expect(error.details).toMatchObject({ available: 10, requested: 20 });
    }
    const shapes = await writesNothing(db.sql, () =>
      expectError(
        postJson(http(), "/sales", { items, customer_id: "not-a-uuid", payments: "CASH" }, { as: users.staff }),
        400,
        "VALIDATION_ERROR",
      ),
    );
    expect(fieldsOf(shapes).sort()).toEqual(["customer_id", "payments"]);
  });
});

describe("POST /customers/:id/payments", () => {
  it("records a payment: 201 with the PAYMENT movement and the new balance", async () => {
    const { customer } = await debtor(80);
    const res = await postJson(
      http(),
      `/customers/${customer.id}/payments`,
      { amount: 30.5, payment_method: "QR", reference: "QR 1234" },
      { as: users.staff },
    );
    const { status, body, text } = await read<AccountMovement>(res);
    expect(status, text).toBe(201);
    const movement = accountMovementSchema.parse(body.data);
    expect(movement).toMatchObject({ movement_type: "PAYMENT", amount: -30.5, balance: 49.5, payment_method: "QR" });
    expect(text).not.toMatch(/idempotency|request_hash/);
  });

  it("honours Idempotency-Key: retries answer the first payment, 20 racing retries record one", async () => {
    const { customer } = await debtor(200);
    const token = await tokenFor(users.staff);
    const send = () =>
      postJson(
        http(),
        `/customers/${customer.id}/payments`,
        { amount: 50 },
        { as: token, headers: { "Idempotency-Key": "abono-http-7" } },
      );
    const results = await Promise.all(Array.from({ length: 20 }, async () => read<AccountMovement>(await send())));
    expect(new Set(results.map((result) => result.status))).toEqual(new Set([201]));
    expect(new Set(results.map((result) => result.body.data?.id)).size).toBe(1);
    expect(await balanceOf(db.sql, customer.id)).toBe(15_000n);
    expect((await accountOf(db.sql, customer.id)).filter((row) => row.movement_type === "PAYMENT")).toHaveLength(1);
    // The same key for another amount is refused.
    await writesNothing(db.sql, () =>
      expectError(
        postJson(
          http(),
          `/customers/${customer.id}/payments`,
          { amount: 51 },
          { as: token, headers: { "Idempotency-Key": "abono-http-7" } },
        ),
        409,
        "IDEMPOTENCY_KEY_REUSED",
      ),
    );
  });

  it("refuses, writing nothing: no key, bad amounts, CREDIT, above the balance, unknown customer, wrong roles", async () => {
    const { customer } = await debtor(40);
    const path = `/customers/${customer.id}/payments`;
    const cases: [body: unknown, options: Parameters<typeof postJson>[3], status: number, code: string][] = [
      [{ amount: 10 }, { as: users.staff, idempotencyKey: false }, 400, "IDEMPOTENCY_KEY_REQUIRED"],
      [{ amount: 0 }, { as: users.staff }, 400, "INVALID_PRICE"],
      [{ amount: -5 }, { as: users.staff }, 400, "INVALID_PRICE"],
      [{ amount: 1.005 }, { as: users.staff }, 400, "INVALID_PRICE"],
      [{ amount: 1_000_001 }, { as: users.staff }, 400, "INVALID_PRICE"],
      [{ amount: "10" }, { as: users.staff }, 400, "VALIDATION_ERROR"],
      [{ amount: 10, payment_method: "CREDIT" }, { as: users.staff }, 400, "VALIDATION_ERROR"],
      [{ amount: 10, payment_method: "BITCOIN" }, { as: users.staff }, 400, "VALIDATION_ERROR"],
      [{ amount: 10, tip: 1 }, { as: users.staff }, 400, "VALIDATION_ERROR"],
      [{ amount: 40.01 }, { as: users.staff }, 409, "PAYMENT_EXCEEDS_BALANCE"],
      [{ amount: 10 }, { as: users.viewer }, 403, "FORBIDDEN"],
      [{ amount: 10 }, { as: null }, 401, "UNAUTHORIZED"],
    ];
    for (const [body, options, status, code] of cases) {
      await writesNothing(db.sql, () => expectError(postJson(http(), path, body, options), status, code));
    }
    await writesNothing(db.sql, () =>
      expectError(
        postJson(
          http(),
          "/customers/00000000-0000-4000-8000-00000000000a/payments",
          { amount: 1 },
          { as: users.staff },
        ),
        404,
        "CUSTOMER_NOT_FOUND",
      ),
    );
    await expectError(
      postJson(http(), "/customers/nope/payments", { amount: 1 }, { as: users.staff }),
      400,
      "VALIDATION_ERROR",
    );
    expect(await balanceOf(db.sql, customer.id)).toBe(4000n);
  });
});

describe("GET /customers/:id/statement and GET /customers/receivables", () => {
  it("answers the statement as JSON, and as CSV with its separator named", async () => {
    const { customer, sale } = await debtor(64.3);
    await postJson(http(), `/customers/${customer.id}/payments`, { amount: 14.3 }, { as: users.staff });
    const { status, body } = await read(await get(http(), `/customers/${customer.id}/statement`, { as: users.viewer }));
    expect(status).toBe(200);
    const statement = customerStatementSchema.parse(body.data);
    expect(statement.movements.map((m) => [m.movement_type, m.amount, m.sale_number])).toEqual([
      ["CHARGE", 64.3, sale.sale_number],
      ["PAYMENT", -14.3, null],
    ]);
    expect(statement.closing_balance).toBe(50);

    const res = await get(http(), `/customers/${customer.id}/statement?format=csv&delimiter=semicolon`, {
      as: users.viewer,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("x-csv-delimiter")).toBe("semicolon");
    const rows = parseCsv(await res.text(), ";");
    expect(rows[0]).toEqual(["customer", "Florencia Condori"]);
    expect(rows.find((row) => row[1] === "CHARGE")).toEqual([
      expect.any(String),
      "CHARGE",
      sale.sale_number,
      "",
      sale.sale_number,
      "",
      "64.3",
      "64.3",
    ]);
    expect(rows.at(-1)).toEqual(["", "CLOSING_BALANCE", "", "", "", "", "", "50"]);
  });

  it("answers the receivables ageing as JSON and CSV, totals last", async () => {
    const { customer } = await debtor(33);
    const { body } = await read(await get(http(), "/customers/receivables", { as: users.viewer }));
    const aging = receivablesAgingSchema.parse(body.data);
    expect(aging.customers.find((row) => row.customer_id === customer.id)).toMatchObject({
      balance: 33,
      days_0_30: 33,
    });
    const res = await get(http(), `/customers/receivables?as_of=${aging.as_of}&format=csv`, { as: users.manager });
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="cuentas-por-cobrar-${aging.as_of}.csv"`);
    const rows = parseCsv(await res.text());
    expect(rows[0]?.slice(0, 6)).toEqual([
      "name",
      "document_type",
      "document_number",
      "phone",
      "credit_limit",
      "balance",
    ]);
    expect(rows.at(-1)?.[0]).toBe(`TOTAL (${aging.totals.customers})`);
    expect(rows).toHaveLength(aging.customers.length + 2);
  });

  it("refuses bad dates, unknown parameters, a delimiter without csv, and callers without a role", async () => {
    const customer = await createCustomer(db.sql);
    for (const query of ["from=2026-02-30", "to=ayer", "from=2026-01-01&extra=1", "delimiter=semicolon"]) {
      await expectError(
        get(http(), `/customers/${customer.id}/statement?${query}`, { as: users.viewer }),
        400,
        "VALIDATION_ERROR",
      );
    }
    await expectError(
      get(http(), "/customers/receivables?as_of=2026-13-01", { as: users.viewer }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(
      get(http(), `/customers/${customer.id}/statement?from=2026-05-02&to=2026-05-01`, { as: users.viewer }),
      400,
      "VALIDATION_ERROR",
    );
    await expectError(get(http(), "/customers/receivables", { as: users.noRole }), 403, "FORBIDDEN");
    await expectError(get(http(), "/customers/receivables", { as: anon }), 401, "UNAUTHORIZED");
    await expectError(
      get(http(), "/customers/00000000-0000-4000-8000-00000000000b/statement", { as: users.viewer }),
      404,
      "CUSTOMER_NOT_FOUND",
    );
    await expectError(
      http().request(`/customers/${customer.id}/statement`, { method: "DELETE" }),
      405,
      "METHOD_NOT_ALLOWED",
    );
  });
});
