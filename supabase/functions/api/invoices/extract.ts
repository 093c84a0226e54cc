import type { DetectedCategory, Extraction, MatchedProduct } from "../../_shared/api-responses.ts";
import type { ResolvedCategories } from "../../_shared/responses.ts";
import type { ReadInvoice } from "../vision/model.ts";
import type { Candidate } from "./match.ts";
import { confidenceBand, suggestedName } from "./names.ts";

const cents = (value: number) => Math.round(value * 100) / 100;

/** A line's total agrees with quantity × unit price (to the cent, or 1 %). */
function consistent(quantity: number, unitPrice: number, total: number): boolean {
  return Math.abs(quantity * unitPrice - total) <= Math.max(0.01, total * 0.01);
}

/**
 * One image's extraction in the front end's shape. A number the model could
 * not read is worked out from the others where it can be (a unit price from
 * the total and the quantity), else 1 for a quantity and 0 for a price; the
 * person reviews every line. `extraction_confidence` is the share of lines
 * whose quantity, unit price and total were all read and agree (0 for an
 * invoice with no line): an arithmetic check, not the model's opinion.
 */
export function toExtraction(read: ReadInvoice, imageIndex: number): Extraction {
  let sound = 0;
  const products = read.lines.map((line) => {
    const quantity =
      line.quantity ??
      (line.total_price !== null && line.unit_price ? Math.max(1, Math.round(line.total_price / line.unit_price)) : 1);
    const unitPrice =
      line.unit_price ?? (line.total_price !== null && quantity > 0 ? cents(line.total_price / quantity) : 0);
    const total = line.total_price ?? cents(quantity * unitPrice);
    if (
      line.quantity !== null &&
      line.unit_price !== null &&
      line.total_price !== null &&
      consistent(line.quantity, line.unit_price, line.total_price)
    ) {
      sound += 1;
    }
    return {
      quantity,
      description: line.description,
      unit_price: unitPrice,
      total_price: total,
      suggested_category: line.category,
    };
  });
  return {
    invoice: {
      supplier_name: read.supplier_name,
      invoice_number: read.invoice_number,
      invoice_date: read.invoice_date,
      image_index: imageIndex,
    },
    products,
    extraction_confidence: products.length === 0 ? 0 : Math.round((sound / products.length) * 100) / 100,
  };
}

/** An extracted line with the catalog's candidates (match_invoice_lines) in the front end's shape. */
export function toMatchedProduct(extracted: MatchedProduct["extracted"], matches: Candidate[]): MatchedProduct {
  const shaped = matches.map((match) => ({
    existing_product_id: match.product_id,
    existing_product_name: match.name,
    existing_product_sku: match.sku,
    similarity_score: match.confidence,
    confidence: confidenceBand(match.confidence),
  }));
  return {
    extracted,
    matches: shaped,
    // New unless the best candidate is at least a medium match.
    is_new_product: (shaped[0]?.confidence ?? "low") === "low",
    suggested_name: suggestedName(extracted.description),
  };
}

/**
 * The categories the model suggested, each once (as the database compares
 * names: case and accents aside), with how many lines suggested it and the
 * catalog's category when there is one (its name then, else the first
 * spelling seen).
 */
export function toDetectedCategories(resolved: ResolvedCategories, suggested: string[]): DetectedCategory[] {
  const byKey = new Map<string, DetectedCategory>();
  const spellings = new Map<string, ResolvedCategories[number]>();
  for (const entry of resolved) if (entry.name !== null) spellings.set(entry.name, entry);
  for (const name of suggested) {
    const entry = spellings.get(name);
    if (!entry?.key) continue;
    const found = byKey.get(entry.key);
    if (found) {
      found.product_count += 1;
      continue;
    }
    byKey.set(entry.key, {
      name: entry.category_name ?? name.trim(),
      exists_in_catalog: entry.category_id !== null,
      existing_category_id: entry.category_id,
      product_count: 1,
    });
  }
  return [...byKey.values()];
}

/** Runs `fn` over `items`, at most `limit` at a time, answers in order. */
export async function mapLimit<T, U>(items: T[], limit: number, fn: (item: T, index: number) => Promise<U>) {
  const results = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
