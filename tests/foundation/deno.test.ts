import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { listFunctions, paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";
import { useServedFunctions } from "../helpers/functions.ts";

const db = useTestDatabase();
const served = useServedFunctions(db);
const functions = listFunctions();

describe("Edge Functions under Deno", () => {
  it("pass `deno check`", () => {
    const result = spawnSync(
      join(paths.binDir, "deno"),
      [
        "check",
        "--config",
        join(paths.functionsDir, "deno.json"),
        ...functions.map((name) => join(paths.functionsDir, name, "index.ts")),
      ],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(result.status, result.stderr).toBe(0);
  });

  it.each(functions)("%s boots under Deno and answers through the gateway with the JSON envelope", async (name) => {
    const res = await fetch(`${served.url}/${name}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
  });
});
