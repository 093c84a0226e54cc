import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createCategory, createProduct, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

interface SearchRow {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  description: string | null;
  category_id: string | null;
  category: { id: string; name: string; description: string | null } | null;
  unit_price: string;
  cost_price: string | null;
  current_stock: number;
  min_stock_level: number;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  relevance: number;
}

/** `POST /rpc/search_products` as a viewer (the least role that may search), unless told otherwise. */
function search(
  args: { search_term: unknown; result_limit?: unknown; include_inactive?: unknown },
  actor: Actor = users.viewer,
) {
  return rpcAs<SearchRow[]>(db.sql, actor, "search_products", args);
}

/**
 * The rows of `results` that are among `products`, in result order. The
 * file's database is shared by its tests, so each test looks only at the
 * products it made.
 */
function only(results: SearchRow[], ...products: ProductFixture[]): SearchRow[] {
  const ids = new Set(products.map((product) => product.id));
  return results.filter((row) => ids.has(row.id));
}

function expectBestFirst(results: SearchRow[]) {
  const relevances = results.map((row) => row.relevance);
  expect(relevances).toEqual([...relevances].sort((a, b) => b - a));
}

async function withDescription(product: ProductFixture, description: string) {
  await db.sql`update public.products set description = ${description} where id = ${product.id}`;
  return product;
}

describe("search_products: exact codes first", () => {
  it("ranks the product whose SKU is typed exactly first, with the highest relevance, whatever the case typed", async () => {
    const exact = await createProduct(db.sql, { sku: "ARR-GDO-1KG", name: "Arroz Grano de Oro 1 kg" });
    const mentions = await createProduct(db.sql, { name: "Arroz ARR-GDO-1KG reenvasado a granel" });
    const similar = await createProduct(db.sql, { sku: "ARR-GDO-5KG", name: "Arroz Grano de Oro 5 kg" });
    for (const term of ["ARR-GDO-1KG", "arr-gdo-1kg", "  ARR-GDO-1KG "]) {
      const results = await search({ search_term: term });
      expect(results[0]?.id).toBe(exact.id);
      const relevance = results[0]?.relevance ?? 0;
      for (const other of only(results, mentions, similar)) expect(other.relevance).toBeLessThan(relevance);
      expectBestFirst(results);
    }
  });

  it("finds a product by its exact barcode, first", async () => {
    const product = await createProduct(db.sql, { name: "Azúcar blanca Guabirá 1 kg", barcode: "7771234500017" });
    await createProduct(db.sql, { name: "Azúcar blanca Guabirá 2 kg", barcode: "7771234500024" });
    const results = await search({ search_term: "7771234500017" });
    expect(results[0]).toMatchObject({ id: product.id, barcode: "7771234500017" });
    expect(results[0]?.relevance).toBe(Math.max(...results.map((row) => row.relevance)));
    expect(results.filter((row) => row.relevance === results[0]?.relevance)).toHaveLength(1);
  });

  it("finds the exact barcode sent by a scanner that ends it with Enter or Tab", async () => {
    const product = await createProduct(db.sql, { name: "Cerveza Paceña lata 355 ml", barcode: "7772106000105" });
    for (const term of ["7772106000105\r\n", "7772106000105\n", "\t7772106000105\t", "\u00a07772106000105 "]) {
      const results = await search({ search_term: term });
      expect(results[0], JSON.stringify(term)).toMatchObject({ id: product.id, relevance: 1 });
    }
  });
});

