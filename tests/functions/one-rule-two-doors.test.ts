import { beforeAll, describe, expect, it } from "vitest";
import { rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, type ProductFixture } from "../helpers/fixtures.ts";
import { postJson, read, useInProcessApps, useUsers, writesNothing } from "./support.ts";

/**
 * One rule, one place: a sale's rules live in create_sale and cancel_sale, so
 * the same bad input answers the same code and HTTP status whether it comes
 * through PostgREST (`POST /rpc/create_sale`) or through `POST /sales`, and
 * writes nothing either way.
 */

const db = useTestDatabase();
const apps = useInProcessApps(db);
const users = useUsers(db);
let product: ProductFixture;
let other: ProductFixture;
let inactive: ProductFixture;
let saleId: string;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 5, unitPrice: "8.00" });
  other = await createProduct(db.sql, { stock: 5 });
  inactive = await createProduct(db.sql, { stock: 5, active: false });
  const sale = await rpcAs<{ id: string }>(db.sql, users.staff, "create_sale", {
    items: [{ product_id: other.id, quantity: 1 }],
  });
  saleId = sale.id;
});

const ok = () => ({ product_id: other.id, quantity: 1 });

/** The code and status of one door's answer. */
async function throughPostgrest(name: string, args: Record<string, unknown>, actor = users.staff) {
  const failure = await failureOf(rpcAs(db.sql, actor, name, args));
  return { status: failure.status, code: failure.message };
}

async function throughFunction(path: string, body: unknown, actor = users.staff) {
  const { status, body: envelope } = await read(await postJson(apps.sales, path, body, { as: actor }));
  return { status, code: envelope.error?.code };
}

