import { describe, expect, it } from "vitest";
import { anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import { createProduct, expectHealthyLedgerAfterEach, stockOf, useRoleUsers } from "../helpers/fixtures.ts";
import { refusedRpc } from "./support.ts";

/**
 * The refusals the three stock RPCs share, run against each of them: they
 * check the caller's role first, then the amount, the reason and the notes,
 * then the product, and a refused call writes nothing (`refusedRpc` compares
 * the ledger, the products and the stock before and after). What only one of
 * them refuses (an entry past 1,000,000,000 units, an exit beyond the stock, a
 * count the stock moved away from) is tested in that RPC's own file.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);

/** The users with a row in `users`, from the lowest rank to the highest. */
const RANKS = ["noRole", "viewer", "staff", "manager", "admin"] as const;
type Rank = (typeof RANKS)[number];

interface StockRpc {
  name: "register_stock_entry" | "register_stock_exit" | "adjust_stock";
  /** The least role allowed to call it, as FORBIDDEN names it in its hint. */
  minimumRole: "staff" | "manager";
  /** The argument carrying the amount: units moved, or the counted stock. */
  amount: "quantity" | "new_stock";
  /** The smallest amount it accepts (the largest is 1,000,000 for all three). */
  minimumAmount: 0 | 1;
  /** The reasons it accepts, in the order INVALID_REASON lists them. */
  reasons: readonly string[];
  /** Its arguments other than product_id and the amount that PostgREST must convert, badly typed. */
  unconvertible: readonly (readonly [label: string, args: Record<string, unknown>])[];
}

const RPCS: readonly StockRpc[] = [
  {
    name: "register_stock_entry",
    minimumRole: "staff",
    amount: "quantity",
    minimumAmount: 1,
    reasons: ["PURCHASE", "RETURN", "INITIAL_STOCK", "OTHER"],
    unconvertible: [],
  },
  {
    name: "register_stock_exit",
    minimumRole: "manager",
    amount: "quantity",
    minimumAmount: 1,
    reasons: ["DAMAGE", "LOSS", "INTERNAL_USE", "OTHER"],
    unconvertible: [],
  },
  {
    name: "adjust_stock",
    minimumRole: "manager",
    amount: "new_stock",
    minimumAmount: 0,
    reasons: ["COUNT_CORRECTION", "OTHER"],
    unconvertible: [["a fractional expected_stock", { expected_stock: 4.5 }]],
  },
];

/** Amounts out of range for every RPC (and 0 where at least one unit must move). */
function outOfRangeAmounts(rpc: StockRpc): (number | null)[] {
  return [...(rpc.minimumAmount > 0 ? [0] : []), -1, -100, -500, 1_000_001, 2_147_483_647, null];
}

/** Amounts PostgREST cannot convert to an integer, with the SQLSTATE it answers. */
const UNCONVERTIBLE_AMOUNTS = [
  ["a word", "dos", "22P02"],
  ["a fraction", 1.5, "22P02"],
  ["a number too large for an integer", 1e12, "22003"],
  ["a boolean", true, "22P02"],
  ["digits followed by letters", "12abc", "22P02"],
] as const;

/** Reasons no stock RPC accepts, and the reasons of the other two RPCs that this one does not. */
function refusedReasons(rpc: StockRpc): (readonly [label: string, reason: unknown])[] {
  const ofOthers = RPCS.filter((other) => other !== rpc).flatMap((other) =>
    other.reasons.filter((reason) => !rpc.reasons.includes(reason)).map((reason) => [other.name, reason] as const),
  );
  return [
    ["an unknown reason", "GIFT"],
    ["an unknown reason", "ROBBERY"],
    ["an unknown reason", "INVENTORY"],
    ...ofOthers.map(([other, reason]) => [`a reason of ${other}`, reason] as const),
    ["the sale reason, which only a sale may record", "SALE"],
    ["the reason reserved to cancelled sales", "SALE_CANCELLATION"],
    ["an empty reason", ""],
    ["a null reason", null],
    ["a number as reason", 7],
  ];
}

/** The users below the RPC's minimum role. */
function belowMinimum(rpc: StockRpc): Rank[] {
  return RANKS.slice(0, RANKS.indexOf(rpc.minimumRole));
}

for (const rpc of RPCS) {
  /** The least role allowed: it makes the calls whose input is refused. */
  const caller = () => users[rpc.minimumRole];
  /** The arguments of a valid call on `productId` (one unit), with `overrides` applied. */
  const args = (productId: string | null, overrides: Record<string, unknown> = {}) => ({
    product_id: productId,
    [rpc.amount]: 1,
    ...overrides,
  });

  describe(`${rpc.name} refuses bad input and writes nothing`, () => {
    it.each(outOfRangeAmounts(rpc))(`refuses the ${rpc.amount} %s with INVALID_QUANTITY (400)`, async (amount) => {
      const product = await createProduct(db.sql, { stock: 4 });
      const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id, { [rpc.amount]: amount }));
      expect(error).toMatchObject({ status: 400, code: "PT400", message: "INVALID_QUANTITY" });
      expect(hintOf(error)).toEqual({ field: rpc.amount, value: amount });
      expect(await stockOf(db.sql, product.id)).toBe(4);
    });

    it.each(UNCONVERTIBLE_AMOUNTS)(
      `refuses %s (%s) as ${rpc.amount} while PostgREST converts the arguments, before the function runs (%s, HTTP 400)`,
      async (_label, amount, sqlstate) => {
        const product = await createProduct(db.sql, { stock: 4 });
        const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id, { [rpc.amount]: amount }));
        expect(error).toMatchObject({ status: 400, code: sqlstate });
        expect(await stockOf(db.sql, product.id)).toBe(4);
      },
    );

    it.each([["a product id that is not a uuid", { product_id: "ARROZ-1KG" }] as const, ...rpc.unconvertible])(
      "refuses %s while converting the arguments (22P02, HTTP 400)",
      async (_label, overrides) => {
        const product = await createProduct(db.sql, { stock: 4 });
        const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id, overrides));
        expect(error).toMatchObject({ status: 400, code: "22P02" });
        expect(await stockOf(db.sql, product.id)).toBe(4);
      },
    );

    it.each(refusedReasons(rpc))(
      `refuses %s (%s) with INVALID_REASON (400), listing the allowed reasons ${rpc.reasons.join("|")}`,
      async (_label, reason) => {
        const product = await createProduct(db.sql, { stock: 4 });
        const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id, { reason }));
        expect(error).toMatchObject({ status: 400, code: "PT400", message: "INVALID_REASON" });
        expect(hintOf(error)).toEqual({ field: "reason", allowed: rpc.reasons });
        expect(await stockOf(db.sql, product.id)).toBe(4);
      },
    );

    it("refuses an unknown product with PRODUCT_NOT_FOUND (404), naming the id", async () => {
      const missing = crypto.randomUUID();
      const error = await refusedRpc(db.sql, caller(), rpc.name, args(missing));
      expect(error).toMatchObject({ status: 404, code: "PT404", message: "PRODUCT_NOT_FOUND" });
      expect(hintOf(error)).toEqual({ product_id: missing });
    });

    it("refuses a null product with PRODUCT_NOT_FOUND (404)", async () => {
      const error = await refusedRpc(db.sql, caller(), rpc.name, args(null));
      expect(error).toMatchObject({ status: 404, code: "PT404", message: "PRODUCT_NOT_FOUND" });
      expect(hintOf(error)).toEqual({ product_id: null });
    });

    it("refuses a deactivated product with PRODUCT_INACTIVE (409), naming its SKU, even when it still has stock", async () => {
      const product = await createProduct(db.sql, {
        name: "Gaseosa Simba 2 L (descontinuada)",
        stock: 6,
        active: false,
      });
      const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id));
      expect(error).toMatchObject({ status: 409, code: "PT409", message: "PRODUCT_INACTIVE" });
      expect(hintOf(error)).toEqual({ product_id: product.id, sku: product.sku });
      expect(await stockOf(db.sql, product.id)).toBe(6);
    });

    it.each([
      ["501 one-byte characters", "x".repeat(501)],
      ["501 two-byte characters", "ñ".repeat(501)],
    ])("refuses notes of %s with VALIDATION_ERROR (400)", async (_label, notes) => {
      const product = await createProduct(db.sql, { stock: 4 });
      const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id, { notes }));
      expect(error).toMatchObject({ status: 400, code: "PT400", message: "VALIDATION_ERROR" });
      expect(hintOf(error)).toEqual({ field: "notes" });
      expect(await stockOf(db.sql, product.id)).toBe(4);
    });

    if (rpc.name !== "adjust_stock") {
      it("refuses a reference_id, even the id of a real sale: only the sale RPCs link a movement to a sale", async () => {
        const product = await createProduct(db.sql, { stock: 4 });
        const sold = await createProduct(db.sql, { stock: 1 });
        const sale = await rpcAs<{ id: string }>(db.sql, users.staff, "create_sale", {
          items: [{ product_id: sold.id, quantity: 1 }],
        });
        for (const referenceId of [sale.id, crypto.randomUUID()]) {
          const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id, { reference_id: referenceId }));
          expect(error).toMatchObject({ status: 400, code: "PT400", message: "VALIDATION_ERROR" });
          expect(hintOf(error)).toEqual({ field: "reference_id" });
        }
        expect(await stockOf(db.sql, product.id)).toBe(4);
      });

      it("refuses a reference over 100 characters with VALIDATION_ERROR (400)", async () => {
        const product = await createProduct(db.sql, { stock: 4 });
        const error = await refusedRpc(db.sql, caller(), rpc.name, args(product.id, { reference: "F".repeat(101) }));
        expect(error).toMatchObject({ status: 400, code: "PT400", message: "VALIDATION_ERROR" });
        expect(hintOf(error)).toEqual({ field: "reference" });
      });
    }
  });

  describe(`${rpc.name} is for ${rpc.minimumRole} and above`, () => {
    it.each(belowMinimum(rpc))("refuses a %s with FORBIDDEN (403) and writes nothing", async (who) => {
      const product = await createProduct(db.sql, { stock: 3 });
      const error = await refusedRpc(db.sql, users[who], rpc.name, args(product.id));
      expect(error).toMatchObject({ status: 403, code: "PT403", message: "FORBIDDEN" });
      expect(hintOf(error)).toEqual({ required_role: rpc.minimumRole });
      expect(await stockOf(db.sql, product.id)).toBe(3);
    });

    it.each(belowMinimum(rpc))(
      "checks the role before the input: a %s sending a bad amount, reason, product and notes learns only that it is forbidden",
      async (who) => {
        const error = await refusedRpc(
          db.sql,
          users[who],
          rpc.name,
          args(crypto.randomUUID(), { [rpc.amount]: -1, reason: "GIFT", notes: "x".repeat(501) }),
        );
        expect(error).toMatchObject({ status: 403, code: "PT403", message: "FORBIDDEN" });
        expect(hintOf(error)).toEqual({ required_role: rpc.minimumRole });
      },
    );

    it("is not executable by anon at all: permission denied (42501, HTTP 401)", async () => {
      const product = await createProduct(db.sql, { stock: 3 });
      const error = await refusedRpc(db.sql, anon, rpc.name, args(product.id));
      expect(error).toMatchObject({ status: 401, code: "42501" });
      expect(await stockOf(db.sql, product.id)).toBe(3);
    });
  });
}