describe("search_products: words, accents and typos", () => {
  it("finds Spanish words in their other forms: 'galletas' finds 'Galleta …' and 'fideos' finds 'Fideo …'", async () => {
    const galleta = await createProduct(db.sql, { name: "Galleta Mabel's soda 200 g" });
    const fideo = await createProduct(db.sql, { name: "Fideo Lazzaroni tallarín 400 g" });
    expect(only(await search({ search_term: "galletas" }), galleta, fideo).map((row) => row.id)).toEqual([galleta.id]);
    expect(only(await search({ search_term: "fideos" }), galleta, fideo).map((row) => row.id)).toEqual([fideo.id]);
  });

  it("finds words of the description too", async () => {
    const oil = await withDescription(
      await createProduct(db.sql, { name: "Aceite Fino vegetal 900 ml" }),
      "Aceite de soya refinado, botella PET",
    );
    expect(only(await search({ search_term: "soya" }), oil)).toHaveLength(1);
  });

  it("finds several words in any order", async () => {
    const milk = await createProduct(db.sql, { name: "Leche Pil entera 1 L" });
    const yogurt = await createProduct(db.sql, { name: "Yogur Pil frutilla 1 L" });
    const results = await search({ search_term: "pil leche" });
    expect(only(results, milk, yogurt)[0]?.id).toBe(milk.id);
  });

  it("ignores accents both ways: 'azucar' finds 'Azúcar', 'cafe' finds 'Café', 'jabon' finds 'Jabón'", async () => {
    const sugar = await createProduct(db.sql, { name: "Azúcar morena Unagro 5 kg" });
    const coffee = await createProduct(db.sql, { name: "Café Copacabana molido 250 g" });
    const soap = await createProduct(db.sql, { name: "Jabón Bolívar pack de 3" });
    expect(only(await search({ search_term: "azucar" }), sugar, coffee, soap).map((r) => r.id)).toEqual([sugar.id]);
    expect(only(await search({ search_term: "cafe" }), sugar, coffee, soap).map((r) => r.id)).toEqual([coffee.id]);
    expect(only(await search({ search_term: "jabon" }), sugar, coffee, soap).map((r) => r.id)).toEqual([soap.id]);
  });

  it("ranks 'azucar', 'azúcar' and 'AZÚCAR' identically: accents are folded, not merely tolerated as typos", async () => {
    await createProduct(db.sql, { name: "Azúcar blanca Unagro 1 kg" });
    await createProduct(db.sql, { name: "Azúcar impalpable Kris 500 g" });
    const plain = await search({ search_term: "azucar" });
    const accented = await search({ search_term: "azúcar" });
    const shouted = await search({ search_term: "AZÚCAR" });
    expect(plain.length).toBeGreaterThanOrEqual(2);
    const ranking = (rows: SearchRow[]) => rows.map((row) => [row.id, row.relevance]);
    expect(ranking(accented)).toEqual(ranking(plain));
    expect(ranking(shouted)).toEqual(ranking(plain));
  });

  it("tolerates typos: 'aciete' finds 'Aceite', 'galeta' finds 'Galleta', 'arros' finds 'Arroz'", async () => {
    const oil = await createProduct(db.sql, { name: "Aceite Fri-Os girasol 1 L" });
    const cookie = await createProduct(db.sql, { name: "Galleta Tentación chocolate" });
    const rice = await createProduct(db.sql, { name: "Arroz Caisy grano largo 5 kg" });
    for (const [term, expected] of [
      ["aciete", oil],
      ["galeta", cookie],
      ["arros", rice],
    ] as const) {
      const results = await search({ search_term: term });
      expect(
        only(results, oil, cookie, rice).map((row) => row.id),
        `'${term}' finds ${expected.name}`,
      ).toEqual([expected.id]);
    }
  });

  it("finds a name by the start of the last word, as the counter types: 'galle' is Galletas, a name match, not a guess", async () => {
    const cookies = await createProduct(db.sql, { name: "Galletas Club Social x6" });
    const water = await createProduct(db.sql, { name: "Agua Vital con Gas 2 L" });
    const milk = await createProduct(db.sql, { name: "Leche Pil entera 946 ml" });
    const typed = await search({ search_term: "galle", result_limit: 10 });
    const [first, ...rest] = only(typed, cookies, water);
    expect(first).toMatchObject({ name: "Galletas Club Social x6", relevance: expect.any(Number) });
    expect(first?.relevance).toBeGreaterThanOrEqual(0.85);
    // What the typo guesses add to fill the page stays below, a "Sugerencia".
    expect(rest.every((row) => row.relevance < 0.4)).toBe(true);
    const words = await search({ search_term: "leche pil ent" });
    expect(only(words, milk, cookies, water).map((row) => row.name)).toEqual(["Leche Pil entera 946 ml"]);
    expect(only(words, milk)[0]?.relevance).toBeGreaterThanOrEqual(0.85);
    // Two letters start too many words: "ga" is left to the typo guesses, below 0.4.
    const two = await search({ search_term: "ga" });
    expect(only(two, cookies, water).every((row) => row.relevance < 0.4)).toBe(true);
  });

  it("ranks a product whose name starts with the word first, then one whose name has it, then one whose description has it", async () => {
    const descriptionOnly = await withDescription(
      await createProduct(db.sql, { name: "Alfajor de maicena (unidad)" }),
      "Relleno de dulce de leche y coco rallado",
    );
    const nameHasIt = await createProduct(db.sql, { name: "Chocolate Breick con leche 100 g" });
    const nameStartsWithIt = await createProduct(db.sql, { name: "Leche Delizia entera 1 L" });
    const results = await search({ search_term: "leche" });
    expect(only(results, descriptionOnly, nameHasIt, nameStartsWithIt).map((row) => row.name)).toEqual([
      "Leche Delizia entera 1 L",
      "Chocolate Breick con leche 100 g",
      "Alfajor de maicena (unidad)",
    ]);
    expectBestFirst(results);
  });

  it("ranks a word match above a typo match, and the typo's word above a word that only shares its first letters", async () => {
    const oil = await createProduct(db.sql, { name: "Aceite Fino vegetal 900 ml" });
    const olives = await createProduct(db.sql, { name: "Aceitunas verdes en frasco 250 g" });
    const exactWord = await search({ search_term: "aceite" });
    const typo = await search({ search_term: "aciete" });
    const matchOf = (rows: SearchRow[], product: ProductFixture) => rows.find((row) => row.id === product.id);
    expect(matchOf(exactWord, oil)?.relevance ?? 0).toBeGreaterThan(matchOf(typo, oil)?.relevance ?? 0);
    expect(only(typo, oil, olives)[0]?.id).toBe(oil.id);
    expect(only(exactWord, oil, olives).map((row) => row.id)).toEqual([oil.id, olives.id]);
  });

  it("does not drown a short word in look-alikes: 'té' finds 'Té Windsor' and not every word ending in 'te'", async () => {
    const tea = await createProduct(db.sql, { name: "Té Windsor manzanilla 25 sobres" });
    const oil = await createProduct(db.sql, { name: "Aceite Patito 1 L" });
    const detergent = await createProduct(db.sql, { name: "Detergente Omo 1 kg" });
    const results = await search({ search_term: "té" });
    expect(only(results, tea, oil, detergent).map((row) => row.id)).toEqual([tea.id]);
  });

  it("never fails on punctuation or quotes in the input", async () => {
    const cola = await createProduct(db.sql, { name: "Coca-Cola 2 L retornable" });
    expect(only(await search({ search_term: "coca-cola" }), cola)).toHaveLength(1);
    for (const term of ["'; drop table public.products; --", "leche & pan | !café", '"mabel\'s"', "%_\\", ":*", "()"]) {
      await expect(search({ search_term: term }), term).resolves.toBeInstanceOf(Array);
    }
  });
});

