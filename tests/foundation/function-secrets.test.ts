import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFunctionSecrets } from "@comarapa/local-stack";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `npm run dev` gives the Edge Functions the secrets of
 * `supabase/functions/.env`, read as `supabase functions serve` reads that
 * file; the variables Supabase sets itself stay the stack's.
 */
const dir = mkdtempSync(join(tmpdir(), "comarapa-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the functions' local secrets", () => {
  it("reads NAME=value lines, quotes and `export` aside, skipping comments and SUPABASE_* names", () => {
    const file = join(dir, ".env");
    writeFileSync(
      file,
      [
        "# the vision model",
        "GEMINI_API_KEY=abc123",
        'export GEMINI_MODEL="gemini-2.5-flash"',
        "GEMINI_API_BASE_URL = 'http://127.0.0.1:9999' ",
        "",
        "SUPABASE_DB_URL=postgresql://elsewhere",
        "not a line",
      ].join("\n"),
    );
    expect(readFunctionSecrets(file)).toEqual({
      GEMINI_API_KEY: "abc123",
      GEMINI_MODEL: "gemini-2.5-flash",
      GEMINI_API_BASE_URL: "http://127.0.0.1:9999",
    });
  });

  it("is no secret at all without the file", () => {
    expect(readFunctionSecrets(join(dir, "missing.env"))).toEqual({});
  });
});
