/**
 * CSV that spreadsheets open correctly: UTF-8 with a byte order mark (so
 * "Azúcar" survives Excel), CRLF line ends, RFC 4180 quoting, and cells that
 * would start a formula (= + - @) prefixed with an apostrophe.
 */
export type Cell = string | number | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: Cell[][]): string {
  return `\uFEFF${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