describe("search_products: relevance from 0 to 1, as the front end reads it", () => {
  const WORD_MATCH = 0.4; // the front end shows "Sugerencia" below this

  it("is exactly 1 for an exact SKU or barcode, and below 1 for everything else", async () => {
    const product = await createProduct(db.sql, {
      sku: "CAF-COPA-250",
      name: "Café Copacabana 250 g",
      barcode: "7771000250001",
    });
    const other = await createProduct(db.sql, { name: "Café CAF-COPA-250 a granel" });
    for (const term of ["CAF-COPA-250", "caf-copa-250", "7771000250001"]) {
      const results = await search({ search_term: term });
      expect(results[0], term).toMatchObject({ id: product.id, relevance: 1 });
      for (const row of results.slice(1)) expect(row.relevance, term).toBeLessThan(1);
    }
    const [word] = only(await search({ search_term: "cafe copacabana" }), product, other);
    expect(word?.relevance).toBeGreaterThanOrEqual(WORD_MATCH);
    expect(word?.relevance).toBeLessThan(1);
  });

  it("puts every word match in [0.4, 1): in the name, in the description, a stop word found whole", async () => {
    const named = await createProduct(db.sql, { name: "Mostaza Kris 200 g" });
    const described = await withDescription(
      await createProduct(db.sql, { name: "Salsa golf Kris 200 g" }),
      "Mayonesa con kétchup y un toque de mostaza",
    );
    const tea = await createProduct(db.sql, { name: "Té Hornimans verde 25 sobres" });
    const mustard = await search({ search_term: "mostaza" });
    const rows = [...only(mustard, named, described), ...only(await search({ search_term: "té" }), tea)];
    expect(rows.map((row) => row.id)).toEqual([named.id, described.id, tea.id]);
    for (const row of rows) {
      expect(row.relevance, row.name).toBeGreaterThanOrEqual(WORD_MATCH);
      expect(row.relevance, row.name).toBeLessThan(1);
    }
  });

  it("puts a typo-corrected guess in (0, 0.4), where the front end shows its 'Sugerencia' badge", async () => {
    const oil = await createProduct(db.sql, { name: "Aceite Sabrosa girasol 1 L" });
    const cookie = await createProduct(db.sql, { name: "Galleta Cuqui chocolate" });
    for (const [term, product] of [
      ["aciete sabrossa", oil],
      ["galeta cuquí", cookie],
    ] as const) {
      const [row] = only(await search({ search_term: term }), product);
      expect(row?.id, term).toBe(product.id);
      expect(row?.relevance, term).toBeGreaterThan(0);
      expect(row?.relevance, term).toBeLessThan(WORD_MATCH);
    }
  });

  it("scores one product as a word match when its words are typed right, and as a guess when one is misspelt", async () => {
    const right = await createProduct(db.sql, { name: "Detergente Ola limón 1 kg" });
    const [word] = only(await search({ search_term: "detergente ola" }), right);
    const [guess] = only(await search({ search_term: "detergnte ola" }), right);
    expect(word?.relevance).toBeGreaterThanOrEqual(WORD_MATCH);
    expect(guess?.relevance).toBeLessThan(WORD_MATCH);
  });
});

