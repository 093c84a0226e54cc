import type { Random } from "@comarapa/testkit";
import { stripAccents } from "./search-terms.ts";

/** One line of a supplier's invoice, and the product it was written from. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unit_cost: number;
  /** The product the line was written from (what a perfect match returns first). */
  productId: string;
}

const UNITS: Record<string, string[]> = {
  kg: ["KG", "KGS", "KILO"],
  g: ["G", "GR", "GRS"],
  ml: ["ML", "CC"],
  l: ["L", "LT", "LTS"],
};

/**
 * A product name as a supplier's invoice would print it: upper case without
 * accents, sizes glued to their (supplier's) unit ("900ML", "1KGS", "2LTS"),
 * some long words cut to their first letters and a dot ("AZUC.", "DETERG."),
 * now and then a pack count ("X12") or the first two words swapped.
 */
function invoiceDescription(name: string, prng: Random): string {
  let text = stripAccents(name)
    .toUpperCase()
    .replace(/(\d+(?:\.\d+)?) (KG|G|ML|L)\b/g, (_, amount: string, unit: string) => {
      const options = UNITS[unit.toLowerCase()] ?? [unit];
      return `${amount}${prng.pick(options)}`;
    });
  const words = text
    .split(" ")
    .map((word) => (/^[A-Z]{7,}$/.test(word) && prng.chance(0.35) ? `${word.slice(0, prng.int(4, 5))}.` : word));
  if (words.length > 3 && prng.chance(0.15)) [words[0], words[1]] = [words[1] as string, words[0] as string];
  text = words.join(" ");
  if (prng.chance(0.2)) text += ` X${prng.pick([6, 12, 24])}`;
  return text;
}

/** An invoice of `count` lines for distinct products of `products`. */
export function invoiceFor(
  products: readonly { id: string; name: string; cost: number }[],
  count: number,
  prng: Random,
): InvoiceLine[] {
  return prng.sample(products, count).map((product) => ({
    description: invoiceDescription(product.name, prng),
    quantity: prng.pick([6, 12, 24, 48]),
    unit_cost: Math.round(product.cost * (0.95 + prng.next() * 0.1) * 100) / 100,
    productId: product.id,
  }));
}
