/** Abbreviations suppliers write, and the word a catalog name spells out. */
const ABBREVIATIONS: Record<string, string> = {
  gde: "grande",
  peq: "pequeño",
  med: "mediano",
  pza: "pieza",
  unid: "unidad",
  und: "unidad",
  cja: "caja",
  paq: "paquete",
  bols: "bolsa",
  bot: "botella",
  azuc: "azúcar",
};

/** Words a Spanish title keeps in lower case. */
const SMALL_WORDS = new Set(["de", "del", "la", "el", "los", "las", "con", "sin", "y", "para", "en", "al", "por"]);

/** Units of a size, as the catalog writes them ("946 ml", "1 L", "1 kg"). */
const UNITS: Record<string, string> = {
  mm: "mm",
  cm: "cm",
  m: "m",
  ml: "ml",
  cc: "cc",
  l: "L",
  lt: "L",
  lts: "L",
  ltr: "L",
  g: "g",
  gr: "g",
  grs: "g",
  kg: "kg",
  kgs: "kg",
  oz: "oz",
};

/**
 * A catalog name for an invoice's description: spaces tidied, common
 * abbreviations written out, each word capitalised but the small ones
 * ("Basurera max gde" → "Basurera Max Grande"), a size as the catalog writes
 * it ("1KG" → "1 kg", "40 MM" → "40 mm", "1L" → "1 L"), a pack count in
 * lower case ("X6" → "x6") and a part code in capitals ("c7hsa" → "C7HSA").
 * A suggestion the person reviews, not a rule.
 */
export function suggestedName(description: string): string {
  const words = description.trim().split(/\s+/).filter(Boolean);
  return words
    .map((word, index) => {
      const bare = word.toLowerCase().replace(/\.$/, "");
      const size = /^(\d+(?:[.,]\d+)?)([a-z]+)$/.exec(bare);
      if (size?.[1] && size[2] && UNITS[size[2]]) return `${size[1]} ${UNITS[size[2]]}`;
      if (index > 0 && UNITS[bare] && /^\d+(?:[.,]\d+)?$/.test(words[index - 1] ?? "")) return UNITS[bare];
      if (/^x\d+$/.test(bare)) return bare;
      if (/\d/.test(bare) && /[a-z]/.test(bare)) return bare.toUpperCase();
      const spelled = ABBREVIATIONS[bare] ?? (word === word.toUpperCase() ? word.toLowerCase() : word);
      if (index > 0 && SMALL_WORDS.has(spelled)) return spelled;
      if (/\d/.test(spelled)) return spelled;
      return spelled.charAt(0).toUpperCase() + spelled.slice(1);
    })
    .join(" ");
}

/** The front end's bands of a match's confidence: high from 0.7, medium from 0.4, low below. */
export function confidenceBand(score: number): "high" | "medium" | "low" {
  if (score >= 0.7) return "high";
  if (score >= 0.4) return "medium";
  return "low";
}