describe("search_products: the category's name", () => {
  it("finds the products of a category by its name, without accents ('lacteos' finds Lácteos), below name matches", async () => {
    const dairy = await createCategory(db.sql, "Lácteos");
    const yogurt = await createProduct(db.sql, { name: "Yogur Pil frutilla 1 L", categoryId: dairy.id });
    const cheese = await createProduct(db.sql, { name: "Queso criollo Chaqueño 500 g", categoryId: dairy.id });
    const dessert = await createProduct(db.sql, { name: "Postre lácteo Delizia vainilla", categoryId: null });
    const elsewhere = await createProduct(db.sql, { name: "Yogur de soya Ades 1 L", categoryId: null });
    for (const term of ["lacteos", "Lácteos", "LACTEO"]) {
      const results = await search({ search_term: term });
      const rows = only(results, yogurt, cheese, dessert, elsewhere);
      expect(
        rows.map((row) => row.id),
        term,
      ).toEqual([dessert.id, cheese.id, yogurt.id]);
      const [name, ...byCategory] = rows;
      for (const row of byCategory) {
        expect(row.relevance, term).toBeGreaterThanOrEqual(0.4);
        expect(row.relevance, term).toBeLessThan(name?.relevance ?? 0);
      }
      expectBestFirst(results);
    }
  });

  it("matches the category's name and the product's own words together: 'fiambres pil' is Pil in Fiambres", async () => {
    const cold = await createCategory(db.sql, "Lácteos y fiambres");
    const milk = await createProduct(db.sql, { name: "Leche Pil entera 946 ml", categoryId: cold.id });
    const butter = await createProduct(db.sql, { name: "Mantequilla Regia 200 g", categoryId: cold.id });
    const sameBrand = await createProduct(db.sql, { name: "Jugo Pil durazno 1 L", categoryId: null });
    const results = only(await search({ search_term: "fiambres pil" }), milk, butter, sameBrand);
    expect(results[0]?.id).toBe(milk.id);
    expect(results[0]?.relevance).toBeGreaterThanOrEqual(0.4);
    // Only "pil" is a word of its name: at most a suggestion.
    for (const row of results.slice(1)) expect([row.id, row.relevance < 0.4]).toEqual([sameBrand.id, true]);
  });

  it("leaves a deactivated product of the category out unless include_inactive is true", async () => {
    const pets = await createCategory(db.sql, "Mascotas felinas");
    const active = await createProduct(db.sql, { name: "Arena sanitaria 4 kg", categoryId: pets.id });
    const inactive = await createProduct(db.sql, { name: "Rascador de cartón", categoryId: pets.id, active: false });
    expect(only(await search({ search_term: "felinas" }), active, inactive).map((row) => row.id)).toEqual([active.id]);
    expect(
      only(await search({ search_term: "felinas", include_inactive: true }), active, inactive).map((row) => row.id),
    ).toEqual([active.id, inactive.id]);
  });
});

