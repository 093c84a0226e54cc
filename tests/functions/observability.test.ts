import { LOCAL_AUTH_ISSUER } from "@comarapa/local-stack";
import { beforeAll, describe, expect, it } from "vitest";
import { createPool, type Pool } from "../../supabase/functions/_shared/db.ts";
import { fromDatabaseError } from "../../supabase/functions/_shared/errors.ts";
import { createReportsApp } from "../../supabase/functions/reports/app.ts";
import { createSalesApp } from "../../supabase/functions/sales/app.ts";
import { testKeys, tokenFor } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, type ProductFixture } from "../helpers/fixtures.ts";
import { expectError, get, postJson, read, requestLines, useInProcessApps, useUsers } from "./support.ts";

/**
 * What operators and browsers see: the X-Request-Id (taken when sane, made
 * otherwise, always returned), exactly one structured JSON log line per
 * request, CORS for front ends, and failures of the database itself.
 */

const db = useTestDatabase();
const apps = useInProcessApps(db);
const users = useUsers(db);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let product: ProductFixture;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 100 });
});

/** The one log line of the request with this id (fails if there is not exactly one). */
function lineOf(requestId: string, logs = apps.logs): Record<string, unknown> {
  const lines = requestLines(logs).filter((line) => line.request_id === requestId);
  expect(lines, `log lines for ${requestId}: ${JSON.stringify(lines)}`).toHaveLength(1);
  const line = lines[0] as Record<string, unknown>;
  expect(typeof line.duration_ms).toBe("number");
  expect(line.duration_ms as number).toBeGreaterThanOrEqual(0);
  expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
  return line;
}

describe("X-Request-Id", () => {
  it("is taken from the request when sane, returned, and in the request's one log line", async () => {
    const id = `pos-1:${crypto.randomUUID()}.retry_2`;
    const res = await postJson(
      apps.sales,
      "/sales",
      { items: [{ product_id: product.id, quantity: 1 }] },
      {
        as: users.staff,
        headers: { "x-request-id": id },
      },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe(id);
    expect(lineOf(id)).toMatchObject({
      level: "info",
      function: "sales",
      request_id: id,
      method: "POST",
      path: "/sales",
      status: 201,
      user_id: users.staff.id,
      error_code: null,
    });
  });

  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["with spaces", "my request"],
    ["with markup", "<script>alert(1)</script>"],
    ["with a line break smuggled as %0A", "a%0Ab"],
    ["too long", "a".repeat(129)],
    ["with non-ASCII", "pedido-ñ"],
  ])("is made when the given one is %s", async (_name, given) => {
    const before = apps.logs.length;
    const headers: Record<string, string> = given === undefined ? {} : { "x-request-id": given };
    const res = await get(apps.reports, "/reports/low-stock", { as: users.viewer, headers });
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id") ?? "";
    expect(id).toMatch(UUID);
    expect(lineOf(id, apps.logs.slice(before))).toMatchObject({
      function: "reports",
      method: "GET",
      path: "/reports/low-stock",
      status: 200,
      user_id: users.viewer.id,
    });
  });

  it("every request, failed or not, gets exactly one log line naming its status and error code", async () => {
    const token = await tokenFor(users.staff);
    const cases: [string, () => Promise<Response>, number, string | null, string | null][] = [
      ["ok", () => get(apps.reports, "/reports/daily-summary", { as: users.viewer }), 200, null, users.viewer.id],
      ["no token", () => postJson(apps.sales, "/sales", {}, { as: null }), 401, "UNAUTHORIZED", null],
      [
        "validation",
        () => postJson(apps.sales, "/sales", { items: "x" }, { as: token }),
        400,
        "VALIDATION_ERROR",
        users.staff.id,
      ],
      ["bad json", () => postJson(apps.sales, "/sales", "{", { as: token }), 400, "INVALID_JSON", users.staff.id],
      [
        "too large",
        () => postJson(apps.sales, "/sales", { notes: "x".repeat(70_000) }, { as: token }),
        413,
        "PAYLOAD_TOO_LARGE",
        null,
      ],
      [
        "not json",
        () => postJson(apps.sales, "/sales", "items", { as: token, headers: { "content-type": "text/plain" } }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        users.staff.id,
      ],
      [
        "forbidden",
        () =>
          postJson(apps.sales, "/sales", { items: [{ product_id: product.id, quantity: 1 }] }, { as: users.viewer }),
        403,
        "FORBIDDEN",
        users.viewer.id,
      ],
      [
        "not found",
        () => get(apps.sales, `/sales/${crypto.randomUUID()}`, { as: users.viewer }),
        404,
        "SALE_NOT_FOUND",
        users.viewer.id,
      ],
      ["no route", () => get(apps.sales, "/sales/a/b/c", { as: users.viewer }), 404, "NOT_FOUND", null],
    ];
    for (const [name, send, status, errorCode, userId] of cases) {
      const res = await send();
      expect(res.status, name).toBe(status);
      const id = res.headers.get("x-request-id") ?? "";
      expect(id, name).toMatch(UUID);
      expect(lineOf(id), name).toMatchObject({ status, error_code: errorCode, user_id: userId });
    }
  });

  it("concurrent requests each get their own id and their own line", async () => {
    const ids = Array.from({ length: 10 }, (_, index) => `burst-${index}-${crypto.randomUUID()}`);
    const responses = await Promise.all(
      ids.map((id) => get(apps.reports, "/reports/low-stock", { as: users.viewer, headers: { "x-request-id": id } })),
    );
    expect(responses.map((res) => res.headers.get("x-request-id"))).toEqual(ids);
    for (const id of ids) expect(lineOf(id).status).toBe(200);
  });
});

