import { type Pool, rpc, type Tx } from "../../_shared/db.ts";
import type { InvoiceLineMatch } from "../../_shared/responses.ts";

/** A line of an invoice to find in the catalog. */
export interface InvoiceLine {
  description: string;
  /** The category the model (or the person) suggested: kept for the front end, not used to match. */
  category: string | null;
}

/** A candidate for a line: a product, and how sure the database is (0–1). */
export interface Candidate {
  product_id: string;
  sku: string;
  name: string;
  confidence: number;
}

/** match_invoice_lines takes at most this many lines a call. */
const LINES_PER_CALL = 200;

/**
 * The one place the import asks the database to match invoice lines to the
 * catalog: purchasing's match_invoice_lines (one implementation for both
 * workflows), without a supplier, in the caller's transaction, 200 lines a
 * call. Deactivated products are left out; a blank line has no candidates.
 * match_invoice_lines answers at most 3 candidates a line.
 */
export async function matchLines(pool: Pool, tx: Tx, lines: InvoiceLine[]): Promise<Candidate[][]> {
  const result: Candidate[][] = lines.map(() => []);
  const asked = lines.flatMap((line, index) =>
    line.description.trim() ? [{ index, description: line.description }] : [],
  );
  for (let start = 0; start < asked.length; start += LINES_PER_CALL) {
    const chunk = asked.slice(start, start + LINES_PER_CALL);
    const answer = await rpc<InvoiceLineMatch[]>(pool, tx, "match_invoice_lines", {
      supplier_id: null,
      lines: chunk.map((line) => ({ description: line.description })),
    });
    for (const [offset, line] of chunk.entries()) {
      result[line.index] = (answer[offset]?.candidates ?? [])
        .filter((candidate) => candidate.is_active)
        .map(({ product_id, sku, name, confidence }) => ({ product_id, sku, name, confidence }));
    }
  }
  return result;
}
