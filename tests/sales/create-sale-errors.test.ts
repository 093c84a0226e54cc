import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";
import { createSale, expectLineError, parseSaleNumber, refusedSale, type Sale } from "./support.ts";

// Every refused sale is checked by refusedSale to have written nothing: no
// stock, movement, product, sale, sale item — and no sale number (the
// counter is compared too, and the last test proves the next sale gets the
// next number).

const db = useTestDatabase();
const users = useRoleUsers(db);
/** Plenty of stock, so only the line under test can fail. */
let plenty: ProductFixture;
let second: ProductFixture;
let firstSale: Sale;

beforeAll(async () => {
  plenty = await createProduct(db.sql, { name: "Fideo Lazzaroni 400 g", stock: 1000, unitPrice: "6.50" });
  second = await createProduct(db.sql, { name: "Azúcar Guabirá 1 kg", stock: 1000, unitPrice: "8.00" });
  firstSale = await createSale(db.sql, users.staff, { items: [{ product_id: plenty.id, quantity: 1 }] });
});

expectHealthyLedgerAfterEach(db);

const ok = () => ({ product_id: plenty.id, quantity: 1 });

describe("create_sale refuses a line it cannot sell, naming the line", () => {
  it("INSUFFICIENT_STOCK (409) says how much there is", async () => {
    const scarce = await createProduct(db.sql, { stock: 2 });
    const failure = await refusedSale(db.sql, users.staff, {
      items: [ok(), { product_id: second.id, quantity: 1 }, { product_id: scarce.id, quantity: 3 }],
    });
    expectLineError(failure, { message: "INSUFFICIENT_STOCK", status: 409, line: 3 });
    expect(hintOf(failure)).toMatchObject({ product_id: scarce.id, requested: 3, available: 2 });
    expect(failure.details).toContain("only 2 unit(s)");
  });

  it("INSUFFICIENT_STOCK for a product with no stock at all", async () => {
    const empty = await createProduct(db.sql, { stock: 0 });
    const failure = await refusedSale(db.sql, users.manager, { items: [{ product_id: empty.id, quantity: 1 }, ok()] });
    expectLineError(failure, { message: "INSUFFICIENT_STOCK", status: 409, line: 1 });
    expect(hintOf(failure)).toMatchObject({ requested: 1, available: 0 });
  });

  it("PRODUCT_NOT_FOUND (404) for an id no product has", async () => {
    const missing = crypto.randomUUID();
    const failure = await refusedSale(db.sql, users.staff, {
      items: [ok(), { product_id: second.id, quantity: 1 }, { product_id: missing, quantity: 1 }],
    });
    expectLineError(failure, { message: "PRODUCT_NOT_FOUND", status: 404, line: 3 });
    expect(hintOf(failure).product_id).toBe(missing);
  });

  it("PRODUCT_INACTIVE (409) for a deactivated product, even with stock", async () => {
    const inactive = await createProduct(db.sql, { stock: 10, active: false });
    const failure = await refusedSale(db.sql, users.staff, { items: [ok(), { product_id: inactive.id, quantity: 1 }] });
    expectLineError(failure, { message: "PRODUCT_INACTIVE", status: 409, line: 2 });
    expect(hintOf(failure)).toMatchObject({ product_id: inactive.id, sku: inactive.sku });
  });

  it.each([
    ["0", 0],
    ["negative", -1],
    ["fractional", 1.5],
    ["a string", "3"],
    ["null", null],
    ["missing", undefined],
    ["above 1,000,000", 1_000_001],
    ["a boolean", true],
    ["an object", { value: 1 }],
  ])("INVALID_QUANTITY (400) for a quantity that is %s", async (_name, quantity) => {
    const line: Record<string, unknown> = { product_id: second.id };
    if (quantity !== undefined) line.quantity = quantity;
    const failure = await refusedSale(db.sql, users.staff, { items: [ok(), line] });
    expectLineError(failure, { message: "INVALID_QUANTITY", status: 400, line: 2 });
    expect(hintOf(failure).field).toBe("quantity");
  });

  it("DUPLICATE_SALE_LINE (400) when a product is on two lines, however its id is written", async () => {
    const failure = await refusedSale(db.sql, users.staff, {
      items: [ok(), { product_id: second.id, quantity: 1 }, { product_id: plenty.id.toUpperCase(), quantity: 2 }],
    });
    expectLineError(failure, { message: "DUPLICATE_SALE_LINE", status: 400, line: 3 });
    expect(hintOf(failure).product_id).toBe(plenty.id.toUpperCase());
  });

  it("DISCOUNT_EXCEEDS_AMOUNT (400) for a line discount larger than quantity × price", async () => {
    // 2 × 8.00 = 16.00: 16.00 is allowed (a line given away), 16.01 is not.
    const failure = await refusedSale(db.sql, users.staff, {
      items: [ok(), { product_id: second.id, quantity: 2, discount: 16.01 }],
    });
    expectLineError(failure, { message: "DISCOUNT_EXCEEDS_AMOUNT", status: 400, line: 2 });
    expect(hintOf(failure).field).toBe("discount");
  });

  it.each([
    ["a negative unit_price", { unit_price: -1 }, "unit_price"],
    ["a unit_price with 3 decimals", { unit_price: 6.505 }, "unit_price"],
    ["a unit_price given as a string", { unit_price: "6.50" }, "unit_price"],
    ["a unit_price too large", { unit_price: 10_000_000_000 }, "unit_price"],
    ["a negative line discount", { discount: -0.01 }, "discount"],
    ["a line discount with 3 decimals", { discount: 0.001 }, "discount"],
    ["a line discount given as a string", { discount: "1" }, "discount"],
  ])("INVALID_PRICE (400) for %s", async (_name, extra, field) => {
    // Even a manager, who may set prices: the amount itself is malformed.
    const failure = await refusedSale(db.sql, users.manager, {
      items: [ok(), { product_id: second.id, quantity: 1, ...extra }],
    });
    expectLineError(failure, { message: "INVALID_PRICE", status: 400, line: 2 });
    expect(hintOf(failure).field).toBe(field);
  });

  it.each([
    ["a number", 5],
    ["a string", "x"],
    ["an array", [1]],
    ["null", null],
  ])("VALIDATION_ERROR (400) for a line that is %s", async (_name, line) => {
    const failure = await refusedSale(db.sql, users.staff, { items: [ok(), line] });
    expectLineError(failure, { message: "VALIDATION_ERROR", status: 400, line: 2 });
  });

  it("VALIDATION_ERROR (400) for an unknown key in a line", async () => {
    const failure = await refusedSale(db.sql, users.staff, {
      items: [ok(), { product_id: second.id, quantity: 1, price: 1 }],
    });
    expectLineError(failure, { message: "VALIDATION_ERROR", status: 400, line: 2 });
  });

  it.each([
    ["not a uuid", "abc"],
    ["a number", 123],
    ["null", null],
    ["missing", undefined],
    ["a uuid with a stray character", `${crypto.randomUUID()}x`],
  ])("VALIDATION_ERROR (400) for a product_id that is %s", async (_name, productId) => {
    const line: Record<string, unknown> = { quantity: 1 };
    if (productId !== undefined) line.product_id = productId;
    const failure = await refusedSale(db.sql, users.staff, { items: [ok(), line] });
    expectLineError(failure, { message: "VALIDATION_ERROR", status: 400, line: 2 });
    expect(hintOf(failure).field).toBe("product_id");
  });
});