describe("CORS", () => {
  const origin = "http://localhost:5173";

  it("answers a browser's preflight with 204 and the headers a front end sends", async () => {
    for (const [target, path, method] of [
      [apps.sales, "/sales", "POST"],
      [apps.sales, `/sales/${crypto.randomUUID()}/cancel`, "POST"],
      [apps.reports, "/reports/daily-summary", "GET"],
    ] as const) {
      const res = await target.request(path, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": method,
          "access-control-request-headers": "authorization, content-type, idempotency-key, x-client-info, apikey",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/\s*,\s*/);
      expect(allowed).toEqual(
        expect.arrayContaining(["authorization", "content-type", "idempotency-key", "x-client-info", "apikey"]),
      );
      expect((res.headers.get("access-control-allow-methods") ?? "").split(/\s*,\s*/)).toContain(method);
      const id = res.headers.get("x-request-id") ?? "";
      expect(lineOf(id)).toMatchObject({ method: "OPTIONS", status: 204 });
    }
  });

  it("exposes x-request-id on answers, successful or not", async () => {
    const responses = [
      await get(apps.reports, "/reports/low-stock", { as: users.viewer, headers: { origin } }),
      await postJson(apps.sales, "/sales", {}, { as: null, headers: { origin } }),
      await postJson(apps.sales, "/sales", { items: 1 }, { as: users.staff, headers: { origin } }),
      await postJson(apps.sales, "/sales", { notes: "x".repeat(70_000) }, { as: users.staff, headers: { origin } }),
    ];
    expect(responses.map((res) => res.status)).toEqual([200, 401, 400, 413]);
    for (const res of responses) {
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect((res.headers.get("access-control-expose-headers") ?? "").toLowerCase()).toContain("x-request-id");
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    }
  });
});

