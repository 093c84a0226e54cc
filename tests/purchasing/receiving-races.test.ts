import { Random, seedFromEnv } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import { chainProblems, type LedgerRow, raceBehindLock } from "../concurrency/race.ts";
import { type Actor, rpcAs } from "../helpers/act.ts";
import { usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, CONCURRENCY_FAILURES, failuresOf, type Outcome } from "../helpers/errors.ts";
import { createProduct, createUser, integrityProblems, stockOf, useRoleUsers } from "../helpers/fixtures.ts";
import { cents as toCents } from "../helpers/money.ts";
import {
  approvedOrder,
  costOf,
  createSupplier,
  type GoodsReceipt,
  ledgerOf,
  lineOf,
  orderNow,
  type PurchaseOrder,
  receive,
  replayMovingAverage,
} from "./support.ts";

/**
 * Receipts under concurrency, forced rather than hoped for: the racing calls
 * queue behind a row lock held on their products and are released together.
 * Never more than ordered, one receipt per key, and the ledger chain, the
 * stock and the moving average exact when receipts interleave with sales,
 * counts and exits on many connections.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
const pool = usePool(db, 25);

describe("two receipts of the same order's last units", () => {
  it.each([1, 2, 3])(
    "round %i: exactly one is received, the other is RECEIPT_EXCEEDS_ORDERED; never over-received",
    async () => {
      const supplier = await createSupplier(db.sql);
      const a = await createProduct(db.sql, { stock: 3, costPrice: "5.00" });
      const b = await createProduct(db.sql, { stock: 3, costPrice: "7.00" });
      const order = await approvedOrder(db.sql, users, supplier.id, [
        { product_id: a.id, quantity: 10, unit_cost: 5 },
        { product_id: b.id, quantity: 10, unit_cost: 7 },
      ]);
      const lineA = lineOf(order, a.id).id;
      const lineB = lineOf(order, b.id).id;
      await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: lineA, quantity: 8 }]);
      const cashier2 = await createUser(db.sql, "staff", "almacen2");
      // Each takes A's last 2 units (the second with some of B too).
      const outcomes = await raceBehindLock(db.sql, [a.id, b.id], 2, () => [
        attempt(receive(pool.sql, users.staff, order.id, [{ purchase_order_item_id: lineA, quantity: 2 }])),
        attempt(
          receive(pool.sql, cashier2, order.id, [
            { purchase_order_item_id: lineB, quantity: 5 },
            { purchase_order_item_id: lineA, quantity: 2 },
          ]),
        ),
      ]);
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
      expect(failuresOf(outcomes).map((failure) => [failure.message, failure.status])).toEqual([
        ["RECEIPT_EXCEEDS_ORDERED", 409],
      ]);
      const now = await orderNow(db.sql, order.id);
      expect(lineOf(now, a.id)).toMatchObject({ quantity_ordered: 10, quantity_received: 10, quantity_remaining: 0 });
      expect(await stockOf(db.sql, a.id)).toBe(3 + 10);
      const [receipts] = await db.sql<{ n: number; units: number }[]>`
      select count(distinct r.id)::int as n, coalesce(sum(i.quantity), 0)::int as units
        from public.goods_receipts r join public.goods_receipt_items i on i.goods_receipt_id = r.id
       where r.purchase_order_id = ${order.id} and i.product_id = ${a.id}`;
      expect(receipts).toEqual({ n: 2, units: 10 });
      expect(await integrityProblems(db.sql)).toEqual([]);
    },
  );

  it("two receipts that both fit are both received, one after the other, each on the stock the other left", async () => {
    const supplier = await createSupplier(db.sql);
    const product = await createProduct(db.sql, { stock: 4, costPrice: "10.00" });
    const order = await approvedOrder(db.sql, users, supplier.id, [
      { product_id: product.id, quantity: 6, unit_cost: 12 },
    ]);
    const line = order.items[0]?.id;
    const outcomes = await raceBehindLock(db.sql, [product.id], 2, () => [
      attempt(receive(pool.sql, users.staff, order.id, [{ purchase_order_item_id: line, quantity: 3 }])),
      attempt(
        receive(pool.sql, users.manager, order.id, [{ purchase_order_item_id: line, quantity: 3, unit_cost: 14 }]),
      ),
    ]);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect((await orderNow(db.sql, order.id)).status).toBe("RECEIVED");
    const ledger = (await ledgerOf(db.sql, product.id)).filter((row) => row.reason === "PURCHASE");
    expect(ledger.map((row) => [row.previous_stock, row.new_stock])).toEqual([
      [4, 7],
      [7, 10],
    ]);
    expect(await costOf(db.sql, product.id)).toBe(replayMovingAverage(1000n, await ledgerOf(db.sql, product.id)).final);
  });
});

describe("20 retries of one receipt key, racing", () => {
  it("make exactly one receipt, and every retry gets it", async () => {
    const supplier = await createSupplier(db.sql);
    const product = await createProduct(db.sql, { stock: 1, costPrice: "4.00" });
    const order = await approvedOrder(db.sql, users, supplier.id, [
      { product_id: product.id, quantity: 50, unit_cost: 4 },
    ]);
    const request = {
      items: [{ purchase_order_item_id: order.items[0]?.id, quantity: 30, supplier_sku: "TT-1" }],
      supplier_invoice_number: "Factura 77",
      idempotency_key: "recepcion-2026-0042",
    };
    const outcomes = await raceBehindLock(db.sql, [product.id], 20, () =>
      Array.from({ length: 20 }, () => attempt(receive(pool.sql, users.staff, order.id, request.items, request))),
    );
    const receipts = outcomes.map((outcome) => {
      if (!outcome.ok) throw new Error(`a retry failed: ${outcome.error.message} ${outcome.error.details}`);
      return outcome.value as GoodsReceipt;
    });
    expect(new Set(receipts.map((receipt) => receipt.id)).size).toBe(1);
    const [count] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from public.goods_receipts where purchase_order_id = ${order.id}`;
    expect(count?.n).toBe(1);
    expect(await stockOf(db.sql, product.id)).toBe(31);
    expect((await orderNow(db.sql, order.id)).items[0]?.quantity_received).toBe(30);
  });
});

// =============================================================================
// A seeded, randomized run: receipts, sales, counts and exits interleaved
// =============================================================================
const SEED = seedFromEnv(0x0b0e_2026);
const OPERATIONS = 400;
const WORKERS = 12;
const PRODUCTS = 6;

type Kind = "receipt" | "retry" | "sale" | "count" | "exit";
/** The refusals each kind of call may meet under concurrency (anything else fails the test). */
const ALLOWED: Record<Kind, string[]> = {
  receipt: ["RECEIPT_EXCEEDS_ORDERED"],
  retry: ["RECEIPT_EXCEEDS_ORDERED"],
  sale: ["INSUFFICIENT_STOCK"],
  count: ["STOCK_CHANGED"],
  exit: ["INSUFFICIENT_STOCK"],
};

