/**
 * How a spreadsheet reads the CSV the reports function writes: an RFC 4180
 * parser for the separator the file says it uses, the fragments a
 * spreadsheet that guessed another separator (or ignored quotes) would make
 * cells of, and what it would take for a formula.
 */

export interface ParsedCell {
  value: string;
  /** The cell was written between double quotes. */
  quoted: boolean;
}

/**
 * RFC 4180, strictly: fields separated by `separator`, records ended by CRLF,
 * a quote only at the start of a field (doubled inside it). Throws on
 * anything else, so a test also proves the file is well formed.
 */
export function parseCsvCells(text: string, separator: string): ParsedCell[][] {
  const rows: ParsedCell[][] = [];
  let row: ParsedCell[] = [];
  let field = "";
  let quoted = false;
  let inQuotes = false;
  const endField = () => {
    row.push({ value: field, quoted });
    field = "";
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        inQuotes = false;
        const next = text[i + 1];
        if (next !== separator && next !== "\r") throw new Error(`text after a closing quote at ${i}`);
      } else field += char;
    } else if (char === '"') {
      if (field !== "" || quoted) throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
      inQuotes = true;
    } else if (char === separator) endField();
    else if (char === "\r" && text[i + 1] === "\n") {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else if (char === "\r" || char === "\n") throw new Error(`a bare line break outside quotes at ${i}`);
    else field += char;
  }
  if (inQuotes) throw new Error("an unclosed quote");
  if (field || quoted || row.length) throw new Error("the CSV does not end with CRLF");
  return rows;
}

/** The cells' values, row by row. */
export function parseCsv(text: string, separator = ","): string[][] {
  return parseCsvCells(text, separator).map((row) => row.map((cell) => cell.value));
}

/**
 * Every piece of the raw text between two characters a spreadsheet may split
 * on (comma, semicolon, tab, CR, LF), ignoring quotes: what it makes cells of
 * when it guessed the wrong separator or the row was pasted as text.
 */
export function fragments(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/[,;\t\r\n]/);
}

const NUMBER = /^-?\d+(\.\d+)?$/;
/** Printed as nothing before a formula sign: every kind of space (NBSP, ideographic…), zero-width characters, BOM, and quotes. */
const LEADING = /^[\s"\u200B-\u200D\u2060\uFEFF]*/u;

/**
 * What Excel, LibreOffice or Google Sheets would take for a formula: a cell
 * starting with `=`, `+`, `-`, `@` or their full-width forms `＝＋－＠`, also
 * after leading spaces, NBSP or a quote; or one starting with a tab or a CR.
 * A number (`-3.5`) is a number.
 */
export function readsAsFormula(cell: string): boolean {
  if (NUMBER.test(cell)) return false;
  if (/^[\t\r]/.test(cell)) return true;
  return /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u.test(cell.replace(LEADING, ""));
}
