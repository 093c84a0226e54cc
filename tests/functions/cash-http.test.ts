import { describe, expect, it } from "vitest";
import {
  type CashMovement,
  type CashSession,
  cashMovementSchema,
  cashSessionSchema,
  type SaleReturn,
  saleReturnSchema,
} from "../../supabase/functions/_shared/responses.ts";
import { type Actor, tokenFor } from "../helpers/act.ts";
import { parseCsv } from "../helpers/csv.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, createUser, stockOf } from "../helpers/fixtures.ts";
import { useServedFunctions } from "../helpers/functions.ts";
import { createRegister } from "../till/support.ts";
import { expectError, fieldsOf, get, overHttp, postJson, read, type Sale, useUsers, writesNothing } from "./support.ts";

/**
 * The cash function and POST /sales/:id/returns, served under real Deno behind
 * the gateway: each route one RPC as its caller, every rule the SQL's.
 */

const db = useTestDatabase();
const served = useServedFunctions(db, ["cash", "sales"]);
const users = useUsers(db);
const http = () => overHttp(served);

async function opened(as: Actor, openingFloat = 100): Promise<CashSession> {
  const register = await createRegister(db.sql);
  const { status, body, text } = await read<CashSession>(
    await postJson(http(), "/cash/sessions", { register_id: register.id, opening_float: openingFloat }, { as }),
  );
  expect(status, text).toBe(201);
  return cashSessionSchema.parse(body.data);
}