describe(`a randomized run (seed ${SEED}, ${OPERATIONS} operations, ${WORKERS} connections, ${PRODUCTS} products)`, () => {
  it("keeps the ledger chain and check_stock_integrity() clean, never over-receives, and the moving average equals an independent replay", async () => {
    const random = new Random(SEED);
    const context = `seed ${SEED} (replay with COMARAPA_SEED=${SEED})`;
    const supplier = await createSupplier(db.sql);
    const start = new Map<string, bigint>();
    const products: string[] = [];
    for (let i = 0; i < PRODUCTS; i += 1) {
      const cost = `${random.int(2, 40)}.${String(random.int(0, 99)).padStart(2, "0")}`;
      const product = await createProduct(db.sql, {
        stock: random.chance(0.3) ? 0 : random.int(1, 40),
        costPrice: cost,
      });
      products.push(product.id);
      start.set(product.id, toCents(cost));
    }
    const orders: PurchaseOrder[] = [];
    for (let i = 0; i < 10; i += 1) {
      const lines = random.sample(products, random.int(1, 4)).map((id) => ({
        product_id: id,
        quantity: random.int(5, 40),
        unit_cost: Math.round(Number(start.get(id)) * (0.8 + random.next() * 0.4)) / 100,
      }));
      orders.push(await approvedOrder(db.sql, users, supplier.id, lines));
    }
    const clerks: Actor[] = [users.staff, users.manager, users.admin];
    let keys = 0;
    const usedKeys: { actor: Actor; orderId: string; items: unknown[]; key: string }[] = [];

    const operation = (): { kind: Kind; run: () => Promise<unknown> } => {
      const roll = random.next();
      if (roll < 0.35) {
        const order = random.pick(orders);
        const items = random.sample(order.items, random.int(1, order.items.length)).map((item) => ({
          purchase_order_item_id: item.id,
          quantity: random.int(1, Math.max(1, Math.ceil(item.quantity_ordered / 3))),
          ...(random.chance(0.3) ? { unit_cost: Math.round(random.int(100, 5000)) / 100 } : {}),
        }));
        const actor = random.pick(clerks);
        keys += 1;
        const key = `k-${keys}`;
        if (random.chance(0.5)) usedKeys.push({ actor, orderId: order.id, items, key });
        return { kind: "receipt", run: () => receive(pool.sql, actor, order.id, items, { idempotency_key: key }) };
      }
      if (roll < 0.45 && usedKeys.length > 0) {
        const used = random.pick(usedKeys);
        return {
          kind: "retry",
          run: () => receive(pool.sql, used.actor, used.orderId, used.items, { idempotency_key: used.key }),
        };
      }
      if (roll < 0.8) {
        const items = random
          .sample(products, random.int(1, 3))
          .map((id) => ({ product_id: id, quantity: random.int(1, 6) }));
        return { kind: "sale", run: () => rpcAs(pool.sql, random.pick(clerks), "create_sale", { items }) };
      }
      if (roll < 0.9) {
        const productId = random.pick(products);
        const delta = random.int(-3, 3);
        return {
          kind: "count",
          run: async () => {
            const seen = await stockOf(pool.sql, productId);
            return rpcAs(pool.sql, users.manager, "adjust_stock", {
              product_id: productId,
              new_stock: Math.max(0, seen + delta),
              expected_stock: seen,
            });
          },
        };
      }
      return {
        kind: "exit",
        run: () =>
          rpcAs(pool.sql, users.admin, "register_stock_exit", {
            product_id: random.pick(products),
            quantity: random.int(1, 4),
          }),
      };
    };

    // The operations are drawn in order from the seed; WORKERS connections run them as fast as they can.
    const planned = Array.from({ length: OPERATIONS }, operation);
    const results: { kind: Kind; outcome: Outcome<unknown> }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let index = next++; index < planned.length; index = next++) {
          const op = planned[index] as (typeof planned)[number];
          results.push({ kind: op.kind, outcome: await attempt(op.run()) });
        }
      }),
    );

    expect(
      results
        .flatMap((r) => (r.outcome.ok ? [] : [r.outcome.error]))
        .filter((f) => CONCURRENCY_FAILURES.includes(f.code)),
      `no deadlock or serialization failure — ${context}`,
    ).toEqual([]);
    const unexpected = results.flatMap((r) =>
      r.outcome.ok || ALLOWED[r.kind].includes(r.outcome.error.message)
        ? []
        : [`${r.kind}: ${r.outcome.error.message} ${r.outcome.error.details}`],
    );
    expect(unexpected, context).toEqual([]);
    expect(results.filter((r) => r.kind === "receipt" && r.outcome.ok).length, context).toBeGreaterThan(20);
    expect(results.filter((r) => r.kind === "sale" && r.outcome.ok).length, context).toBeGreaterThan(20);

    // The ledger: every chain whole, every stock equal to it.
    expect(await integrityProblems(db.sql), context).toEqual([]);
    for (const productId of products) {
      const ledger = (await db.sql<LedgerRow[]>`
        select * from public.inventory_movements where product_id = ${productId} order by seq`) as LedgerRow[];
      expect(chainProblems(ledger, 0, await stockOf(db.sql, productId)), context).toEqual([]);
    }

    // Never more than ordered; what each line received is the sum of its receipt lines; the status follows.
    const lines = await db.sql<{ ordered: number; received: number; in_receipts: number }[]>`
      select i.quantity_ordered as ordered, i.quantity_received as received,
             coalesce((select sum(r.quantity) from public.goods_receipt_items r where r.purchase_order_item_id = i.id), 0)::int
               as in_receipts
        from public.purchase_order_items i
       where i.purchase_order_id = any (${orders.map((order) => order.id)}::uuid[])`;
    for (const line of lines) {
      expect(line.received, context).toBeLessThanOrEqual(line.ordered);
      expect(line.in_receipts, context).toBe(line.received);
    }
    for (const order of orders) {
      const now = await orderNow(db.sql, order.id);
      const left = now.items.some((item) => item.quantity_remaining > 0);
      const any = now.items.some((item) => item.quantity_received > 0);
      expect(now.status, context).toBe(left ? (any ? "PARTIALLY_RECEIVED" : "APPROVED") : "RECEIVED");
    }
    // One receipt per key.
    const [keyCount] = await db.sql<{ receipts: number; keys: number }[]>`
      select count(*)::int as receipts, count(distinct (received_by, idempotency_key))::int as keys
        from public.goods_receipts where purchase_order_id = any (${orders.map((order) => order.id)}::uuid[])`;
    expect(keyCount?.receipts, context).toBe(keyCount?.keys);

    // The moving average, replayed from the ledger without the database's arithmetic; and every sale line
    // carries the cost in effect when it was sold, every receipt line the averages around it.
    for (const productId of products) {
      const ledger = await ledgerOf(db.sql, productId);
      const replay = replayMovingAverage(start.get(productId) ?? 0n, ledger);
      expect(await costOf(db.sql, productId), `${productId} — ${context}`).toBe(replay.final);

      const receiptLines = await db.sql<{ cost_before: string; cost_after: string }[]>`
        select i.cost_before::text, i.cost_after::text
          from public.goods_receipt_items i join public.inventory_movements m on m.id = i.movement_id
         where i.product_id = ${productId} order by m.seq`;
      let cost = start.get(productId) ?? 0n;
      expect(
        receiptLines.map((line) => toCents(line.cost_after)),
        context,
      ).toEqual(replay.afterEachReceipt);
      for (const [index, line] of receiptLines.entries()) {
        expect(toCents(line.cost_before), context).toBe(cost);
        cost = replay.afterEachReceipt[index] ?? cost;
      }

      const sold = await db.sql<{ seq: string; cost: string }[]>`
        select m.seq::text, i.cost_price::text as cost
          from public.inventory_movements m
          join public.sale_items i on i.sale_id = m.reference_id and i.product_id = m.product_id
         where m.product_id = ${productId} and m.reason = 'SALE' order by m.seq`;
      for (const sale of sold) {
        const before = ledger.filter((row) => BigInt(row.seq) < BigInt(sale.seq));
        expect(toCents(sale.cost), context).toBe(replayMovingAverage(start.get(productId) ?? 0n, before).final);
      }
    }
  });
});
