import { describe, expect, it } from "vitest";
import { type Actor, actAs, anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createCategory, createProduct, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

interface LowStockRow {
  id: string;
  sku: string;
  name: string;
  category_name: string | null;
  current_stock: number;
  min_stock_level: number;
  units_needed: number;
}

/** `GET /low_stock_products` as `actor` (a viewer unless told), in the view's own order. */
function lowStock(actor: Actor = users.viewer) {
  return actAs(db.sql, actor, (tx) => tx<LowStockRow[]>`select * from public.low_stock_products`, { readOnly: true });
}

/** The rows about `products`, in the view's order: the file's database is shared by its tests. */
function only(rows: LowStockRow[], ...products: ProductFixture[]) {
  const ids = new Set(products.map((product) => product.id));
  return rows.filter((row) => ids.has(row.id));
}

describe("low_stock_products", () => {
  it("lists a low product as exactly {id, sku, name, category_name, current_stock, min_stock_level, units_needed}", async () => {
    const category = await createCategory(db.sql, "Lácteos y derivados");
    const product = await createProduct(db.sql, {
      name: "Leche Pil deslactosada 1 L",
      categoryId: category.id,
      minStock: 12,
      stock: 5,
    });
    expect(only(await lowStock(), product)).toEqual([
      {
        id: product.id,
        sku: product.sku,
        name: "Leche Pil deslactosada 1 L",
        category_name: "Lácteos y derivados",
        current_stock: 5,
        min_stock_level: 12,
        units_needed: 7,
      },
    ]);
  });

  it("lists products below or exactly at their minimum, and not those above it", async () => {
    const below = await createProduct(db.sql, { name: "Arroz Urkupiña 1 kg", minStock: 10, stock: 3 });
    const atMinimum = await createProduct(db.sql, { name: "Fideo Don Vittorio 400 g", minStock: 10, stock: 10 });
    const above = await createProduct(db.sql, { name: "Harina Famosa 1 kg", minStock: 10, stock: 11 });
    const rows = only(await lowStock(), below, atMinimum, above);
    expect(rows.map((row) => [row.name, row.units_needed])).toEqual([
      ["Arroz Urkupiña 1 kg", 7],
      ["Fideo Don Vittorio 400 g", 0],
    ]);
  });

  it("leaves deactivated products out, even out of stock", async () => {
    const active = await createProduct(db.sql, { name: "Gaseosa Mendocina 2 L", minStock: 6 });
    const inactive = await createProduct(db.sql, { name: "Gaseosa Oriental 2 L", minStock: 6, active: false });
    expect(only(await lowStock(), active, inactive).map((row) => row.id)).toEqual([active.id]);
  });

  it("lists out-of-stock products first, then the largest shortfall, then by name", async () => {
    const category = await createCategory(db.sql, "Abarrotes del día");
    const make = (name: string, minStock: number, stock: number) =>
      createProduct(db.sql, { name, minStock, stock, categoryId: category.id });
    const smallShortfall = await make("Sal yodada Lobos 1 kg", 5, 4); // needs 1
    const outSmall = await make("Azúcar Guabirá 1 kg", 2, 0); // out, needs 2
    const bigShortfall = await make("Aceite Fino 900 ml", 40, 10); // needs 30
    const outBig = await make("Huevo de granja (maple)", 20, 0); // out, needs 20
    const tieB = await make("Café Copacabana 250 g", 8, 3); // needs 5
    const tieA = await make("Cacao Breick 400 g", 8, 3); // needs 5
    const rows = only(await lowStock(), smallShortfall, outSmall, bigShortfall, outBig, tieB, tieA);
    expect(rows.map((row) => [row.name, row.current_stock, row.units_needed])).toEqual([
      ["Huevo de granja (maple)", 0, 20],
      ["Azúcar Guabirá 1 kg", 0, 2],
      ["Aceite Fino 900 ml", 10, 30],
      ["Cacao Breick 400 g", 3, 5],
      ["Café Copacabana 250 g", 3, 5],
      ["Sal yodada Lobos 1 kg", 4, 1],
    ]);
  });

  it("follows the ledger: an entry takes a product off the list and an exit puts it back", async () => {
    const product = await createProduct(db.sql, { name: "Atún Real en agua 170 g", minStock: 6, stock: 2 });
    expect(only(await lowStock(), product)).toHaveLength(1);
    await rpcAs(db.sql, users.staff, "register_stock_entry", { product_id: product.id, quantity: 10 });
    expect(only(await lowStock(), product)).toEqual([]);
    await rpcAs(db.sql, users.manager, "register_stock_exit", { product_id: product.id, quantity: 7 });
    expect(only(await lowStock(), product)).toMatchObject([{ current_stock: 5, units_needed: 1 }]);
  });

  it("gives a null category_name to a product without a category", async () => {
    const product = await createProduct(db.sql, { name: "Pan de molde blanco", minStock: 3, categoryId: null });
    expect(only(await lowStock(), product)).toMatchObject([{ category_name: null, units_needed: 3 }]);
  });
});

describe("low_stock_products: who may read it", () => {
  it("is readable by every role", async () => {
    const product = await createProduct(db.sql, { name: "Detergente Omo 1 kg", minStock: 4, stock: 1 });
    for (const actor of [users.viewer, users.staff, users.manager, users.admin]) {
      expect(only(await lowStock(actor), product)).toHaveLength(1);
    }
  });

  it("shows nothing to a signed-in user without a role (security invoker: the products' row level security applies)", async () => {
    await createProduct(db.sql, { name: "Jabón Bolívar pack de 3", minStock: 4 });
    expect(await lowStock(users.noRole)).toEqual([]);
  });

  it("is refused to anon: permission denied (42501, HTTP 401)", async () => {
    const error = await failureOf(lowStock(anon), { anonymous: true });
    expect(error).toMatchObject({ status: 401, code: "42501" });
  });
});
