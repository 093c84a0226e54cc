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

const exit = "register_stock_exit";

describe("register_stock_exit: stock leaving other than by sale", () => {
  it("removes the quantity from the stock and returns the movement it wrote, stamped with the caller and the time", async () => {
    const product = await createProduct(db.sql, { name: "Huevos de granja (maple de 30)", stock: 10 });
    const before = await databaseNow(db.sql);
    const movement = await rpcAs<Movement>(db.sql, users.manager, exit, {
      product_id: product.id,
      quantity: 4,
      reason: "LOSS",
      notes: "Se rompieron al descargar",
    });
    const after = await databaseNow(db.sql);

    expect(movement).toMatchObject({
      product_id: product.id,
      movement_type: "EXIT",
      quantity: 4,
      reason: "LOSS",
      notes: "Se rompieron al descargar",
      reference_id: null,
      previous_stock: 10,
      new_stock: 6,
      created_by: users.manager.id,
    });
    expect(movement.created_at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(movement.created_at.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(await stockOf(db.sql, product.id)).toBe(6);
    const ledger = await movementsOf(db.sql, product.id);
    expect(ledger.at(-1)).toEqual(movement);
    expect(BigInt(movement.seq)).toBeGreaterThan(BigInt(ledger[0]?.seq ?? "0"));
  });

  it("defaults the reason to DAMAGE when it is omitted", async () => {
    const product = await createProduct(db.sql, { name: "Yogur Pil frutilla 1 L", stock: 3 });
    const movement = await rpcAs<Movement>(db.sql, users.manager, exit, { product_id: product.id, quantity: 1 });
    expect(movement).toMatchObject({ reason: "DAMAGE", notes: null, previous_stock: 3, new_stock: 2 });
  });

  it.each(["DAMAGE", "LOSS", "INTERNAL_USE", "OTHER"])("accepts the exit reason %s", async (reason) => {
    const product = await createProduct(db.sql, { stock: 5 });
    const movement = await rpcAs<Movement>(db.sql, users.manager, exit, {
      product_id: product.id,
      quantity: 2,
      reason,
    });
    expect(movement.reason).toBe(reason);
    expect(await stockOf(db.sql, product.id)).toBe(3);
  });

  it("can take the whole stock, down to exactly zero", async () => {
    const product = await createProduct(db.sql, { stock: 7 });
    const movement = await rpcAs<Movement>(db.sql, users.manager, exit, { product_id: product.id, quantity: 7 });
    expect(movement).toMatchObject({ previous_stock: 7, new_stock: 0 });
    expect(await stockOf(db.sql, product.id)).toBe(0);
  });

  it("records the document it comes from as free text in reference (e.g. the internal-use voucher)", async () => {
    const product = await createProduct(db.sql, { stock: 2 });
    const movement = await rpcAs<Movement>(db.sql, users.manager, exit, {
      product_id: product.id,
      quantity: 1,
      reason: "INTERNAL_USE",
      reference: "  Vale de consumo interno 17 ",
    });
    expect(movement).toMatchObject({ reference: "Vale de consumo interno 17", reference_id: null });
  });

  it("is allowed to managers, admins and the service role", async () => {
    const product = await createProduct(db.sql, { stock: 9 });
    for (const actor of [users.manager, users.admin, serviceRole]) {
      await rpcAs<Movement>(db.sql, actor, exit, { product_id: product.id, quantity: 3 });
    }
    expect(await stockOf(db.sql, product.id)).toBe(0);
  });
});

describe("register_stock_exit never takes the stock below zero", () => {
  it("refuses to take more than the stock with INSUFFICIENT_STOCK (409), saying how much was asked and how much there is", async () => {
    const product = await createProduct(db.sql, { name: "Aceite Fino 900 ml", stock: 5 });
    const error = await refusedRpc(db.sql, users.manager, exit, { product_id: product.id, quantity: 6 });
    expect(error).toMatchObject({ status: 409, code: "PT409", message: "INSUFFICIENT_STOCK" });
    expect(hintOf(error)).toEqual({ product_id: product.id, sku: product.sku, requested: 6, available: 5 });
    expect(error.details).toContain(product.sku);
    expect(await stockOf(db.sql, product.id)).toBe(5);
  });

  it("refuses any exit from a product that is out of stock (available 0)", async () => {
    const product = await createProduct(db.sql);
    const error = await refusedRpc(db.sql, users.manager, exit, { product_id: product.id, quantity: 1 });
    expect(error.message).toBe("INSUFFICIENT_STOCK");
    expect(hintOf(error)).toMatchObject({ requested: 1, available: 0 });
  });
});
