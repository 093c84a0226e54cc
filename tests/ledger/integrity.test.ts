import type { Tx } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import { anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, useRoleUsers } from "../helpers/fixtures.ts";
import { inRolledBackTransaction, movementsOf, refusedRpc, rpcInTransaction } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

// Every corruption below is made in a transaction that is rolled back.
expectHealthyLedgerAfterEach(db, "the ledger is healthy again after each test");

interface Problem {
  product_id: string;
  sku: string;
  current_stock: number;
  ledger_stock: string;
  last_new_stock: number | null;
  movement_count: string;
  broken_links: string;
}

/** Corrupts the data as the superuser, then asks check_stock_integrity() as a manager, in the same transaction (rolled back). */
function problemsAfter(corrupt: (tx: Tx) => Promise<unknown>): Promise<Problem[]> {
  return inRolledBackTransaction(db.sql, async (tx) => {
    await corrupt(tx);
    return rpcInTransaction<Problem[]>(tx, users.manager, "check_stock_integrity");
  });
}

/** A product with INITIAL_STOCK 10, an exit of 3 and an entry of 5: stock 12, three movements. */
async function productWithHistory(name = "Sardina Lidita en aceite 125 g") {
  const product = await createProduct(db.sql, { name, stock: 10 });
  await rpcAs(db.sql, users.manager, "register_stock_exit", { product_id: product.id, quantity: 3 });
  await rpcAs(db.sql, users.staff, "register_stock_entry", { product_id: product.id, quantity: 5 });
  return product;
}

describe("check_stock_integrity()", () => {
  it("is empty when every stock was changed through the RPCs", async () => {
    await productWithHistory();
    const other = await createProduct(db.sql, { stock: 4 });
    await rpcAs(db.sql, users.manager, "adjust_stock", { product_id: other.id, new_stock: 0 });
    await createProduct(db.sql); // a product that never had stock
    expect(await rpcAs(db.sql, users.manager, "check_stock_integrity")).toEqual([]);
  });

  it("reports a product whose current_stock was changed behind the ledger's back, with both numbers", async () => {
    const product = await productWithHistory();
    const problems = await problemsAfter(
      (tx) => tx`update public.products set current_stock = current_stock + 1 where id = ${product.id}`,
    );
    expect(problems).toEqual([
      {
        product_id: product.id,
        sku: product.sku,
        current_stock: 13,
        ledger_stock: "12",
        last_new_stock: 12,
        movement_count: "3",
        broken_links: "0",
      },
    ]);
  });

  it("reports a product that has stock but no movement at all", async () => {
    const product = await createProduct(db.sql);
    const problems = await problemsAfter(
      (tx) => tx`update public.products set current_stock = 7 where id = ${product.id}`,
    );
    expect(problems).toEqual([
      {
        product_id: product.id,
        sku: product.sku,
        current_stock: 7,
        ledger_stock: "0",
        last_new_stock: null,
        movement_count: "0",
        broken_links: "0",
      },
    ]);
  });

  it("reports a broken chain even when the totals agree: two movements whose previous_stock is not the new_stock before them", async () => {
    // Ledger 0→10 (+10), then 12→14 (+2, a break of +2), then 12→16 (+4, a break of -2):
    // the changes sum to 16 = the last new_stock = current_stock, but two links are broken.
    const product = await createProduct(db.sql, { stock: 10 });
    const problems = await problemsAfter(async (tx) => {
      await tx`
        insert into public.inventory_movements (product_id, movement_type, quantity, reason, previous_stock, new_stock)
        values (${product.id}, 'ENTRY', 2, 'PURCHASE', 12, 14), (${product.id}, 'ENTRY', 4, 'PURCHASE', 12, 16)
      `;
      await tx`update public.products set current_stock = 16 where id = ${product.id}`;
    });
    expect(problems).toEqual([
      {
        product_id: product.id,
        sku: product.sku,
        current_stock: 16,
        ledger_stock: "16",
        last_new_stock: 16,
        movement_count: "3",
        broken_links: "2",
      },
    ]);
  });

  it("reports a ledger whose first movement does not start from zero", async () => {
    const product = await createProduct(db.sql);
    const problems = await problemsAfter(async (tx) => {
      await tx`
        insert into public.inventory_movements (product_id, movement_type, quantity, reason, previous_stock, new_stock)
        values (${product.id}, 'ENTRY', 5, 'INITIAL_STOCK', 3, 8)
      `;
      await tx`update public.products set current_stock = 8 where id = ${product.id}`;
    });
    expect(problems).toMatchObject([
      { product_id: product.id, current_stock: 8, ledger_stock: "5", broken_links: "1" },
    ]);
  });

  it("reports a past movement rewritten by a superuser who switched the append-only trigger off", async () => {
    const product = await productWithHistory("Atún Real en agua 170 g");
    const [, exit] = await movementsOf(db.sql, product.id);
    if (!exit) throw new Error("no exit movement");
    const problems = await problemsAfter(async (tx) => {
      await tx`alter table public.inventory_movements disable trigger inventory_movements_append_only`;
      // The exit of 3 (10 → 7) becomes an exit of 2 (10 → 8): the next entry still starts from 7.
      await tx`update public.inventory_movements set quantity = 2, new_stock = 8 where id = ${exit.id}`;
    });
    expect(problems).toEqual([
      {
        product_id: product.id,
        sku: product.sku,
        current_stock: 12,
        ledger_stock: "13",
        last_new_stock: 12,
        movement_count: "3",
        broken_links: "1",
      },
    ]);
  });

  it("reports only the corrupted product among healthy ones, ordered by SKU", async () => {
    const healthy = await productWithHistory();
    const first = await createProduct(db.sql, { sku: `AAA-${Date.now()}`, stock: 2 });
    const second = await createProduct(db.sql, { sku: `ZZZ-${Date.now()}`, stock: 2 });
    const problems = await problemsAfter(
      (tx) => tx`update public.products set current_stock = 0 where id in (${second.id}, ${first.id})`,
    );
    expect(problems.map((problem) => problem.product_id)).toEqual([first.id, second.id]);
    expect(problems.map((problem) => problem.product_id)).not.toContain(healthy.id);
  });
});

describe("check_stock_integrity() is for managers and admins", () => {
  it.each(["manager", "admin"] as const)("answers a %s", async (who) => {
    await productWithHistory();
    expect(await rpcAs(db.sql, users[who], "check_stock_integrity")).toEqual([]);
  });

  it("answers the service role", async () => {
    expect(await rpcAs(db.sql, serviceRole, "check_stock_integrity")).toEqual([]);
  });

  it.each(["staff", "viewer", "noRole"] as const)("refuses a %s with FORBIDDEN (403)", async (who) => {
    const error = await refusedRpc(db.sql, users[who], "check_stock_integrity", {});
    expect(error).toMatchObject({ status: 403, code: "PT403", message: "FORBIDDEN" });
    expect(hintOf(error)).toEqual({ required_role: "manager" });
  });

  it("is not executable by anon at all: permission denied (42501, HTTP 401)", async () => {
    const error = await refusedRpc(db.sql, anon, "check_stock_integrity", {});
    expect(error).toMatchObject({ status: 401, code: "42501" });
  });
});