describe("search_products: cost prices are for managers and admins", () => {
  it("returns cost_price to managers, admins and the service role, and null to staff and viewers", async () => {
    const product = await createProduct(db.sql, { name: "Chocolate Breick amargo 100 g", costPrice: "7.35" });
    const costFor = async (actor: Actor) =>
      only(await search({ search_term: "breick amargo" }, actor), product).map((row) => row.cost_price);
    expect(await costFor(users.manager)).toEqual(["7.35"]);
    expect(await costFor(users.admin)).toEqual(["7.35"]);
    expect(await costFor(serviceRole)).toEqual(["7.35"]);
    expect(await costFor(users.staff)).toEqual([null]);
    expect(await costFor(users.viewer)).toEqual([null]);
  });
});

describe("search_products: what it returns", () => {
  it("returns the product row with its category as {id, name, description} and a relevance number (to a manager, with the cost price)", async () => {
    const category = await createCategory(db.sql, "Chocolates y confites");
    await db.sql`update public.categories set description = 'Barras, bombones y caramelos' where id = ${category.id}`;
    const product = await createProduct(db.sql, {
      name: "Chocolate Para Ti en barra 100 g",
      categoryId: category.id,
      unitPrice: "10.50",
      costPrice: "7.20",
      minStock: 6,
      stock: 14,
    });
    const [row] = only(await search({ search_term: "Para Ti" }, users.manager), product);
    expect(row).toEqual({
      id: product.id,
      sku: product.sku,
      barcode: null,
      name: "Chocolate Para Ti en barra 100 g",
      description: null,
      category_id: category.id,
      category: { id: category.id, name: "Chocolates y confites", description: "Barras, bombones y caramelos" },
      unit_price: "10.50",
      cost_price: "7.20",
      current_stock: 14,
      min_stock_level: 6,
      is_active: true,
      created_at: expect.any(Date),
      updated_at: expect.any(Date),
      relevance: expect.any(Number),
    });
    expect(row?.relevance).toBeGreaterThan(0);
  });

  it("returns a null category for a product without one", async () => {
    const product = await createProduct(db.sql, { name: "Pan de molde integral", categoryId: null });
    expect(only(await search({ search_term: "pan de molde" }), product)[0]?.category).toBeNull();
  });

  it.each([
    ["an empty string", ""],
    ["spaces", "   "],
    ["tabs and new lines", "\t\n "],
    ["null", null],
    ["punctuation only", "¿¡!?-–/.,;:()"],
  ])("returns nothing for %s", async (_label, term) => {
    await createProduct(db.sql, { name: "Azúcar rubia 1 kg" });
    expect(await search({ search_term: term })).toEqual([]);
  });

  it("leaves deactivated products out unless include_inactive is true", async () => {
    const active = await createProduct(db.sql, { name: "Gaseosa Simba piña 2 L" });
    const inactive = await createProduct(db.sql, { name: "Gaseosa Simba papaya 2 L", active: false });
    const found = (rows: SearchRow[]) => only(rows, active, inactive).map((row) => [row.id, row.is_active]);
    expect(found(await search({ search_term: "simba" }))).toEqual([[active.id, true]]);
    expect(found(await search({ search_term: "simba", include_inactive: false }))).toEqual([[active.id, true]]);
    expect(found(await search({ search_term: "simba", include_inactive: null }))).toEqual([[active.id, true]]);
    expect(found(await search({ search_term: "simba", include_inactive: true }))).toEqual(
      expect.arrayContaining([
        [active.id, true],
        [inactive.id, false],
      ]),
    );
    expect(found(await search({ search_term: inactive.sku, include_inactive: true }))[0]).toEqual([inactive.id, false]);
    expect(found(await search({ search_term: inactive.sku })).map(([id]) => id)).not.toContain(inactive.id);
  });
});