describe("when the database fails", () => {
  function appsOn(pool: Pool, logs: string[]) {
    const keys = testKeys();
    const deps = {
      pool,
      jwks: keys.jwks,
      jwtSecret: keys.jwtSecret,
      issuer: LOCAL_AUTH_ISSUER,
      log: (line: string) => logs.push(line),
    };
    return { sales: createSalesApp(deps), reports: createReportsApp(deps) };
  }

  it("an unreachable database is 503 SERVICE_UNAVAILABLE, leaks nothing, and logs the cause in the one line", async () => {
    const logs: string[] = [];
    const pool = createPool("postgresql://postgres:postgres@127.0.0.1:1/postgres", { max: 1 });
    try {
      const { sales, reports } = appsOn(pool, logs);
      const token = await tokenFor(users.staff);
      const responses = [
        await sales.request("/sales", {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "x-request-id": "down-1",
            "idempotency-key": "down-1",
          },
          body: JSON.stringify({ items: [{ product_id: product.id, quantity: 1 }] }),
        }),
        await reports.request("/reports/low-stock", {
          headers: { authorization: `Bearer ${token}`, "x-request-id": "down-2" },
        }),
      ];
      for (const [index, res] of responses.entries()) {
        expect(res.headers.get("retry-after"), "a 503 says when to retry").toBe("1");
        const error = await expectError(res, 503, "SERVICE_UNAVAILABLE");
        expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
        const line = lineOf(`down-${index + 1}`, logs);
        expect(line).toMatchObject({ level: "error", status: 503, error_code: "SERVICE_UNAVAILABLE" });
        expect(line.error).toMatch(/ECONNREFUSED/);
      }
    } finally {
      await pool.end();
    }
  });

  it("an unexpected failure is 500 INTERNAL_ERROR with nothing of it in the answer, all of it in the one log line", async () => {
    const logs: string[] = [];
    // A pool whose client fails with a programming error (not a lost database).
    const broken = createPool(db.url, { max: 1 });
    broken.raw.connect = (() =>
      Promise.reject(new TypeError("select secret from private.things at line 3"))) as typeof broken.raw.connect;
    const { sales } = appsOn(broken, logs);
    const res = await sales.request(`/sales/${crypto.randomUUID()}`, {
      headers: { authorization: `Bearer ${await tokenFor(users.viewer)}`, "x-request-id": "boom-1" },
    });
    const { body, text } = await read(res.clone());
    await expectError(res, 500, "INTERNAL_ERROR");
    expect(body.error).toEqual({ code: "INTERNAL_ERROR", message: "Unexpected error.", details: null });
    expect(text).not.toContain("secret");
    expect(lineOf("boom-1", logs)).toMatchObject({
      level: "error",
      status: 500,
      error_code: "INTERNAL_ERROR",
      user_id: users.viewer.id,
      error: "TypeError: select secret from private.things at line 3",
    });
    expect(logs).toHaveLength(1);
    await broken.end();
  });

  /** The error a statement raises on this file's database. */
  async function errorOf(query: string): Promise<unknown> {
    const error = await db.sql.unsafe(query).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error, query).toBeDefined();
    return error;
  }

  it("a data exception (class 22) reading the arguments is the input's fault: 400", async () => {
    for (const query of [
      "select 'x'::int",
      "select '2026-02-30'::date",
      "select convert_from('\\x00ff'::bytea, 'UTF8')",
      "select * from json_to_record('{\"quantity\": 1e40}') as _(quantity integer)",
    ]) {
      const mapped = fromDatabaseError(await errorOf(query));
      expect(mapped?.status, query).toBe(400);
      expect(mapped?.code, query).toBe("VALIDATION_ERROR");
    }
  });

  it("a data exception raised inside a function's body is ours: 500 INTERNAL_ERROR, not the caller's fault", async () => {
    for (const query of [
      "do $$ begin perform 1 / 0; end $$",
      "do $$ declare v integer; begin v := 10000000000; end $$",
      "do $$ begin perform 'x'::integer; end $$",
    ]) {
      const error = await errorOf(query);
      const mapped = fromDatabaseError(error);
      expect(mapped, `${query}: ${(error as Error).message}`).toBeUndefined(); // → INTERNAL_ERROR in onError
    }
  });
});
