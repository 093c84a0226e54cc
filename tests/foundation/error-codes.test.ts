import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../supabase/functions/_shared/error-codes.ts";

const doc = readFileSync(join(paths.repoRoot, "docs/error_codes.md"), "utf8");
const sql = readdirSync(paths.migrationsDir)
  .filter((file) => file.endsWith(".sql"))
  .map((file) => readFileSync(join(paths.migrationsDir, file), "utf8"))
  .join("\n");

describe("the error catalogue", () => {
  it("is documented in docs/error_codes.md exactly as the code defines it", () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)`\s*\| (\d{3})\s*\|/gm)].map((m) => [m[1], Number(m[2])]);
    const defined = Object.entries(ERROR_CODES).map(([code, entry]) => [code, entry.status]);
    expect(documented).toEqual(defined);
  });

  it("covers every code the SQL raises, with the HTTP status of its PTnnn errcode", () => {
    const raised = [
      ...sql.matchAll(/errcode = 'PT(\d{3})',\s*message = '([A-Z_]+)'/g),
      ...sql.matchAll(/raise_line_error\('PT(\d{3})', '([A-Z_]+)'/g),
    ];
    expect(raised.length).toBeGreaterThan(10);
    for (const [, status, code] of raised) {
      expect(ERROR_CODES, `${code} is raised by SQL`).toHaveProperty(code as string);
      expect(ERROR_CODES[code as keyof typeof ERROR_CODES].status, code).toBe(Number(status));
    }
  });
});