describe("the cash function", () => {
  it("opens, moves cash, sells in the session, closes with a Z report, and reads it back as JSON and CSV", async () => {
    const cashier = await createUser(db.sql, "staff", "cajera-http");
    const session = await opened(cashier, 150);
    expect(session).toMatchObject({ status: "OPEN", report_kind: "X", opening_float: 150 });

    const moved = await read<CashMovement>(
      await postJson(
        http(),
        `/cash/sessions/${session.id}/movements`,
        { movement_type: "PAY_OUT", amount: 20, reason: "Pago al sereno" },
        { as: cashier },
      ),
    );
    expect(moved.status, moved.text).toBe(201);
    expect(cashMovementSchema.parse(moved.body.data)).toMatchObject({ movement_type: "PAY_OUT", amount: 20 });
    expect(moved.text).not.toMatch(/idempotency|request_hash/);

    const product = await createProduct(db.sql, { unitPrice: "37.50", stock: 10 });
    const sale = await read<Sale>(
      await postJson(
        http(),
        "/sales",
        {
          items: [{ product_id: product.id, quantity: 1 }],
          payments: [{ method: "CASH", amount: 37.5, tendered: 100 }],
        },
        { as: cashier },
      ),
    );
    expect(sale.body.data?.cash_session_id).toBe(session.id);

    const closed = await read<CashSession>(
      await postJson(
        http(),
        `/cash/sessions/${session.id}/close`,
        { counted_cash: 167.5, denominations: { "100": 1, "50": 1, "10": 1, "5": 1, "2": 1, "0.50": 1 } },
        { as: cashier },
      ),
    );
    expect(closed.status, closed.text).toBe(200);
    expect(cashSessionSchema.parse(closed.body.data)).toMatchObject({
      status: "CLOSED",
      report_kind: "Z",
      expected_cash: 167.5,
      difference: 0,
    });

    const report = await read<CashSession>(
      await get(http(), `/cash/sessions/${session.id}/report`, { as: users.viewer }),
    );
    expect(report.body.data).toEqual(closed.body.data);
    const res = await get(http(), `/cash/sessions/${session.id}/report?format=csv&delimiter=semicolon`, {
      as: users.viewer,
    });
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="Z-${session.session_number}.csv"`);
    const rows = parseCsv(await res.text(), ";");
    expect(rows).toContainEqual(["expected", "167.5"]);
    expect(rows).toContainEqual(["CASH", "1", "37.5"]);
  });

  it("answers the SQL's codes and writes nothing: a busy register, a closed session, denominations, keys, roles", async () => {
    const cashier = await createUser(db.sql, "staff");
    const session = await opened(cashier, 0);
    const register = session.register_id;
    const colleague = await createUser(db.sql, "staff");
    await writesNothing(db.sql, () =>
      expectError(
        postJson(http(), "/cash/sessions", { register_id: register }, { as: colleague }),
        409,
        "REGISTER_BUSY",
      ),
    );
    await writesNothing(db.sql, () =>
      expectError(
        postJson(
          http(),
          `/cash/sessions/${session.id}/close`,
          { counted_cash: 10, denominations: { "5": 1 } },
          { as: cashier },
        ),
        400,
        "DENOMINATIONS_MISMATCH",
      ),
    );
    await writesNothing(db.sql, () =>
      expectError(
        postJson(
          http(),
          `/cash/sessions/${session.id}/movements`,
          { movement_type: "PAY_IN", amount: 5, reason: "Cambio" },
          { as: cashier, idempotencyKey: false },
        ),
        400,
        "IDEMPOTENCY_KEY_REQUIRED",
      ),
    );
    await writesNothing(db.sql, () =>
      expectError(
        postJson(http(), `/cash/sessions/${session.id}/close`, { counted_cash: 0 }, { as: users.viewer }),
        403,
        "FORBIDDEN",
      ),
    );
    const shape = await expectError(
      postJson(http(), `/cash/sessions/${session.id}/close`, { counted_cash: "0", extra: 1 }, { as: cashier }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fieldsOf(shape).sort()).toEqual(["counted_cash", "extra"]);
    await postJson(http(), `/cash/sessions/${session.id}/close`, { counted_cash: 0 }, { as: cashier });
    await writesNothing(db.sql, () =>
      expectError(
        postJson(http(), `/cash/sessions/${session.id}/close`, { counted_cash: 0 }, { as: cashier }),
        409,
        "SESSION_CLOSED",
      ),
    );
    await expectError(
      get(http(), `/cash/sessions/${crypto.randomUUID()}/report`, { as: users.viewer }),
      404,
      "CASH_SESSION_NOT_FOUND",
    );
    await expectError(get(http(), "/cash/sessions/nope/report", { as: users.viewer }), 400, "VALIDATION_ERROR");
  });

  it("honours Idempotency-Key on cash movements: 10 racing retries move the cash once", async () => {
    const cashier = await createUser(db.sql, "staff");
    const session = await opened(cashier, 0);
    const token = await tokenFor(cashier);
    const results = await Promise.all(
      Array.from({ length: 10 }, async () =>
        read<CashMovement>(
          await postJson(
            http(),
            `/cash/sessions/${session.id}/movements`,
            { movement_type: "PAY_IN", amount: 200, reason: "Fondo" },
            { as: token, headers: { "Idempotency-Key": "fondo-1" } },
          ),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.body.data?.id)).size).toBe(1);
    const report = await read<CashSession>(await get(http(), `/cash/sessions/${session.id}/report`, { as: cashier }));
    expect(report.body.data?.report.cash.pay_ins).toBe(200);
  });
});

describe("POST /sales/:id/returns", () => {
  it("takes a return: 201 with the refund and the lines; the stock back; a retry with the key answers it again", async () => {
    const product = await createProduct(db.sql, { unitPrice: "12.00", stock: 10 });
    const sold = await read<Sale>(
      await postJson(http(), "/sales", { items: [{ product_id: product.id, quantity: 3 }] }, { as: users.manager }),
    );
    const sale = sold.body.data as Sale;
    const body = { items: [{ sale_item_id: sale.items[0]?.id, quantity: 2 }], reason: "Producto vencido" };
    const headers = { "Idempotency-Key": "devolucion-http-1" };
    const first = await read<SaleReturn>(
      await postJson(http(), `/sales/${sale.id}/returns`, body, { as: users.manager, headers }),
    );
    expect(first.status, first.text).toBe(201);
    expect(saleReturnSchema.parse(first.body.data)).toMatchObject({ refund_total: 24, refund_method: "CASH" });
    expect(await stockOf(db.sql, product.id)).toBe(9);
    const again = await read<SaleReturn>(
      await postJson(http(), `/sales/${sale.id}/returns`, body, { as: users.manager, headers }),
    );
    expect(again.body.data?.id).toBe(first.body.data?.id);
    expect(await stockOf(db.sql, product.id)).toBe(9);
  });

  it("answers RETURN_EXCEEDS_SOLD, SALE_HAS_RETURNS on a cancel, FORBIDDEN for staff, and needs a key", async () => {
    const product = await createProduct(db.sql, { unitPrice: "12.00", stock: 10 });
    const sold = await read<Sale>(
      await postJson(http(), "/sales", { items: [{ product_id: product.id, quantity: 1 }] }, { as: users.manager }),
    );
    const sale = sold.body.data as Sale;
    const items = [{ sale_item_id: sale.items[0]?.id, quantity: 2 }];
    await writesNothing(db.sql, () =>
      expectError(
        postJson(http(), `/sales/${sale.id}/returns`, { items, reason: "x" }, { as: users.manager }),
        409,
        "RETURN_EXCEEDS_SOLD",
      ),
    );
    await writesNothing(db.sql, () =>
      expectError(
        postJson(http(), `/sales/${sale.id}/returns`, { items, reason: "x" }, { as: users.staff }),
        403,
        "FORBIDDEN",
      ),
    );
    await writesNothing(db.sql, () =>
      expectError(
        postJson(
          http(),
          `/sales/${sale.id}/returns`,
          { items, reason: "x" },
          { as: users.manager, idempotencyKey: false },
        ),
        400,
        "IDEMPOTENCY_KEY_REQUIRED",
      ),
    );
    await postJson(
      http(),
      `/sales/${sale.id}/returns`,
      { items: [{ sale_item_id: sale.items[0]?.id, quantity: 1 }], reason: "Roto", refund_method: "QR" },
      { as: users.manager },
    );
    await writesNothing(db.sql, () =>
      expectError(
        postJson(http(), `/sales/${sale.id}/cancel`, { reason: "Anular" }, { as: users.manager }),
        409,
        "SALE_HAS_RETURNS",
      ),
    );
  });
});
