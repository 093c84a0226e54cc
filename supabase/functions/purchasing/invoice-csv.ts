import { AppError } from "../_shared/errors.ts";

/**
 * A supplier's invoice sent as CSV text, read into match_invoice_lines'
 * lines. The first row names the columns, in English or as Bolivian
 * spreadsheets write them (compared without case, accents, spaces or _):
 * description / descripción / detalle / producto; supplier_sku / código /
 * cod; barcode / código de barras / ean; quantity / cantidad / cant;
 * unit_cost / costo / precio unitario / p.unit. Other columns (importe,
 * total…) are ignored. The separator is the one the header uses most: comma,
 * semicolon or tab. Fields may be quoted (RFC 4180); lines end with CRLF or
 * LF. A number may use a decimal comma ("12,50") or point; anything else in
 * a number column is passed on as text, for the RPC to refuse with its code.
 */
type InvoiceLineInput = Partial<Record<Field, string | number>>;

type Field = "description" | "supplier_sku" | "barcode" | "quantity" | "unit_cost";

const HEADERS: Record<Field, string[]> = {
  description: ["description", "descripcion", "detalle", "producto", "articulo", "concepto"],
  supplier_sku: ["suppliersku", "codigo", "cod", "code", "sku", "codigoproveedor", "codproveedor"],
  barcode: ["barcode", "codigodebarras", "codigobarras", "codbarras", "ean", "ean13"],
  quantity: ["quantity", "cantidad", "cant", "qty"],
  unit_cost: ["unitcost", "costo", "costounitario", "preciounitario", "punit", "pu", "precio", "cost"],
};
const NUMERIC: ReadonlySet<Field> = new Set(["quantity", "unit_cost"]);

function headerKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\s_.\-/]+/g, "");
}

/** The separator the header row uses most, counted outside quotes. */
function separatorOf(text: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ",";
}

function invalid(message: string): AppError {
  return new AppError("VALIDATION_ERROR", "The CSV invoice is invalid.", [{ field: "(body)", message }]);
}

/** RFC 4180 rows (CRLF or LF), quotes doubled inside quoted fields. */
function rows(text: string, separator: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') {
      if (field.trim() !== "" || wasQuoted) throw invalid(`a quote inside an unquoted field (row ${out.length + 1})`);
      field = "";
      quoted = true;
      wasQuoted = true;
    } else if (char === separator) {
      row.push(field);
      field = "";
      wasQuoted = false;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      out.push(row);
      row = [];
      field = "";
      wasQuoted = false;
    } else field += char;
  }
  if (quoted) throw invalid("a quoted field is never closed");
  if (field !== "" || wasQuoted || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out.filter((cells) => cells.some((cell) => cell.trim() !== ""));
}

/** "12", "12.5", "12,50", "1.234,50", "1,234.50" as a number; anything else as the text it is. */
function numberCell(text: string): number | string {
  const cell = text.trim();
  if (/^-?\d+$/.test(cell)) return Number(cell);
  if (/^-?\d+[.,]\d+$/.test(cell)) return Number(cell.replace(",", "."));
  if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(cell)) return Number(cell.replaceAll(".", "").replace(",", "."));
  if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(cell)) return Number(cell.replaceAll(",", ""));
  return cell;
}

export function parseInvoiceCsv(text: string): InvoiceLineInput[] {
  const body = text.replace(/^\uFEFF/, "");
  const table = rows(body, separatorOf(body));
  const [header, ...data] = table;
  if (!header) throw invalid("no header row: the first line names the fields (description, quantity, unit_cost…)");
  const columns = header.map((name) => {
    const key = headerKey(name);
    return (Object.keys(HEADERS) as Field[]).find((field) => HEADERS[field].includes(key));
  });
  if (!columns.some((field) => field === "description" || field === "supplier_sku" || field === "barcode")) {
    throw invalid("the header row names no description, supplier_sku or barcode");
  }
  if (data.length === 0) throw invalid("the invoice has a header and no line");
  return data.map((cells) => {
    const line: InvoiceLineInput = {};
    cells.forEach((cell, index) => {
      const field = columns[index];
      if (!field || cell.trim() === "" || line[field] !== undefined) return;
      line[field] = NUMERIC.has(field) ? numberCell(cell) : cell;
    });
    return line;
  });
}
