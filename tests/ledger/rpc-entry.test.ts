import { describe, expect, it } from "vitest";
import { rpcAs, serviceRole } from "../helpers/act.ts";
import { databaseNow, useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import {
  createProduct,
  expectHealthyLedgerAfterEach,
  type Movement,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { inRolledBackTransaction, movementsOf, rpcInTransaction } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);

const entry = "register_stock_entry";

describe("register_stock_entry: goods received", () => {
  it("adds the quantity to the stock and returns the movement it wrote, stamped with the caller and the time", async () => {
    const product = await createProduct(db.sql, { name: "Arroz Grano de Oro 1 kg", stock: 5 });
    const before = await databaseNow(db.sql);
    const movement = await rpcAs<Movement>(db.sql, users.staff, entry, {
      product_id: product.id,
      quantity: 12,
      reason: "PURCHASE",
      notes: "Factura 4512 de Distribuidora Santa Cruz",
      reference: "Factura 4512",
    });
    const after = await databaseNow(db.sql);

    expect(movement).toMatchObject({
      product_id: product.id,
      movement_type: "ENTRY",
      quantity: 12,
      reason: "PURCHASE",
      notes: "Factura 4512 de Distribuidora Santa Cruz",
      reference: "Factura 4512",
      reference_id: null,
      previous_stock: 5,
      new_stock: 17,
      created_by: users.staff.id,
    });
    expect(movement.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(movement.created_at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(movement.created_at.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(await stockOf(db.sql, product.id)).toBe(17);

    const ledger = await movementsOf(db.sql, product.id);
    expect(ledger.map((m) => m.reason)).toEqual(["INITIAL_STOCK", "PURCHASE"]);
    expect(ledger[1]).toEqual(movement);
    expect(BigInt(movement.seq)).toBeGreaterThan(BigInt(ledger[0]?.seq ?? "0"));
  });

  it("defaults the reason to PURCHASE and leaves notes and reference empty when they are omitted", async () => {
    const product = await createProduct(db.sql, { name: "Azúcar Guabirá 1 kg" });
    const movement = await rpcAs<Movement>(db.sql, users.staff, entry, { product_id: product.id, quantity: 3 });
    expect(movement).toMatchObject({
      reason: "PURCHASE",
      notes: null,
      reference: null,
      reference_id: null,
      previous_stock: 0,
    });
    expect(movement.new_stock).toBe(3);
  });

  it.each(["PURCHASE", "RETURN", "INITIAL_STOCK", "OTHER"])("accepts the entry reason %s", async (reason) => {
    const product = await createProduct(db.sql, { stock: 1 });
    const movement = await rpcAs<Movement>(db.sql, users.staff, entry, { product_id: product.id, quantity: 2, reason });
    expect(movement.reason).toBe(reason);
    expect(await stockOf(db.sql, product.id)).toBe(3);
  });

  it("reads the reason regardless of case and surrounding spaces, and records its canonical upper-case form", async () => {
    const product = await createProduct(db.sql);
    const movement = await rpcAs<Movement>(db.sql, users.staff, entry, {
      product_id: product.id,
      quantity: 1,
      reason: "  return ",
    });
    expect(movement.reason).toBe("RETURN");
  });

  it("trims notes, and stores blank notes as no notes", async () => {
    const product = await createProduct(db.sql);
    const trimmed = await rpcAs<Movement>(db.sql, users.staff, entry, {
      product_id: product.id,
      quantity: 1,
      notes: "  Llegó con la caja abierta  ",
    });
    expect(trimmed.notes).toBe("Llegó con la caja abierta");
    const blank = await rpcAs<Movement>(db.sql, users.staff, entry, {
      product_id: product.id,
      quantity: 1,
      notes: "   ",
    });
    expect(blank.notes).toBeNull();
  });

  it("accepts the largest quantity, 1,000,000 units, and notes of exactly 500 characters", async () => {
    const product = await createProduct(db.sql);
    const movement = await rpcAs<Movement>(db.sql, users.staff, entry, {
      product_id: product.id,
      quantity: 1_000_000,
      notes: "n".repeat(500),
    });
    expect(movement.new_stock).toBe(1_000_000);
    expect(movement.notes).toHaveLength(500);
  });

  it("is allowed to staff, managers, admins and the service role (which records no user as creator)", async () => {
    const product = await createProduct(db.sql);
    for (const [actor, createdBy] of [
      [users.staff, users.staff.id],
      [users.manager, users.manager.id],
      [users.admin, users.admin.id],
      [serviceRole, null],
    ] as const) {
      const movement = await rpcAs<Movement>(db.sql, actor, entry, { product_id: product.id, quantity: 1 });
      expect(movement.created_by).toBe(createdBy);
    }
    expect(await stockOf(db.sql, product.id)).toBe(4);
  });
});

describe("register_stock_entry never takes the stock past 1,000,000,000 units", () => {
  it("refuses an entry that would take the stock past 1,000,000,000 units with INVALID_QUANTITY, not a raw constraint error", async () => {
    const product = await createProduct(db.sql);
    // Such a stock cannot be reached through the RPCs in a test's time: the
    // superuser sets it inside a transaction that is rolled back.
    const outcome = await inRolledBackTransaction(db.sql, async (tx) => {
      await tx`update public.products set current_stock = 999999999 where id = ${product.id}`;
      const error = await failureOf(
        tx.savepoint((sp) => rpcInTransaction(sp, users.manager, entry, { product_id: product.id, quantity: 2 })),
      );
      const [row] = await tx<{ n: number }[]>`
        select count(*)::int as n from public.inventory_movements where product_id = ${product.id}
      `;
      return { error, movements: row?.n };
    });
    expect(outcome.error).toMatchObject({ status: 400, code: "PT400", message: "INVALID_QUANTITY" });
    expect(outcome.movements).toBe(0);
  });
});
