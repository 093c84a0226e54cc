import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { denoModuleFlags, functionEntry, listFunctions, paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";
import { useServedFunctions } from "../helpers/functions.ts";

const db = useTestDatabase();
const served = useServedFunctions(db);
const functions = listFunctions();

const deno = join(paths.binDir, "deno");

describe("Edge Functions under Deno", () => {
  it("pass `deno check` with an empty Deno cache and no network settings (imports come from node_modules)", () => {
    const denoDir = mkdtempSync(join(tmpdir(), "comarapa-deno-check-"));
    try {
      const result = spawnSync(deno, ["check", ...denoModuleFlags(), ...functions.map(functionEntry)], {
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", HOME: denoDir, NO_COLOR: "1", DENO_DIR: denoDir },
      });
      expect(result.status, result.stderr).toBe(0);
    } finally {
      rmSync(denoDir, { recursive: true, force: true });
    }
  });

  it.each(functions)("%s boots under Deno and answers through the gateway with its JSON envelope", async (name) => {
    const res = await fetch(`${served.url}/${name}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    // The functions' envelope {error: {code}}, or the front end's {error: "<sentence>", code} (api).
    const body = (await res.json()) as { success: boolean; code?: string; error: string | { code: string } };
    expect(body.success).toBe(false);
    expect(typeof body.error === "string" ? body.code : body.error.code).toBe("NOT_FOUND");
  });
});
