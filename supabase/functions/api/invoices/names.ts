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

/**
 * A catalog name for an invoice's description: spaces tidied, common
 * abbreviations written out, each word capitalised but the small ones
 * ("Basurera max gde" → "Basurera Max Grande"). A suggestion the person
 * reviews, not a rule.
 */
export function suggestedName(description: string): string {
  const words = description.trim().split(/\s+/).filter(Boolean);
  return words
    .map((word, index) => {
      const bare = word.toLowerCase().replace(/\.$/, "");
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
