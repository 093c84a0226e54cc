import { readFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";

const packageJson = JSON.parse(readFileSync(join(paths.repoRoot, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};
const denoJson = JSON.parse(readFileSync(join(paths.functionsDir, "deno.json"), "utf8")) as {
  imports: Record<string, string>;
};

/** `npm:hono@4.13.19` and `npm:/hono@4.13.19/` → ["hono", "4.13.19"]. */
function npmImport(specifier: string): [string, string] {
  const match = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/?$/.exec(specifier);
  if (!match) throw new Error(`not an npm: import with a version: ${specifier}`);
  return [match[1] as string, match[2] as string];
}

describe("versions", () => {
  it("the tools whose output the tests read are pinned exactly: the Supabase CLI and Deno", () => {
    expect(packageJson.devDependencies.supabase).toMatch(/^\d+\.\d+\.\d+$/);
    expect(packageJson.devDependencies.deno).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("the functions import exactly the versions npm installs (Deno reads them from node_modules)", () => {
    const imports = Object.values(denoJson.imports).map(npmImport);
    expect(imports.length).toBeGreaterThan(0);
    for (const [name, version] of imports) {
      expect(version, `${name} in deno.json`).toMatch(/^\d+\.\d+\.\d+$/);
      expect(packageJson.devDependencies[name], `${name} in package.json`).toBe(version);
      const installed = JSON.parse(readFileSync(join(paths.repoRoot, "node_modules", name, "package.json"), "utf8"));
      expect(installed.version, `${name} in node_modules`).toBe(version);
    }
  });
});