describe("search_products: result_limit", () => {
  beforeAll(async () => {
    // 105 candles, more than the largest page.
    await db.sql`
      insert into public.products (sku, name, unit_price)
      select 'VELA-' || i, 'Vela aromática de lavanda N° ' || i, 4.50 from generate_series(1, 105) as i
    `;
  });

  it.each([
    [2, 2],
    [1, 1],
    [20, 20],
    [100, 100],
  ])("returns at most result_limit = %s rows (%s)", async (limit, expected) => {
    expect(await search({ search_term: "vela", result_limit: limit })).toHaveLength(expected);
  });

  it("returns 20 rows when result_limit is omitted or null", async () => {
    expect(await search({ search_term: "vela" })).toHaveLength(20);
    expect(await search({ search_term: "vela", result_limit: null })).toHaveLength(20);
  });

  it.each([
    [0, 1],
    [-5, 1],
    [101, 100],
    [1_000_000, 100],
  ])("clamps result_limit = %s to %s row(s)", async (limit, expected) => {
    expect(await search({ search_term: "vela", result_limit: limit })).toHaveLength(expected);
  });

  it("returns a page that is the top of the full, best-first ranking", async () => {
    const all = await search({ search_term: "vela 10", result_limit: 100 });
    const top = await search({ search_term: "vela 10", result_limit: 5 });
    expectBestFirst(all);
    expect(top.map((row) => row.id)).toEqual(all.slice(0, 5).map((row) => row.id));
  });
});

describe("search_products: who may search", () => {
  it("answers a viewer, staff, managers, admins and the service role alike", async () => {
    const product = await createProduct(db.sql, { name: "Mantequilla Regia 200 g" });
    for (const actor of [users.viewer, users.staff, users.manager, users.admin, serviceRole]) {
      expect(only(await search({ search_term: "mantequilla" }, actor), product)).toHaveLength(1);
    }
  });

  it("finds nothing for a signed-in user without a role (row level security)", async () => {
    await createProduct(db.sql, { name: "Queso menonita 1 kg" });
    expect(await search({ search_term: "queso" }, users.noRole)).toEqual([]);
  });

  it("is not executable by anon: permission denied (42501, HTTP 401)", async () => {
    const error = await failureOf(rpcAs(db.sql, anon, "search_products", { search_term: "queso" }), {
      anonymous: true,
    });
    expect(error).toMatchObject({ status: 401, code: "42501" });
  });
});
