import { z } from "zod";

/**
 * Characters that print nothing: white space of every kind, controls, and
 * invisible format characters (zero-width spaces and joiners, direction
 * marks, the BOM, soft hyphen, variation selectors, Hangul fillers). The same
 * class as SQL's `private.invisible_characters()`; a test compares the two
 * over every character of the Basic Multilingual Plane.
 */
export const INVISIBLE =
  "[\\u0001-\\u0020\\u007F-\\u00A0\\u00AD\\u034F\\u061C\\u115F\\u1160\\u1680\\u17B4\\u17B5\\u180B-\\u180F\\u2000-\\u200F\\u2028-\\u202F\\u205F-\\u206F\\u3000\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB]";

const EDGES = new RegExp(`^${INVISIBLE}+|${INVISIBLE}+$`, "gu");

/** The text without invisible characters at either end (what SQL's `private.trim_text` keeps; "" for nothing visible). */
export function trimInvisible(text: string): string {
  return text.replace(EDGES, "");
}

/** A NUL, or half of a surrogate pair: text Postgres cannot store (it fails there with 22P05 or 22P02). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what this finds.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when Postgres can store this text as it is. */
function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** A string Postgres can store: no NUL character, no lone surrogate. */
export function storableText() {
  return z.string().refine(isStorableText, "contains a NUL character or invalid Unicode");
}

/**
 * Required text as SQL's `private.required_text` sees it: storable, and 1 to
 * `max` characters once trimmed of invisible characters (at least one of them
 * visible). Parses to the trimmed text.
 */
export function requiredText(max: number) {
  return storableText().transform(trimInvisible).pipe(z.string().min(1, "at least one visible character").max(max));
}
