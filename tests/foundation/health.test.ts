import { LOCAL_AUTH_ISSUER } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { createPool } from "../../supabase/functions/_shared/db.ts";
import { createHealthApp } from "../../supabase/functions/health/app.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { useServedFunctions } from "../helpers/functions.ts";

const db = useTestDatabase();
const served = useServedFunctions(db, ["health"]);

async function latestMigration() {
  const [row] =
    await db.sql`select version, name from supabase_migrations.schema_migrations order by version desc limit 1`;
  return { version: row?.version, name: row?.name };
}

describe("health", () => {
  it("answers in-process with the database version, the latest migration and the store's time zone", async () => {
    const logs: string[] = [];
    const pool = createPool(db.url, { max: 1 });
    try {
      const res = await createHealthApp({ pool, issuer: LOCAL_AUTH_ISSUER, log: (line) => logs.push(line) }).request(
        "/health",
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        success: true,
        data: {
          status: "ok",
          database: { version: expect.stringMatching(/^17\./) },
          latest_migration: await latestMigration(),
          timezone: "America/La_Paz",
        },
      });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(logs[0] ?? "{}")).toMatchObject({ function: "health", status: 200, path: "/health" });
    } finally {
      await pool.end();
    }
  });

  it("answers under Deno through the gateway at /functions/v1/health, keeping a given request id", async () => {
    const res = await fetch(`${served.url}/health`, { headers: { "x-request-id": "req-123" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("req-123");
    const body = await res.json();
    expect(body.data).toMatchObject({
      status: "ok",
      timezone: "America/La_Paz",
      latest_migration: await latestMigration(),
    });
    expect(served.logs.some((line) => line.includes('"request_id":"req-123"'))).toBe(true);
  });

  it("answers an unknown route with the error envelope, not a stack trace", async () => {
    const res = await fetch(`${served.url}/health/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      success: false,
      error: { code: "NOT_FOUND", message: "No route GET /health/nope.", details: null },
    });
  });
});
