import { describe, expect, it } from "vitest";
import { anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { databaseNow, useTestDatabase } from "../helpers/db.ts";
import { failureOf, hintOf } from "../helpers/errors.ts";
import {
  createProduct,
  expectHealthyLedgerAfterEach,
  type Movement,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { inRolledBackTransaction, movementsOf, refusedRpc, rpcInTransaction } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);

const entry = "register_stock_entry";

describe("register_stock_entry: goods received", () => {
  it("adds the quantity to the stock and returns the movement it wrote, stamped with the caller and the time", async () => {
    const product = await createProduct(db.sql, { name: "Arroz Grano de Oro 1 kg", stock: 5 });
    const referenceId = crypto.randomUUID();
    const before = await databaseNow(db.sql);
    const movement = await rpcAs<Movement>(db.sql, users.staff, entry, {
      product_id: product.id,
      quantity: 12,
      reason: "PURCHASE",
      notes: "Factura 4512 de Distribuidora Santa Cruz",
      reference_id: referenceId,
    });
    const after = await databaseNow(db.sql);

    expect(movement).toMatchObject({
      product_id: product.id,
      movement_type: "ENTRY",
      quantity: 12,
      reason: "PURCHASE",
      notes: "Factura 4512 de Distribuidora Santa Cruz",
      reference_id: referenceId,
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
    expect(movement).toMatchObject({ reason: "PURCHASE", notes: null, reference_id: null, previous_stock: 0 });
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

describe("register_stock_entry refuses bad input and writes nothing", () => {
  it.each([0, -1, -500, 1_000_001, 2_147_483_647, null])(
    "refuses the quantity %s with INVALID_QUANTITY (400)",
    async (quantity) => {
      const product = await createProduct(db.sql, { stock: 4 });
      const error = await refusedRpc(db.sql, users.staff, entry, { product_id: product.id, quantity });
      expect(error).toMatchObject({ status: 400, code: "PT400", message: "INVALID_QUANTITY" });
      expect(hintOf(error)).toEqual({ field: "quantity", value: quantity });
      expect(await stockOf(db.sql, product.id)).toBe(4);
    },
  );

  it.each([
    ["a word", "abc", "22P02"],
    ["a fraction", 1.5, "22P02"],
    ["a number too large for an integer", 1e12, "22003"],
    ["a boolean", true, "22P02"],
    ["digits followed by letters", "12abc", "22P02"],
  ])(
    "refuses %s as quantity while PostgREST converts the arguments, before the function runs (HTTP 400)",
    async (_label, quantity, sqlstate) => {
      const product = await createProduct(db.sql, { stock: 4 });
      const error = await refusedRpc(db.sql, users.staff, entry, { product_id: product.id, quantity });
      expect(error).toMatchObject({ status: 400, code: sqlstate });
    },
  );

  it("refuses a product id that is not a uuid while converting the arguments (22P02, HTTP 400)", async () => {
    const error = await refusedRpc(db.sql, users.staff, entry, { product_id: "ARROZ-1KG", quantity: 1 });
    expect(error).toMatchObject({ status: 400, code: "22P02" });
  });

  it.each([
    ["an unknown reason", "GIFT"],
    ["an exit reason", "DAMAGE"],
    ["the sale reason", "SALE"],
    ["the reason reserved to cancelled sales", "SALE_CANCELLATION"],
    ["an adjustment reason", "COUNT_CORRECTION"],
    ["an empty reason", ""],
    ["a null reason", null],
    ["a number as reason", 7],
  ])("refuses %s with INVALID_REASON (400), listing the allowed reasons", async (_label, reason) => {
    const product = await createProduct(db.sql, { stock: 2 });
    const error = await refusedRpc(db.sql, users.staff, entry, { product_id: product.id, quantity: 1, reason });
    expect(error).toMatchObject({ status: 400, code: "PT400", message: "INVALID_REASON" });
    expect(hintOf(error)).toEqual({ field: "reason", allowed: ["PURCHASE", "RETURN", "INITIAL_STOCK", "OTHER"] });
  });

  it("refuses an unknown product with PRODUCT_NOT_FOUND (404)", async () => {
    const missing = crypto.randomUUID();
    const error = await refusedRpc(db.sql, users.staff, entry, { product_id: missing, quantity: 1 });
    expect(error).toMatchObject({ status: 404, code: "PT404", message: "PRODUCT_NOT_FOUND" });
    expect(hintOf(error)).toEqual({ product_id: missing });
  });

  it("refuses a null product with PRODUCT_NOT_FOUND (404)", async () => {
    const error = await refusedRpc(db.sql, users.staff, entry, { product_id: null, quantity: 1 });
    expect(error).toMatchObject({ status: 404, code: "PT404", message: "PRODUCT_NOT_FOUND" });
  });

  it("refuses a deactivated product with PRODUCT_INACTIVE (409), naming its SKU", async () => {
    const product = await createProduct(db.sql, { name: "Gaseosa Simba 2 L (descontinuada)", stock: 6, active: false });
    const error = await refusedRpc(db.sql, users.staff, entry, { product_id: product.id, quantity: 1 });
    expect(error).toMatchObject({ status: 409, code: "PT409", message: "PRODUCT_INACTIVE" });
    expect(hintOf(error)).toEqual({ product_id: product.id, sku: product.sku });
    expect(await stockOf(db.sql, product.id)).toBe(6);
  });

  it("refuses notes longer than 500 characters with VALIDATION_ERROR (400)", async () => {
    const product = await createProduct(db.sql);
    const error = await refusedRpc(db.sql, users.staff, entry, {
      product_id: product.id,
      quantity: 1,
      notes: "x".repeat(501),
    });
    expect(error).toMatchObject({ status: 400, code: "PT400", message: "VALIDATION_ERROR" });
    expect(hintOf(error)).toEqual({ field: "notes" });
  });

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

describe("register_stock_entry is for staff and above", () => {
  it.each(["viewer", "noRole"] as const)("refuses a %s with FORBIDDEN (403) and writes nothing", async (who) => {
    const product = await createProduct(db.sql, { stock: 3 });
    const error = await refusedRpc(db.sql, users[who], entry, { product_id: product.id, quantity: 1 });
    expect(error).toMatchObject({ status: 403, code: "PT403", message: "FORBIDDEN" });
    expect(hintOf(error)).toEqual({ required_role: "staff" });
    expect(await stockOf(db.sql, product.id)).toBe(3);
  });

  it("checks the role before the input: a viewer sending a bad quantity learns only that it is forbidden", async () => {
    const product = await createProduct(db.sql);
    const error = await refusedRpc(db.sql, users.viewer, entry, { product_id: product.id, quantity: -1 });
    expect(error.message).toBe("FORBIDDEN");
  });

  it("is not executable by anon at all: permission denied (42501, HTTP 401)", async () => {
    const product = await createProduct(db.sql, { stock: 3 });
    const error = await refusedRpc(db.sql, anon, entry, { product_id: product.id, quantity: 1 });
    expect(error).toMatchObject({ status: 401, code: "42501" });
  });
});