describe("create_sale through both doors", () => {
  const cases: [string, () => Record<string, unknown>, string][] = [
    ["quantity 0", () => ({ items: [ok(), { product_id: product.id, quantity: 0 }] }), "INVALID_QUANTITY"],
    ["quantity -1", () => ({ items: [{ product_id: product.id, quantity: -1 }] }), "INVALID_QUANTITY"],
    ["quantity 1.5", () => ({ items: [{ product_id: product.id, quantity: 1.5 }] }), "INVALID_QUANTITY"],
    ["quantity as a string", () => ({ items: [{ product_id: product.id, quantity: "2" }] }), "INVALID_QUANTITY"],
    ["quantity missing", () => ({ items: [{ product_id: product.id }] }), "INVALID_QUANTITY"],
    [
      "quantity over 1,000,000",
      () => ({ items: [{ product_id: product.id, quantity: 1_000_001 }] }),
      "INVALID_QUANTITY",
    ],
    ["no lines", () => ({ items: [] }), "EMPTY_SALE"],
    ["101 lines", () => ({ items: Array.from({ length: 101 }, ok) }), "VALIDATION_ERROR"],
    ["a line that is not an object", () => ({ items: [7] }), "VALIDATION_ERROR"],
    ["an unknown key in a line", () => ({ items: [{ ...ok(), price: 1 }] }), "VALIDATION_ERROR"],
    ["a product id that is not a UUID", () => ({ items: [{ product_id: "x", quantity: 1 }] }), "VALIDATION_ERROR"],
    ["both product_id and sku", () => ({ items: [{ ...ok(), sku: other.sku }] }), "VALIDATION_ERROR"],
    ["a malformed SKU", () => ({ items: [{ sku: "A B", quantity: 1 }] }), "VALIDATION_ERROR"],
    ["an unknown product", () => ({ items: [{ product_id: crypto.randomUUID(), quantity: 1 }] }), "PRODUCT_NOT_FOUND"],
    ["an unknown SKU", () => ({ items: [{ sku: "NO-SUCH-SKU", quantity: 1 }] }), "PRODUCT_NOT_FOUND"],
    ["an inactive product", () => ({ items: [{ product_id: inactive.id, quantity: 1 }] }), "PRODUCT_INACTIVE"],
    ["more than the stock", () => ({ items: [{ product_id: product.id, quantity: 6 }] }), "INSUFFICIENT_STOCK"],
    ["a product on two lines", () => ({ items: [ok(), ok()] }), "DUPLICATE_SALE_LINE"],
    ["a product by id and by SKU", () => ({ items: [ok(), { sku: other.sku, quantity: 1 }] }), "DUPLICATE_SALE_LINE"],
    ["a negative unit price", () => ({ items: [{ ...ok(), unit_price: -1 }] }), "INVALID_PRICE"],
    ["a price with 3 decimals", () => ({ items: [{ ...ok(), unit_price: 1.005 }] }), "INVALID_PRICE"],
    ["a price change by staff", () => ({ items: [{ ...ok(), unit_price: 1 }] }), "PRICE_OVERRIDE_FORBIDDEN"],
    ["a line discount above the line", () => ({ items: [{ ...ok(), discount: 99 }] }), "DISCOUNT_EXCEEDS_AMOUNT"],
    ["a negative sale discount", () => ({ items: [ok()], discount: -1 }), "INVALID_PRICE"],
    ["a sale discount above the subtotal", () => ({ items: [ok()], discount: 999 }), "DISCOUNT_EXCEEDS_AMOUNT"],
    ["a line discount by staff", () => ({ items: [{ ...ok(), discount: 1 }] }), "DISCOUNT_NOT_ALLOWED"],
    ["a sale discount by staff", () => ({ items: [ok()], discount: 1 }), "DISCOUNT_NOT_ALLOWED"],
    ["a tax rate other than the store's, by staff", () => ({ items: [ok()], tax_rate: 13 }), "TAX_OVERRIDE_FORBIDDEN"],
    ["a tax rate of 101", () => ({ items: [ok()], tax_rate: 101 }), "VALIDATION_ERROR"],
    ["an unknown payment method", () => ({ items: [ok()], payment_method: "BITCOIN" }), "VALIDATION_ERROR"],
    ["notes over 500 characters", () => ({ items: [ok()], notes: "n".repeat(501) }), "VALIDATION_ERROR"],
    ["an empty idempotency key", () => ({ items: [ok()], idempotency_key: "" }), "VALIDATION_ERROR"],
  ];

  it.each(cases)("%s: the same code from PostgREST and from POST /sales", async (_name, body, code) => {
    await writesNothing(db.sql, async () => {
      const rpc = await throughPostgrest("create_sale", body());
      const fn = await throughFunction("/sales", body());
      expect(rpc.code).toBe(code);
      expect(fn).toEqual(rpc);
    });
  });

  it("a viewer is FORBIDDEN through both", async () => {
    const rpc = await throughPostgrest("create_sale", { items: [ok()] }, users.viewer);
    expect(rpc).toEqual({ status: 403, code: "FORBIDDEN" });
    expect(await throughFunction("/sales", { items: [ok()] }, users.viewer)).toEqual(rpc);
  });
});

describe("cancel_sale through both doors", () => {
  it.each([
    ["an empty reason", ""],
    ["a reason of spaces", "   "],
    ["a no-break space", "\u00a0"],
    ["a zero-width space", "\u200b"],
    ["a reason over 500 characters", "r".repeat(501)],
  ])("%s: VALIDATION_ERROR from both", async (_name, reason) => {
    await writesNothing(db.sql, async () => {
      const rpc = await throughPostgrest("cancel_sale", { sale_id: saleId, reason }, users.manager);
      const fn = await throughFunction(`/sales/${saleId}/cancel`, { reason }, users.manager);
      expect(rpc).toEqual({ status: 400, code: "VALIDATION_ERROR" });
      expect(fn).toEqual(rpc);
    });
  });

  it("an unknown sale is SALE_NOT_FOUND from both", async () => {
    const missing = crypto.randomUUID();
    const rpc = await throughPostgrest("cancel_sale", { sale_id: missing, reason: "error" }, users.manager);
    expect(rpc).toEqual({ status: 404, code: "SALE_NOT_FOUND" });
    expect(await throughFunction(`/sales/${missing}/cancel`, { reason: "error" }, users.manager)).toEqual(rpc);
  });
});
