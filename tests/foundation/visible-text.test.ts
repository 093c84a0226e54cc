import { describe, expect, it } from "vitest";
import { INVISIBLE, trimInvisible } from "../../supabase/functions/_shared/text.ts";
import { useTestDatabase } from "../helpers/db.ts";

/**
 * "Required text needs a visible character" has one definition, written in
 * SQL (private.invisible_characters) and in the functions' zod helpers
 * (_shared/text.ts). Both must say the same of every character.
 */

const db = useTestDatabase();
const invisible = new RegExp(`^${INVISIBLE}$`, "u");

describe("an invisible character", () => {
  it("is the same set in SQL and in TypeScript, over every character of the Basic Multilingual Plane", async () => {
    const [row] = await db.sql<{ codes: number[] }[]>`
      select array_agg(cp order by cp) as codes
        from generate_series(1, 65535) as cp
       where (cp < 55296 or cp > 57343) and chr(cp) ~ private.invisible_characters()
    `;
    const fromTypescript: number[] = [];
    for (let cp = 1; cp <= 0xffff; cp += 1) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (invisible.test(String.fromCharCode(cp))) fromTypescript.push(cp);
    }
    expect(row?.codes).toEqual(fromTypescript);
    // What it holds: spaces of every kind, controls, zero-width and direction marks, the BOM.
    for (const char of [" ", "\t", "\n", "\u00a0", "\u2007", "\u3000", "\u200b", "\u200e", "\u2060", "\ufeff"]) {
      expect(fromTypescript, `U+${char.charCodeAt(0).toString(16)}`).toContain(char.charCodeAt(0));
    }
    for (const char of ["a", "Ñ", "é", "0", ".", "-", "€", "中"]) {
      expect(fromTypescript).not.toContain(char.charCodeAt(0));
    }
  });

  it.each([
    ["  Venta anulada  ", "Venta anulada"],
    ["\u00a0\u200bCliente devolvió\u200b\u00a0", "Cliente devolvió"],
    ["\ufeff\r\n\t", null],
    ["a\u200bb", "a\u200bb"],
    ["\u200d", null],
  ])("trims %j the same way in SQL and in TypeScript", async (text, expected) => {
    const [row] = await db.sql<{ trimmed: string | null }[]>`select private.trim_text(${text}) as trimmed`;
    expect(row?.trimmed).toBe(expected);
    expect(trimInvisible(text) || null).toBe(expected);
  });
});
