import type { Random as Prng } from "@comarapa/testkit";
import { PRODUCT_TYPES } from "./catalog.ts";

export type TermKind = "sku" | "word" | "no accent" | "typo";
export interface SearchTerm {
  kind: TermKind;
  term: string;
}

const stripAccents = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "");
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .filter((w) => w.length >= 2);

/** One edit a hurried cashier makes: two letters swapped, one dropped, one doubled, or a vowel wrong. */
function misspell(prng: Prng, word: string): string {
  const at = prng.int(1, word.length - 2);
  switch (prng.int(0, 3)) {
    case 0:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + word[at] + word.slice(at);
    default: {
      const vowels = "aeiou".replace(word[at] ?? "", "");
      return word.slice(0, at) + vowels[prng.int(0, vowels.length - 1)] + word.slice(at + 1);
    }
  }
}

/**
 * What people type in the counter's search box, in equal shares: an exact
 * SKU (from `skus`), a word or a word and a brand as written ("azúcar",
 * "leche pil"), the same without accents ("azucar", "cafe molido"), and a
 * misspelt word ("aciete", "galetas").
 */
export function searchTerms(prng: Prng, skus: readonly string[], count: number): SearchTerm[] {
  const phrases = PRODUCT_TYPES.flatMap((type) => [
    type.name.toLowerCase(),
    words(type.name)[0] ?? type.name,
    `${words(type.name)[0]} ${type.brands[0]?.toLowerCase()}`,
  ]);
  const accented = [
    ...new Set(
      PRODUCT_TYPES.flatMap((type) => [type.name, ...type.brands, ...type.variants]).filter(
        (text) => stripAccents(text) !== text,
      ),
    ),
  ].map((text) => stripAccents(text).toLowerCase());
  const long = [...new Set(PRODUCT_TYPES.flatMap((type) => words(type.name)).filter((w) => w.length >= 5))];
  const kinds: TermKind[] = ["sku", "word", "no accent", "typo"];
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length] as TermKind;
    switch (kind) {
      case "sku":
        return { kind, term: prng.pick(skus) };
      case "word":
        return { kind, term: prng.pick(phrases) };
      case "no accent":
        return { kind, term: prng.pick(accented) };
      case "typo":
        return { kind, term: misspell(prng, prng.pick(long)) };
    }
    throw new Error(`no search term of kind ${kind}`);
  });
}
