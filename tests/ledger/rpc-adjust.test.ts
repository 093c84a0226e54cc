import { describe, expect, it } from "vitest";
import { rpcAs, serviceRole } from "../helpers/act.ts";
import { databaseNow, useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import {
  createProduct,
  expectHealthyLedgerAfterEach,
  type Movement,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { movementsOf, refusedRpc } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);

const adjust = "adjust_stock";

describe("adjust_stock: the shelf count becomes the stock", () => {
  it("sets a lower counted stock and returns the movement, whose quantity is the size of the correction", async () => {
    const product = await createProduct(db.sql, { name: "Fideo Lazzaroni tallarín 400 g", stock: 20 });
    const before = await databaseNow(db.sql);
    const movement = await rpcAs<Movement>(db.sql, users.manager, adjust, {
      product_id: product.id,
      new_stock: 17,
      notes: "Conteo del sábado",
    });
    const after = await databaseNow(db.sql);

    expect(movement).toMatchObject({
      product_id: product.id,
      movement_type: "ADJUSTMENT",
      quantity: 3,
      reason: "COUNT_CORRECTION",
      notes: "Conteo del sábado",
      reference_id: null,
      previous_stock: 20,
      new_stock: 17,
      created_by: users.manager.id,
    });
    expect(movement.created_at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(movement.created_at.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(await stockOf(db.sql, product.id)).toBe(17);
    const ledger = await movementsOf(db.sql, product.id);
    expect(ledger.at(-1)).toEqual(movement);
    expect(BigInt(movement.seq)).toBeGreaterThan(BigInt(ledger[0]?.seq ?? "0"));
  });

  it("sets a higher counted stock the same way", async () => {
    const product = await createProduct(db.sql, { stock: 4 });
    const movement = await rpcAs<Movement>(db.sql, users.admin, adjust, { product_id: product.id, new_stock: 11 });
    expect(movement).toMatchObject({ quantity: 7, previous_stock: 4, new_stock: 11, created_by: users.admin.id });
    expect(await stockOf(db.sql, product.id)).toBe(11);
  });

  it("records a count that confirms the stock as a movement of quantity 0", async () => {
    const product = await createProduct(db.sql, { stock: 9 });
    const movement = await rpcAs<Movement>(db.sql, users.manager, adjust, { product_id: product.id, new_stock: 9 });
    expect(movement).toMatchObject({ quantity: 0, previous_stock: 9, new_stock: 9 });
    expect(await movementsOf(db.sql, product.id)).toHaveLength(2);
  });

  it("accepts a count of zero and the largest count, 1,000,000", async () => {
    const product = await createProduct(db.sql, { stock: 6 });
    await rpcAs<Movement>(db.sql, users.manager, adjust, { product_id: product.id, new_stock: 0 });
    expect(await stockOf(db.sql, product.id)).toBe(0);
    await rpcAs<Movement>(db.sql, users.manager, adjust, { product_id: product.id, new_stock: 1_000_000 });
    expect(await stockOf(db.sql, product.id)).toBe(1_000_000);
  });

  it.each(["COUNT_CORRECTION", "OTHER"])("accepts the adjustment reason %s", async (reason) => {
    const product = await createProduct(db.sql, { stock: 2 });
    const movement = await rpcAs<Movement>(db.sql, users.manager, adjust, {
      product_id: product.id,
      new_stock: 1,
      reason,
    });
    expect(movement.reason).toBe(reason);
  });

  it("applies the count when expected_stock is what the stock still is", async () => {
    const product = await createProduct(db.sql, { stock: 15 });
    const movement = await rpcAs<Movement>(db.sql, users.manager, adjust, {
      product_id: product.id,
      new_stock: 14,
      expected_stock: 15,
    });
    expect(movement).toMatchObject({ previous_stock: 15, new_stock: 14 });
  });

  it("is allowed to the service role, which records no user as creator", async () => {
    const product = await createProduct(db.sql, { stock: 2 });
    const movement = await rpcAs<Movement>(db.sql, serviceRole, adjust, { product_id: product.id, new_stock: 5 });
    expect(movement.created_by).toBeNull();
  });
});

describe("adjust_stock never overwrites a change it did not see", () => {
  it("refuses with STOCK_CHANGED (409) when stock moved between the count and its recording, and keeps that change", async () => {
    const product = await createProduct(db.sql, { name: "Leche Pil entera 1 L", stock: 10 });
    // The manager starts counting while the system says 10 ...
    const seenWhenCounting = await stockOf(db.sql, product.id);
    // ... meanwhile a delivery of 5 is received at the back door ...
    await rpcAs(db.sql, users.staff, "register_stock_entry", { product_id: product.id, quantity: 5 });
    // ... and the count of 10 on the shelf would silently erase it.
    const error = await refusedRpc(db.sql, users.manager, adjust, {
      product_id: product.id,
      new_stock: 10,
      expected_stock: seenWhenCounting,
    });
    expect(error).toMatchObject({ status: 409, code: "PT409", message: "STOCK_CHANGED" });
    expect(hintOf(error)).toEqual({ product_id: product.id, expected_stock: 10, current_stock: 15 });
    expect(await stockOf(db.sql, product.id)).toBe(15);
  });
});