describe("create_sale refuses a malformed sale as a whole", () => {
  it.each([
    ["an object", { product_id: "x", quantity: 1 }],
    ["a string", "items"],
    ["a number", 3],
    ["null", null],
  ])("VALIDATION_ERROR (400) when items is %s", async (_name, items) => {
    const failure = await refusedSale(db.sql, users.staff, { items });
    expect(failure).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    expect(hintOf(failure).field).toBe("items");
  });

  it("EMPTY_SALE (400) for no lines", async () => {
    const failure = await refusedSale(db.sql, users.staff, { items: [] });
    expect(failure).toMatchObject({ message: "EMPTY_SALE", status: 400 });
  });

  it("VALIDATION_ERROR (400) for more than 100 lines (and accepts 100)", async () => {
    const products = await Promise.all(Array.from({ length: 101 }, () => createProduct(db.sql, { stock: 1 })));
    const lines = products.map((product) => ({ product_id: product.id, quantity: 1 }));
    const failure = await refusedSale(db.sql, users.staff, { items: lines });
    expect(failure).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    expect(failure.details).toContain("at most 100 lines");
    const sale = await createSale(db.sql, users.staff, { items: lines.slice(0, 100) });
    expect(sale.items).toHaveLength(100);
  });

  it.each([
    ["unknown", "BITCOIN"],
    ["empty", ""],
    ["null", null],
  ])("VALIDATION_ERROR (400) for a payment method that is %s", async (_name, method) => {
    const failure = await refusedSale(db.sql, users.staff, { items: [ok()], payment_method: method });
    expect(failure).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    expect(hintOf(failure).field).toBe("payment_method");
  });

  it.each([-1, 100.01, 13.005])("VALIDATION_ERROR (400) for the tax rate %s", async (rate) => {
    const failure = await refusedSale(db.sql, users.staff, { items: [ok()], tax_rate: rate });
    expect(failure).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    expect(hintOf(failure).field).toBe("tax_rate");
  });

  it("VALIDATION_ERROR (400) for notes over 500 characters (500 are fine)", async () => {
    const failure = await refusedSale(db.sql, users.staff, { items: [ok()], notes: "n".repeat(501) });
    expect(failure).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    expect(hintOf(failure).field).toBe("notes");
    const sale = await createSale(db.sql, users.staff, { items: [ok()], notes: "n".repeat(500) });
    expect(sale.notes).toHaveLength(500);
  });

  it.each([
    ["empty", ""],
    ["over 200 characters", "k".repeat(201)],
  ])("VALIDATION_ERROR (400) for an idempotency key that is %s", async (_name, key) => {
    const failure = await refusedSale(db.sql, users.staff, { items: [ok()], idempotency_key: key });
    expect(failure).toMatchObject({ message: "VALIDATION_ERROR", status: 400 });
    expect(hintOf(failure).field).toBe("idempotency_key");
  });

  it.each([
    ["negative", -1],
    ["with 3 decimals", 0.005],
  ])("INVALID_PRICE (400) for a sale discount that is %s", async (_name, discount) => {
    const failure = await refusedSale(db.sql, users.staff, { items: [ok()], discount });
    expect(failure).toMatchObject({ message: "INVALID_PRICE", status: 400 });
    expect(hintOf(failure).field).toBe("discount");
  });

  it("DISCOUNT_EXCEEDS_AMOUNT (400) for a sale discount larger than the subtotal", async () => {
    // 6.50 + 2 × 8.00 − 1.00 = 21.50 (a manager: a discount is theirs to give)
    const failure = await refusedSale(db.sql, users.manager, {
      items: [ok(), { product_id: second.id, quantity: 2, discount: 1 }],
      discount: 21.51,
    });
    expect(failure).toMatchObject({ message: "DISCOUNT_EXCEEDS_AMOUNT", status: 400 });
    expect(hintOf(failure)).toMatchObject({ field: "discount", subtotal: 21.5 });
  });

  it("INVALID_PRICE (400) naming the line when a line's amount does not fit in an amount (9,999,999,999.99)", async () => {
    const pricey = await createProduct(db.sql, { stock: 1_000_000, unitPrice: "10000.00", costPrice: "1.00" });
    const failure = await refusedSale(db.sql, users.staff, {
      items: [ok(), { product_id: pricey.id, quantity: 1_000_000 }],
    });
    expectLineError(failure, { message: "INVALID_PRICE", status: 400, line: 2 });
  });

  it("INVALID_PRICE (400) when the sale's total does not fit in an amount", async () => {
    const pricey = await createProduct(db.sql, { stock: 1_000_000, unitPrice: "10000.00", costPrice: "1.00" });
    const alsoPricey = await createProduct(db.sql, { stock: 1_000_000, unitPrice: "10000.00", costPrice: "1.00" });
    // Each line is 9,999,990,000.00 (it fits); together they do not.
    const lines = [pricey, alsoPricey].map((product) => ({ product_id: product.id, quantity: 999_999 }));
    const failure = await refusedSale(db.sql, users.staff, { items: lines });
    expect(failure).toMatchObject({ message: "INVALID_PRICE", status: 400 });
    // One line fits, but 13% tax on it does not.
    const taxed = await refusedSale(db.sql, users.manager, { items: lines.slice(0, 1), tax_rate: 13 });
    expect(taxed).toMatchObject({ message: "INVALID_PRICE", status: 400 });
  });
});

