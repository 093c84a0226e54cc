import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listFunctions, paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";
import { useServedFunctions } from "../helpers/functions.ts";

const db = useTestDatabase();
const served = useServedFunctions(db);
const functions = listFunctions();

const deno = join(paths.binDir, "deno");

/**
 * A DENO_DIR with an empty type-check cache that shares the npm packages of
 * the usual one: Deno 2.9's incremental check cache can report a false
 * TS2589 after a shared module changes, and a check must judge the code.
 */
function freshCheckDir(): string {
  const info = JSON.parse(spawnSync(deno, ["info", "--json"], { encoding: "utf8" }).stdout) as { denoDir: string };
  mkdirSync(join(info.denoDir, "npm"), { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "comarapa-deno-check-"));
  symlinkSync(join(info.denoDir, "npm"), join(dir, "npm"));
  return dir;
}

describe("Edge Functions under Deno", () => {
  it("pass `deno check`", () => {
    const denoDir = freshCheckDir();
    const result = spawnSync(
      deno,
      [
        "check",
        "--config",
        join(paths.functionsDir, "deno.json"),
        ...functions.map((name) => join(paths.functionsDir, name, "index.ts")),
      ],
      { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", DENO_DIR: denoDir } },
    );
    rmSync(denoDir, { recursive: true, force: true });
    expect(result.status, result.stderr).toBe(0);
  });

  it.each(functions)("%s boots under Deno and answers through the gateway with the JSON envelope", async (name) => {
    const res = await fetch(`${served.url}/${name}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
  });
});
