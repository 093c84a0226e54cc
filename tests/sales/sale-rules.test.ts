import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";
import { createSale, expectLineError, refusedSale } from "./support.ts";

/**
 * What a cashier may decide alone: the list price, the store's tax rate, and
 * discounts up to store_settings.max_staff_discount_percent (0 unless a
 * manager sets it). Anything beyond is a manager's, whatever the door.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
let product: ProductFixture;
let other: ProductFixture;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 1000, unitPrice: "10.00" });
  other = await createProduct(db.sql, { stock: 1000, unitPrice: "4.00" });
});

afterEach(async () => {
  await db.sql`update public.store_settings set max_staff_discount_percent = 0, default_tax_rate = 0`;
});

expectHealthyLedgerAfterEach(db);

const setLimit = (percent: number) => db.sql`update public.store_settings set max_staff_discount_percent = ${percent}`;

describe("discounts: a manager's decision beyond the store's limit for staff", () => {
  it("by default (0 %) staff may give no discount at all: not on a line, not on the sale", async () => {
    const onLine = await refusedSale(db.sql, users.staff, {
      items: [
        { product_id: other.id, quantity: 1 },
        { product_id: product.id, quantity: 6, discount: 60 },
      ],
    });
    expectLineError(onLine, { message: "DISCOUNT_NOT_ALLOWED", status: 403, line: 2 });
    expect(hintOf(onLine)).toMatchObject({ field: "discount", max_staff_discount_percent: 0 });

    const onSale = await refusedSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1 }],
      discount: 0.01,
    });
    expect(onSale).toMatchObject({ message: "DISCOUNT_NOT_ALLOWED", status: 403 });
    expect(hintOf(onSale).field).toBe("discount");
  });

  it("staff may give up to the limit, exactly, and not a centavo more", async () => {
    await setLimit(10);
    // 3 × 10.00 = 30.00: 3.00 is 10 %; 3.01 is more.
    const atLimit = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 3, discount: 3 }],
    });
    expect(atLimit).toMatchObject({ subtotal: 27, line_discount: 3, total: 27 });
    const over = await refusedSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 3, discount: 3.01 }],
    });
    expectLineError(over, { message: "DISCOUNT_NOT_ALLOWED", status: 403, line: 1 });
    // The sale's own discount, as a share of the subtotal (here 27.00 after the line discount).
    const saleAtLimit = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 3, discount: 3 }],
      discount: 2.7,
    });
    expect(saleAtLimit).toMatchObject({ subtotal: 27, discount: 2.7, total: 24.3 });
    const saleOver = await refusedSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 3, discount: 3 }],
      discount: 2.71,
    });
    expect(saleOver).toMatchObject({ message: "DISCOUNT_NOT_ALLOWED", status: 403 });
  });

  it.each(["manager", "admin"] as const)("a %s may give any discount, the whole line included", async (role) => {
    const sale = await createSale(db.sql, users[role], {
      items: [
        { product_id: product.id, quantity: 10, discount: 100 },
        { product_id: other.id, quantity: 1 },
      ],
      discount: 4,
    });
    expect(sale).toMatchObject({ subtotal: 4, line_discount: 100, discount: 4, total: 0 });
  });
});

describe("the tax rate: the store's, unless a manager decides otherwise", () => {
  it("staff may state the store's rate, but no other", async () => {
    await db.sql`update public.store_settings set default_tax_rate = 13`;
    const same = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1 }],
      tax_rate: 13,
    });
    expect(same).toMatchObject({ tax_rate: 13, tax: 1.3, total: 11.3 });
    for (const rate of [0, 12.99, 100]) {
      const failure = await refusedSale(db.sql, users.staff, {
        items: [{ product_id: product.id, quantity: 1 }],
        tax_rate: rate,
      });
      expect(failure).toMatchObject({ message: "TAX_OVERRIDE_FORBIDDEN", status: 403 });
      expect(hintOf(failure)).toEqual({ field: "tax_rate", default_tax_rate: 13 });
    }
  });

  it("a manager may sell at another rate", async () => {
    const sale = await createSale(db.sql, users.manager, {
      items: [{ product_id: product.id, quantity: 1 }],
      tax_rate: 13,
    });
    expect(sale).toMatchObject({ tax_rate: 13, tax: 1.3 });
  });
});
