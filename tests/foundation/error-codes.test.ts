import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../supabase/functions/_shared/error-codes.ts";
import { useTestDatabase } from "../helpers/db.ts";

const db = useTestDatabase();
const doc = readFileSync(join(paths.repoRoot, "docs/error_codes.md"), "utf8");

/** Every TypeScript file of the Edge Functions and the local gateway, but the catalogue itself. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") && !path.endsWith("error-codes.ts") ? [readFileSync(path, "utf8")] : [];
  });
}
const typescript = [
  ...sources(paths.functionsDir),
  readFileSync(join(paths.repoRoot, "packages/local-stack/src/functions.ts"), "utf8"),
].join("\n");

/** The source of every function of our schemas, as the migrated database runs it. */
async function functionSources(): Promise<{ name: string; source: string }[]> {
  return db.sql<{ name: string; source: string }[]>`
    select p.oid::regprocedure::text as name, p.prosrc as source
      from pg_proc p
     where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
  `;
}

const RAISED = /private\.raise(?:_on_line)?\(\s*'([A-Z_]+)'/g;

describe("the error catalogue", () => {
  it("is documented in docs/error_codes.md exactly as the code defines it", () => {
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)`\s*\| (\d{3})\s*\| (.+?)\s*\|$/gm)].map((m) => [
      m[1],
      Number(m[2]),
      m[3],
    ]);
    const defined = Object.entries(ERROR_CODES).map(([code, entry]) => [code, entry.status, entry.meaning]);
    expect(documented).toEqual(defined);
  });

  it("is the table private.raise reads: private.error_codes holds the same codes, statuses and meanings", async () => {
    const rows = await db.sql<{ code: string; status: number; meaning: string }[]>`
      select code, status, meaning from private.error_codes
    `;
    const inDatabase = Object.fromEntries(rows.map((row) => [row.code, { status: row.status, meaning: row.meaning }]));
    expect(inDatabase).toEqual(ERROR_CODES);
  });

  it("is the only way SQL raises a coded error: no function but private.raise writes a PTnnn status", async () => {
    const byHand = (await functionSources())
      .filter((fn) => /errcode\s*=\s*'PT/i.test(fn.source) && fn.name !== "private.raise(text,text,jsonb)")
      .map((fn) => fn.name);
    expect(byHand).toEqual([]);
  });

  it("covers every code a function of the database raises", async () => {
    const raised = (await functionSources()).flatMap((fn) =>
      [...fn.source.matchAll(RAISED)].map((m) => m[1] as string),
    );
    expect(raised.length).toBeGreaterThan(30);
    expect([...new Set(raised)].filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it("has no dead entry: every code is raised by SQL or answered by a function or the gateway", async () => {
    const raised = new Set(
      (await functionSources()).flatMap((fn) => [...fn.source.matchAll(RAISED)].map((m) => m[1] as string)),
    );
    const dead = Object.keys(ERROR_CODES).filter((code) => !raised.has(code) && !typescript.includes(`"${code}"`));
    expect(dead).toEqual([]);
  });
});
