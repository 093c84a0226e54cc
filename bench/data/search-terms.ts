import type { Random as Prng } from "@comarapa/testkit";
import type { Sql } from "../stack.ts";
import { CATEGORY_NAMES, PRODUCT_TYPES } from "./catalog.ts";

/** What people type (the goal's mix). */
export type TermKind = "sku" | "word" | "no accent" | "typo";
/** Crafted to cost a search as much as possible. */
type AdversarialKind = "folds longer" | "10,000 chars" | "word × 100" | "many words" | "common words";
export interface SearchTerm<Kind extends string = TermKind> {
  kind: Kind;
  term: string;
}

/** The text with its accents folded ("azúcar" → "azucar"). */
export const stripAccents = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "");
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

/** 500 SKUs of the catalog in `sql`, in a fixed pseudo-random order: the exact SKUs `searchTerms` draws from. */
export async function sampleSkus(sql: Sql): Promise<string[]> {
  return (await sql<{ sku: string }[]>`select sku from public.products order by md5(sku) limit 500`).map((r) => r.sku);
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

/** A category's name as typed at the counter: lower case, without accents ("lacteos", "frutas y verduras"). */
export function categoryTerms(prng: Prng, count: number): SearchTerm<"category">[] {
  return Array.from({ length: count }, () => ({
    kind: "category" as const,
    term: stripAccents(prng.pick(CATEGORY_NAMES)).toLowerCase(),
  }));
}

/**
 * A term as the counter types it, before its last word is whole: the first
 * 3 or more letters of a product's name's first word ("galle"), or of its
 * brand after that word ("aceite fin"): the front end searches from the
 * second character on.
 */
export function typingTerms(prng: Prng, count: number): SearchTerm<"typing">[] {
  return Array.from({ length: count }, () => {
    const type = prng.pick(PRODUCT_TYPES);
    const [first = type.name.toLowerCase()] = words(type.name);
    const brand = stripAccents(prng.pick(type.brands)).toLowerCase().split(" ")[0] ?? "";
    const [word, before] = brand.length >= 4 && prng.int(0, 1) === 1 ? [brand, `${first} `] : [first, ""];
    const cut = word.length <= 3 ? word.length : prng.int(3, word.length - 1);
    return { kind: "typing" as const, term: before + word.slice(0, cut) };
  });
}

/** ⑴ … ⒇: one character each, folded to "(1)" … "(20)" (3–4 characters). */
const PARENTHESIZED = Array.from({ length: 20 }, (_, i) => String.fromCodePoint(0x2474 + i));

/**
 * Terms crafted to make one search expensive, in equal shares, each aimed at
 * a bound of search_products:
 * - "folds longer": 200 characters of ⑴…⒇, which fold to about 750
 *   characters of "(1)(20)(7)…": 20 distinct numbers, past the cap as typed
 *   (200) once folded (the security review's `repeat('⑽', 200)`, varied);
 * - "10,000 chars": words of product names, accents included, 10,000 characters;
 * - "word × 100": one misspelt word 100 times;
 * - "many words": distinct misspelt words, 200 characters (about 25 words to correct);
 * - "common words": the most frequent words of product names (sizes, units,
 *   "de", "con"), 200 characters: full text must intersect their long lists.
 */
export function adversarialTerms(prng: Prng, count: number): SearchTerm<AdversarialKind>[] {
  const productWords = [
    ...new Set(
      PRODUCT_TYPES.flatMap((type) => [type.name, ...type.brands, ...type.variants]).flatMap((t) => t.split(" ")),
    ),
  ];
  const long = [...new Set(PRODUCT_TYPES.flatMap((type) => words(type.name)).filter((w) => w.length >= 5))];
  const common = [...new Set(PRODUCT_TYPES.flatMap((type) => type.sizes.flatMap((size) => size.split(" "))))].concat(
    "de",
    "con",
    "en",
    "pack",
    "x6",
  );
  /** Words drawn with `draw` and joined by spaces, up to `length` characters. */
  const fill = (length: number, draw: () => string) => {
    let text = draw();
    for (let next = draw(); text.length + 1 + next.length <= length; next = draw()) text += ` ${next}`;
    return text;
  };
  const kinds: AdversarialKind[] = ["folds longer", "10,000 chars", "word × 100", "many words", "common words"];
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length] as AdversarialKind;
    switch (kind) {
      case "folds longer":
        return { kind, term: Array.from({ length: 200 }, () => prng.pick(PARENTHESIZED)).join("") };
      case "10,000 chars":
        return { kind, term: fill(10_000, () => prng.pick(productWords)) };
      case "word × 100":
        return {
          kind,
          term: Array(100)
            .fill(misspell(prng, prng.pick(long)))
            .join(" "),
        };
      case "many words": {
        const seen = new Set<string>();
        const fresh = () => {
          let word = misspell(prng, prng.pick(long));
          while (seen.has(word)) word = misspell(prng, prng.pick(long));
          seen.add(word);
          return word;
        };
        return { kind, term: fill(200, fresh) };
      }
      case "common words":
        return { kind, term: fill(200, () => prng.pick(common)) };
    }
    throw new Error(`no adversarial term of kind ${kind}`);
  });
}