describe("create_sale is for staff and above", () => {
  it.each(["viewer", "noRole"] as const)("FORBIDDEN (403) for a %s", async (who) => {
    const failure = await refusedSale(db.sql, users[who], { items: [ok()] });
    expect(failure).toMatchObject({ message: "FORBIDDEN", status: 403 });
  });

  it("42501 (401) for anon, who may not even call it", async () => {
    const failure = await refusedSale(db.sql, anon, { items: [ok()] }, { anonymous: true });
    expect(failure).toMatchObject({ code: "42501", status: 401 });
  });

  it("checks the role before anything else: a viewer learns nothing about the products", async () => {
    const failure = await refusedSale(db.sql, users.viewer, {
      items: [{ product_id: crypto.randomUUID(), quantity: 0 }],
    });
    expect(failure.message).toBe("FORBIDDEN");
  });
});

describe("a refused sale does not consume a sale number", () => {
  afterAll(async () => {
    // Runs after every refusal above (this file's tests run in order).
    const next = await createSale(db.sql, users.staff, { items: [ok()] });
    const sales = await db.sql<{ sale_number: string }[]>`
      select sale_number from public.sales order by sale_year, sale_sequence
    `;
    const sequences = sales.map((sale) => parseSaleNumber(sale.sale_number).sequence);
    const first = parseSaleNumber(firstSale.sale_number).sequence;
    expect(sequences).toEqual(sequences.map((_, index) => first + index));
    expect(parseSaleNumber(next.sale_number).sequence).toBe(first + sequences.length - 1);
  });

  it("the next successful sale takes the next number", async () => {
    const before = await createSale(db.sql, users.staff, { items: [ok()] });
    for (const items of [
      [],
      [{ product_id: crypto.randomUUID(), quantity: 1 }],
      [{ product_id: plenty.id, quantity: 0 }],
    ]) {
      await refusedSale(db.sql, users.staff, { items });
    }
    await refusedSale(db.sql, users.staff, { items: [{ product_id: plenty.id, quantity: 1_000_000 }] });
    const after = await createSale(db.sql, users.staff, { items: [ok()] });
    const { year, sequence } = parseSaleNumber(before.sale_number);
    expect(parseSaleNumber(after.sale_number)).toEqual({ year, sequence: sequence + 1 });
    const [counter] = await db.sql`select last_value from private.sale_number_counters where year = ${year}`;
    expect(counter).toEqual({ last_value: sequence + 1 });
    expect(await rpcAs(db.sql, users.staff, "get_sale", { sale_id: after.id })).toEqual(after);
  });
});
