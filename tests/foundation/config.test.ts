import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listFunctions, paths, runSupabaseCli } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";

const config = readFileSync(join(paths.supabaseDir, "config.toml"), "utf8");

/** The `[functions.<name>]` tables of config.toml, each as its `key = value` lines. */
function functionEntries(): Map<string, Record<string, string>> {
  const entries = new Map<string, Record<string, string>>();
  for (const [, name, body] of config.matchAll(/^\[functions\.([a-z0-9_-]+)\]\n((?:(?!\[).*\n?)*)/gm)) {
    const settings = Object.fromEntries(
      [...(body ?? "").matchAll(/^(\w+)\s*=\s*(.+?)\s*$/gm)].map((m) => [m[1], m[2]?.replace(/^"|"$/g, "")]),
    );
    entries.set(name as string, settings as Record<string, string>);
  }
  return entries;
}

describe("supabase/config.toml", () => {
  it("is accepted by the Supabase CLI: `supabase start` parses it and only then fails, on Docker", async () => {
    // An unreachable Docker host: the CLI reaches Docker only after it has read and validated the config
    // (a bad value, e.g. `port = "abc"`, fails before with "invalid config for api.port").
    const result = await runSupabaseCli(["start"], { DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    const output = result.stdout + result.stderr;
    expect(output).toContain("Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock");
    expect(output).not.toMatch(/config/i);
  });

  it("declares every Edge Function as Supabase deploys it (its own entry point, our import map, JWT checked in code)", () => {
    const entries = functionEntries();
    for (const name of listFunctions()) {
      expect(entries.get(name), `[functions.${name}] is missing: it would serve locally and fail on deploy`).toEqual({
        enabled: "true",
        verify_jwt: "false",
        import_map: "./functions/deno.json",
        entrypoint: `./functions/${name}/index.ts`,
      });
    }
    expect([...entries.keys()].sort()).toEqual(listFunctions());
  });
});
