import { describe, expect, it } from "vitest";
import { type Delimiter, toCsv } from "../../supabase/functions/_shared/csv.ts";
import { fragments, parseCsvCells, readsAsFormula } from "../helpers/csv.ts";

/**
 * The CSV writer on its own, over every combination a product name could
 * hide a formula in: each formula sign (ASCII and full width), after nothing,
 * spaces, NBSP, an ideographic or zero-width space or a quote, at the cell's
 * start or after each separator and line break a spreadsheet may split on —
 * written with both separators. The report over HTTP is tested in
 * reports-http.test.ts with such names sold for real.
 */

const SEPARATORS: Record<Delimiter, string> = { comma: ",", semicolon: ";" };
const SIGNS = ["=", "+", "-", "@", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"];
const PREFIXES = ["", " ", "   ", "\u00A0", "\u00A0 ", "\u3000", "\u200B", '"', ' "', "\t", " \t"];
const BEFORE = ["", "Leche PIL,", "Leche PIL;", "Leche PIL\t", "Leche PIL\r", "Leche PIL\n", "Leche PIL\r\n", "a;;"];

const hostile: string[] = [];
for (const before of BEFORE) {
  for (const prefix of PREFIXES) {
    for (const sign of SIGNS) hostile.push(`${before}${prefix}${sign}1+1;${prefix}${sign}cmd|' /C calc'!A0`);
  }
}
hostile.push("\t=1+1", "\r=1+1", "\r\n=1+1", "\t", "\r", "Pan\t\t-1", "Pan;\r\n@A1");

describe.each(Object.keys(SEPARATORS) as Delimiter[])("toCsv with the %s separator", (delimiter) => {
  const separator = SEPARATORS[delimiter];
  const csv = toCsv(
    hostile.map((name, index) => [index + 1, name, 2.5]),
    delimiter,
  );

  it(`starts with the BOM, separates with "${separator}", ends records with CRLF`, () => {
    expect(csv.startsWith(`\uFEFF1${separator}"`)).toBe(true);
    expect(csv.endsWith(`${separator}2.5\r\n`)).toBe(true);
  });

  it("parses back into the same cells, each text only prefixed with apostrophes where a formula could start", () => {
    const rows = parseCsvCells(csv.slice(1), separator);
    expect(rows).toHaveLength(hostile.length);
    rows.forEach((row, index) => {
      const name = hostile[index] as string;
      expect(row.map((cell) => cell.quoted)).toEqual([false, true, false]);
      expect(row[0]?.value).toBe(String(index + 1));
      expect(row[2]?.value).toBe("2.5");
      const written = row[1]?.value ?? "";
      expect(written.replaceAll("'", ""), JSON.stringify(name)).toBe(name.replaceAll("'", ""));
      expect(written.length - name.length).toBeGreaterThan(0);
    });
  });

  it("leaves no cell a spreadsheet reads as a formula, with this separator, the other one, or none", () => {
    const rows = parseCsvCells(csv.slice(1), separator);
    const cells = rows.flat().map((cell) => cell.value);
    expect(cells.filter(readsAsFormula)).toEqual([]);
    // Every piece between a comma, semicolon, tab or line break: whatever separator a spreadsheet picks, quotes or not.
    expect(fragments(csv).filter(readsAsFormula)).toEqual([]);
    // Within each cell too: split the text as a spreadsheet would split a pasted cell.
    expect(cells.flatMap((cell) => cell.split(/[,;\t\r\n]/)).filter(readsAsFormula)).toEqual([]);
  });

  it("leaves harmless text as it is, quoted, and numbers unquoted with a decimal point", () => {
    const plain = [
      "Café Copacabana — ñandú",
      "Coca-Cola 2 L; 3-pack",
      "a - b, c + d",
      "ventas@comarapa.bo",
      "1+1=2",
      'Leche "Pil" entera',
      "",
    ];
    const rows = parseCsvCells(toCsv([plain, [1.5, 1000000, -2.25, 0, 0.1]], delimiter).slice(1), separator);
    expect(rows[0]).toEqual(plain.map((value) => ({ value, quoted: true })));
    expect(rows[1]).toEqual(["1.5", "1000000", "-2.25", "0", "0.1"].map((value) => ({ value, quoted: false })));
    expect(toCsv([[null, undefined, "x"]], delimiter)).toBe(`\uFEFF${separator}${separator}"x"\r\n`);
  });
});

describe("toCsv", () => {
  it("defaults to the comma", () => {
    expect(toCsv([["a", 1]])).toBe('\uFEFF"a",1\r\n');
  });

  it("neutralises the reported name: `Leche PIL;=1+1;` never yields a cell `=1+1` where Excel splits on ';'", () => {
    for (const delimiter of ["comma", "semicolon"] as const) {
      const csv = toCsv([[1, "Leche PIL;=1+1;", 3]], delimiter);
      expect(csv).toContain(`"Leche PIL;'=1+1;"`);
      expect(csv.split(";")).not.toContain("=1+1");
    }
  });
});
