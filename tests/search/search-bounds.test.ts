import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { rpcAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";

/**
 * The work of one search is bounded whatever the term: proved by what the
 * search answers (a long or repetitive term answers what its bounded form
 * answers) and by the plans it runs (auto_explain), never by timing.
 */
const db = useTestDatabase();
const users = useRoleUsers(db);

interface Hit {
  id: string;
  name: string;
  relevance: number;
}

async function search(term: string): Promise<Hit[]> {
  const rows = await rpcAs<Hit[]>(db.sql, users.viewer, "search_products", { search_term: term, result_limit: 100 });
  return rows.map(({ id, name, relevance }) => ({ id, name, relevance }));
}

let sugar: ProductFixture;
let nails: ProductFixture;
let cookie: ProductFixture;
let detergent: ProductFixture;

beforeAll(async () => {
  sugar = await createProduct(db.sql, { name: "Azúcar morena Guabirá 1 kg" });
  await createProduct(db.sql, { name: "Azúcar blanca Unagro 5 kg" });
  nails = await createProduct(db.sql, { name: "Clavos de 10 cm caja" });
  await createProduct(db.sql, { name: "Aceite Fino 900 ml" });
  await createProduct(db.sql, { name: "Leche Pil entera 1 L" });
  cookie = await createProduct(db.sql, { name: "Galleta Cuqui chocolate rellena vainilla" });
  detergent = await createProduct(db.sql, { name: "Detergente Ola limón 1 kg" });
});

describe("search_products: the term is capped after it is normalised", () => {
  it("answers a 10,000-character term as it answers the words of its first 200 normalised characters", async () => {
    const long = "Azúcar morena ".repeat(715); // 10,010 characters
    const expected = await search("azucar morena");
    expect(expected.map((hit) => hit.id)).toContain(sugar.id);
    expect(await search(long)).toEqual(expected);
  });

  it("caps after folding accents: 60 × '⑽' is 240 characters of '(10)', so a word typed after them is not searched", async () => {
    const term = `${"⑽".repeat(60)} azúcar`; // 67 characters as typed, 247 once folded
    const results = await search(term);
    // Had "azúcar" been searched, every word would be required and the nails would not be found.
    expect(results.map((hit) => hit.id)).toContain(nails.id);
    expect(results.map((hit) => hit.id)).not.toContain(sugar.id);
    expect(results).toEqual(await search("(10)"));
  });

  it("reads no more than the first 1,000 characters, even of characters that folding removes", async () => {
    expect((await search("leche")).length).toBeGreaterThan(0);
    // 999 combining accents fold to nothing: "leche" is read, and found.
    expect(await search(`${"\u0301".repeat(999)}leche`)).toEqual(await search("leche"));
    // 100,000 of them: only the first 1,000 characters are read, so "leche" never is.
    expect(await search(`${"\u0301".repeat(100_000)}leche`)).toEqual([]);
  });
});

describe("search_products: each word once", () => {
  it.each([
    ["a word found by full text", "leche"],
    ["a misspelt word", "aciete"],
    ["two words", "azucar morena"],
  ])("answers %s typed 100 times as it answers it once", async (_label, word) => {
    const once = await search(word);
    expect(once.length).toBeGreaterThan(0);
    expect(await search(`${word} `.repeat(100))).toEqual(once);
    expect(await search(`${word.toUpperCase()}  ${word}\t${word}`)).toEqual(once);
  });
});

describe("search_products: at most 5 words are corrected", () => {
  const fiveTypos = "galeta cuqi chocolatte relena vainila";

  it("corrects the first five words: a sixth misspelt word changes nothing", async () => {
    const five = await search(fiveTypos);
    expect(five.map((hit) => hit.id)).toEqual([cookie.id]);
    expect(five[0]?.relevance).toBeLessThan(0.4);
    // "detergnte" would be corrected to "detergente", a word of another product's name,
    // and every corrected word must be in the name: were it corrected, nothing would be found.
    expect(await search(`${fiveTypos} detergnte`)).toEqual(five);
    expect(await search(`${fiveTypos} detergnte xqzzt qwrrty`)).toEqual(five);
  });

  it("corrects words in the order typed: the sixth word is the one left out", async () => {
    const found = await search(`detergnte ${fiveTypos}`);
    expect(found.map((hit) => hit.id)).not.toContain(cookie.id);
    expect(found.map((hit) => hit.id)).not.toContain(detergent.id);
  });
});

/**
 * The plans search_products runs for `term`, as auto_explain logs them
 * (actual row counts and loops, no timing), one per statement.
 */
async function plansOf(term: string): Promise<string[]> {
  const plans: string[] = [];
  const sql = postgres(db.url, {
    max: 1,
    prepare: false,
    onnotice: (notice) => {
      if (typeof notice.message === "string") plans.push(notice.message);
    },
  });
  try {
    await sql`load 'auto_explain'`;
    await sql`set auto_explain.log_min_duration = 0`;
    await sql`set auto_explain.log_nested_statements = on`;
    await sql`set auto_explain.log_analyze = on`;
    await sql`set auto_explain.log_timing = off`;
    await sql`set auto_explain.log_level = notice`;
    await rpcAs(sql, serviceRole, "search_products", { search_term: term }, { readOnly: true });
  } finally {
    await sql.end();
  }
  return plans;
}

/** How many times the correction step walked the dictionary's index (0 when it did not run). */
async function dictionaryWalks(term: string): Promise<number> {
  const plans = (await plansOf(term)).filter((plan) => plan.includes("private.search_words"));
  expect(plans.length).toBeLessThanOrEqual(1);
  const plan = plans[0];
  if (!plan) return 0;
  expect(plan).not.toMatch(/Seq Scan on search_words/);
  const walk = plan.match(/Index Scan using search_words_trgm_knn_idx on search_words .*loops=(\d+)\)/);
  expect(walk, plan).not.toBeNull();
  expect(plan).toMatch(/Order By: \(word OPERATOR\(extensions\.<->\) tw\.word\)/);
  return Number(walk?.[1]);
}

describe("search_products: each correction walks the GiST index, at most 5 times a search", () => {
  it("finds a misspelt word's nearest words by walking search_words_trgm_knn_idx in distance order", async () => {
    expect(await dictionaryWalks("aciete")).toBe(1);
  });

  it("walks it once for a word typed 100 times, and 5 times for 12 distinct words", async () => {
    expect(await dictionaryWalks("galeta ".repeat(100))).toBe(1);
    expect(await dictionaryWalks("qwa qwb qwc qwd qwe qwf qwg qwh qwi qwj qwk qwl")).toBe(5);
  });

  it("walks it once for 200 × '⑽' (800 characters once folded, one word)", async () => {
    expect(await dictionaryWalks("⑽".repeat(200))).toBe(1);
  });

  it("does not walk it when the words found a full page, nor for an exact code", async () => {
    await db.sql`
      insert into public.products (sku, name, unit_price)
      select 'ESCOBA-' || i, 'Escoba plástica N° ' || i, 12 from generate_series(1, 25) as i
    `;
    expect(await dictionaryWalks("escoba")).toBe(0);
    expect(await dictionaryWalks(detergent.sku)).toBe(0);
  });
});
