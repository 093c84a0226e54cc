import { type Pool, rpc, type Tx } from "../../_shared/db.ts";
import type { LineMatches } from "../../_shared/responses.ts";

/** A line of an invoice to find in the catalog. */
export interface InvoiceLine {
  description: string;
  /** The category the model (or the person) suggested: a small boost for its products. */
  category: string | null;
}

/** A candidate for a line: a product, and how sure the database is (0–1). */
export type Candidate = LineMatches[number]["matches"][number];

/**
 * The one place the import asks the database to match invoice lines to the
 * catalog (public.match_product_lines, one call for every line), in the
 * caller's transaction. Purchasing's matching can take its place here.
 */
export async function matchLines(pool: Pool, tx: Tx, lines: InvoiceLine[], perLine: number): Promise<Candidate[][]> {
  if (lines.length === 0) return [];
  const answer = await rpc<LineMatches>(pool, tx, "match_product_lines", { lines, candidates_per_line: perLine });
  return lines.map((_, index) => answer[index]?.matches ?? []);
}
