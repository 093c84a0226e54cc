import type { Context } from "hono";
import { z } from "zod";
import { INVISIBLE } from "./text.ts";

/**
 * CSV that spreadsheets open correctly and safely: UTF-8 with a byte order
 * mark (so "Azúcar" survives Excel), CRLF line ends, a comma or a semicolon
 * between cells (Excel in es-BO splits on ';'), every text cell quoted
 * (RFC 4180, quotes doubled), numbers bare with a decimal point, and an
 * apostrophe wherever a spreadsheet could read the start of a formula.
 */
export type Cell = string | number | null | undefined;

/** The separators a file may use, by the name the API takes (`?delimiter=`). */
const DELIMITERS = { comma: ",", semicolon: ";" } as const;
export type Delimiter = keyof typeof DELIMITERS;
/** The separator of a file that names none. */
const DEFAULT_DELIMITER: Delimiter = "comma";

/** What starts a formula in Excel, LibreOffice or Google Sheets: `= + - @` and their full-width forms `＝＋－＠`. */
const FORMULA_SIGN = "[=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20]";

/**
 * Every place where a spreadsheet may start a cell inside our text — its
 * start, or just after a comma, semicolon, tab or line break, whichever
 * separator it guessed and whether or not it honours our quotes — that is
 * followed by a formula sign (after any characters that print nothing, or a
 * quote: ` =`, NBSP `=`, `"=`), or by a tab or a CR. Separators and line
 * breaks are not skipped over: each starts a place of its own.
 */
const FORMULA_START = new RegExp(
  `(?<=^|[,;\\t\\r\\n])(?=[\\t\\r]|(?:(?![\\t\\r\\n])${INVISIBLE}|")*${FORMULA_SIGN})`,
  "gu",
);

/** The text with an apostrophe at each place a spreadsheet could read the start of a formula. */
function neutraliseFormulas(text: string): string {
  return text.replace(FORMULA_START, "'");
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`a CSV number must be finite, not ${value}`);
    return String(value);
  }
  return `"${neutraliseFormulas(value).replaceAll('"', '""')}"`;
}

export function toCsv(rows: Cell[][], delimiter: Delimiter = DEFAULT_DELIMITER): string {
  const separator = DELIMITERS[delimiter];
  return `\uFEFF${rows.map((row) => row.map(cell).join(separator)).join("\r\n")}\r\n`;
}

/**
 * The query of a route that answers JSON or CSV: `shape`, then
 * `format=json|csv` and, with csv only, `delimiter=comma|semicolon`.
 */
export function withFormat<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z
    .strictObject({
      ...shape,
      format: z.enum(["json", "csv"]).default("json"),
      /** The CSV's separator: `semicolon` for a spreadsheet that splits on ';' (Excel in es-BO). */
      delimiter: z.enum(Object.keys(DELIMITERS) as [Delimiter, ...Delimiter[]]).optional(),
    })
    .refine(
      (query) => {
        const { format, delimiter } = query as { format: "json" | "csv"; delimiter?: Delimiter };
        return delimiter === undefined || format === "csv";
      },
      {
        message: "only with format=csv",
        path: ["delimiter"],
      },
    );
}

/** A CSV download: its separator named in `X-CSV-Delimiter` (docs/decisions.md: not in a `sep=` line). */
export function csvResponse(c: Context, rows: Cell[][], filename: string, delimiter = DEFAULT_DELIMITER) {
  return c.body(toCsv(rows, delimiter), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename}"`,
    "x-csv-delimiter": delimiter,
  });
}
