import { Random, rpc, seedFromEnv } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import { actAs, rpcAs } from "../helpers/act.ts";
import { usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, concurrencyFailures, type Failure, hintOf, type Outcome } from "../helpers/errors.ts";
import { createProduct, integrityProblems, type Movement, stockOf, useRoleUsers } from "../helpers/fixtures.ts";
import { bySeq, chainProblems, comparable, type LedgerRow, raceBehindLock, track, waitForLockWaiters } from "./race.ts";

/**
 * Invariants 1 and 2 of DESIGN.md under real concurrency: every call below runs
 * as its own PostgREST-like transaction on its own connection of `pool`, many
 * at the same time. Which call wins a race varies from run to run; what is
 * asserted does not.
 */

const db = useTestDatabase();
/** One connection per concurrent transaction. */
const POOL_SIZE = 25;
const pool = usePool(db, POOL_SIZE);
const users = useRoleUsers(db);

function split<T>(outcomes: Outcome<T>[]): { successes: T[]; failures: Failure[] } {
  return {
    successes: outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : [])),
    failures: outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error])),
  };
}

function movementsOf(productId: string): Promise<LedgerRow[]> {
  return db.sql<LedgerRow[]>`
    select m.id, m.seq::text as seq, m.product_id, m.movement_type::text as movement_type, m.quantity, m.reason,
           m.reference_id, m.notes, m.previous_stock, m.new_stock, m.created_by
      from public.inventory_movements m where m.product_id = ${productId} order by m.seq
  `;
}

describe("the last units, taken by 20 connections at once", () => {
  it.each([
    { stock: 5, take: 1, winners: 5 },
    { stock: 1, take: 1, winners: 1 },
    { stock: 10, take: 3, winners: 3 },
  ])(
    "$stock in stock, 20 exits of $take: exactly $winners succeed, the rest get INSUFFICIENT_STOCK",
    async ({ stock, take, winners }) => {
      const product = await createProduct(db.sql, { stock });
      // All 20 transactions are blocked on the product row before any may proceed.
      const outcomes = await raceBehindLock(db.sql, [product.id], 20, () =>
        Array.from({ length: 20 }, () =>
          attempt(
            rpcAs<Movement>(pool.sql, users.manager, "register_stock_exit", { product_id: product.id, quantity: take }),
          ),
        ),
      );

      expect(concurrencyFailures(outcomes)).toEqual([]);
      const { successes, failures } = split(outcomes);
      expect(successes).toHaveLength(winners);
      expect(failures).toHaveLength(20 - winners);
      const left = stock - winners * take;
      for (const failure of failures) {
        expect(failure).toMatchObject({ code: "PT409", message: "INSUFFICIENT_STOCK" });
        expect(hintOf(failure)).toMatchObject({ product_id: product.id, requested: take, available: left });
      }

      expect(await stockOf(db.sql, product.id)).toBe(left);
      expect(await integrityProblems(db.sql)).toEqual([]);
      const ledger = await movementsOf(product.id);
      const exits = ledger.filter((movement) => movement.movement_type === "EXIT");
      const expectedSteps = Array.from({ length: winners }, (_, i) => [stock - i * take, stock - (i + 1) * take]);
      expect(exits.map((movement) => [movement.previous_stock, movement.new_stock])).toEqual(expectedSteps);
      expect(exits.map((movement) => movement.id).sort()).toEqual(successes.map((movement) => movement.id).sort());
      // The initial entry and the winners' exits: the losers wrote nothing.
      expect(ledger).toHaveLength(1 + winners);
    },
  );
});

describe("entries and exits racing on one product", () => {
  it("100 entries and 100 exits never lose an update", async () => {
    const seed = seedFromEnv(20261122);
    const random = new Random(seed);
    const initial = 30;
    const product = await createProduct(db.sql, { stock: initial });
    const calls = random.shuffle([
      ...Array.from({ length: 100 }, () => ({
        name: "register_stock_entry",
        actor: random.pick([users.staff, users.manager, users.admin]),
        quantity: random.int(1, 20),
      })),
      ...Array.from({ length: 100 }, () => ({
        name: "register_stock_exit",
        actor: random.pick([users.manager, users.admin]),
        quantity: random.int(1, 20),
      })),
    ]);

    const outcomes = await raceBehindLock(db.sql, [product.id], POOL_SIZE, () =>
      calls.map((call) =>
        attempt(rpcAs<Movement>(pool.sql, call.actor, call.name, { product_id: product.id, quantity: call.quantity })),
      ),
    );

    const context = `seed ${seed}`;
    expect(concurrencyFailures(outcomes), context).toEqual([]);
    let expected = initial;
    const returned: Movement[] = [];
    calls.forEach((call, index) => {
      const outcome = outcomes[index];
      if (!outcome) throw new Error("missing outcome");
      if (call.name === "register_stock_entry") {
        expect(outcome.ok, `${context}: an entry must never fail`).toBe(true);
      }
      if (outcome.ok) {
        const movement = outcome.value;
        expect(movement, context).toMatchObject({
          product_id: product.id,
          movement_type: call.name === "register_stock_entry" ? "ENTRY" : "EXIT",
          quantity: call.quantity,
          created_by: call.actor.id,
        });
        expected += call.name === "register_stock_entry" ? call.quantity : -call.quantity;
        returned.push(movement);
      } else {
        expect(outcome.error, context).toMatchObject({ code: "PT409", message: "INSUFFICIENT_STOCK" });
        const hint = hintOf(outcome.error);
        expect(hint.requested, context).toBe(call.quantity);
        expect(hint.available as number, context).toBeLessThan(call.quantity);
      }
    });

    const current = await stockOf(db.sql, product.id);
    expect(current, context).toBe(expected);
    const ledger = await movementsOf(product.id);
    expect(
      ledger.reduce((sum, movement) => sum + movement.new_stock - movement.previous_stock, 0),
      context,
    ).toBe(current);
    // The ledger after the initial entry is exactly what the successful calls returned …
    expect(ledger.slice(1).map(comparable), context).toEqual(returned.sort(bySeq).map(comparable));
    // … and those calls form one unbroken chain from the initial stock to the final one.
    expect(chainProblems(returned, initial, current), context).toEqual([]);
    expect(await integrityProblems(db.sql)).toEqual([]);
  });
});

describe("adjust_stock with expected_stock racing with exits", () => {
  it("a count taken before an exit committed is refused with STOCK_CHANGED, never applied over the exit", async () => {
    const product = await createProduct(db.sql, { stock: 20 });
    let letExitCommit = () => {};
    const exitMayCommit = new Promise<void>((resolve) => {
      letExitCommit = resolve;
    });
    let exitWritten = () => {};
    const exitHoldsTheLock = new Promise<void>((resolve) => {
      exitWritten = resolve;
    });
    // An exit of 3 that has written its movement but not yet committed: it holds the product lock.
    const exit = attempt(
      actAs(pool.sql, users.manager, async (tx) => {
        const movement = await rpc<Movement>(tx, "register_stock_exit", { product_id: product.id, quantity: 3 });
        exitWritten();
        await exitMayCommit;
        return movement;
      }),
    );
    let counts: Promise<Outcome<Movement>[]>;
    try {
      await exitHoldsTheLock;
      // Two counts reach the database while the exit is in flight: one taken before it (20),
      // one taken after it (17). Both must wait for the exit's lock.
      const tracked = track([
        attempt(
          rpcAs<Movement>(pool.sql, users.admin, "adjust_stock", {
            product_id: product.id,
            new_stock: 25,
            expected_stock: 20,
          }),
        ),
        attempt(
          rpcAs<Movement>(pool.sql, users.manager, "adjust_stock", {
            product_id: product.id,
            new_stock: 16,
            expected_stock: 17,
          }),
        ),
      ]);
      counts = tracked.all;
      await waitForLockWaiters(db.sql, 2, tracked.settled);
    } finally {
      letExitCommit();
    }
    const exitOutcome = await exit;
    const [staleOutcome, freshOutcome] = await counts;
    if (!staleOutcome || !freshOutcome) throw new Error("missing outcome");

    expect(exitOutcome).toMatchObject({ ok: true, value: { previous_stock: 20, new_stock: 17 } });
    // Whichever adjust ran first, the stale one can never see 20 again …
    expect(staleOutcome.ok).toBe(false);
    if (!staleOutcome.ok) {
      expect(staleOutcome.error).toMatchObject({ code: "PT409", message: "STOCK_CHANGED" });
      expect(hintOf(staleOutcome.error).expected_stock).toBe(20);
      expect([17, 16]).toContain(hintOf(staleOutcome.error).current_stock);
    }
    // … and the fresh one always finds the 17 it expected.
    expect(freshOutcome).toMatchObject({
      ok: true,
      value: { movement_type: "ADJUSTMENT", previous_stock: 17, new_stock: 16, quantity: 1 },
    });
    expect(await stockOf(db.sql, product.id)).toBe(16);
    expect((await movementsOf(product.id)).map((movement) => [movement.movement_type, movement.new_stock])).toEqual([
      ["ENTRY", 20],
      ["EXIT", 17],
      ["ADJUSTMENT", 16],
    ]);
    expect(await integrityProblems(db.sql)).toEqual([]);
  });

  it("counts taken while exits run either apply against the stock they expected or are refused", async () => {
    const seed = seedFromEnv(7_041_977);
    const random = new Random(seed);
    const initial = 400;
    const product = await createProduct(db.sql, { stock: initial });
    type Call =
      | { kind: "exit"; actor: typeof users.manager; quantity: number }
      | { kind: "count"; actor: typeof users.manager; delta: number };
    const calls: Call[] = random.shuffle([
      ...Array.from(
        { length: 90 },
        (): Call => ({
          kind: "exit",
          actor: random.pick([users.manager, users.admin]),
          quantity: random.int(1, 8),
        }),
      ),
      ...Array.from(
        { length: 40 },
        (): Call => ({
          kind: "count",
          actor: random.pick([users.manager, users.admin]),
          delta: random.int(-3, 3),
        }),
      ),
    ]);

    // A count reads the stock (as the shelf-count screen does), then submits it as expected_stock.
    const expectedByCall = new Map<number, { expected: number; newStock: number }>();
    const outcomes = await Promise.all(
      calls.map(async (call, index) => {
        if (call.kind === "exit") {
          return attempt(
            rpcAs<Movement>(pool.sql, call.actor, "register_stock_exit", {
              product_id: product.id,
              quantity: call.quantity,
            }),
          );
        }
        const expected = await stockOf(pool.sql, product.id);
        const newStock = Math.max(0, expected + call.delta);
        expectedByCall.set(index, { expected, newStock });
        return attempt(
          rpcAs<Movement>(pool.sql, call.actor, "adjust_stock", {
            product_id: product.id,
            new_stock: newStock,
            expected_stock: expected,
          }),
        );
      }),
    );

    const context = `seed ${seed}`;
    expect(concurrencyFailures(outcomes), context).toEqual([]);
    const returned: Movement[] = [];
    const expectedOfAdjustment = new Map<string, number>();
    calls.forEach((call, index) => {
      const outcome = outcomes[index];
      if (!outcome) throw new Error("missing outcome");
      if (call.kind === "exit") {
        if (outcome.ok) {
          expect(outcome.value, context).toMatchObject({ movement_type: "EXIT", quantity: call.quantity });
        } else {
          expect(outcome.error, context).toMatchObject({ code: "PT409", message: "INSUFFICIENT_STOCK" });
        }
      } else {
        const count = expectedByCall.get(index);
        if (!count) throw new Error("missing count");
        if (outcome.ok) {
          // Applied: against exactly the stock the count expected.
          expect(outcome.value, context).toMatchObject({
            movement_type: "ADJUSTMENT",
            previous_stock: count.expected,
            new_stock: count.newStock,
            quantity: Math.abs(count.newStock - count.expected),
          });
          expectedOfAdjustment.set(outcome.value.id, count.expected);
        } else {
          // Refused: the stock really was something else.
          expect(outcome.error, context).toMatchObject({ code: "PT409", message: "STOCK_CHANGED" });
          const hint = hintOf(outcome.error);
          expect(hint.expected_stock, context).toBe(count.expected);
          expect(hint.current_stock, context).not.toBe(count.expected);
        }
      }
      if (outcome.ok) returned.push(outcome.value);
    });

    const current = await stockOf(db.sql, product.id);
    const ledger = await movementsOf(product.id);
    expect(ledger.slice(1).map(comparable), context).toEqual(returned.sort(bySeq).map(comparable));
    // Replaying the whole ledger is consistent and ends at the stock.
    expect(chainProblems(ledger, 0, current), context).toEqual([]);
    // Every ADJUSTMENT in the ledger was applied on top of the stock its caller expected.
    const adjustments = ledger.filter((movement) => movement.movement_type === "ADJUSTMENT");
    expect(adjustments.length, context).toBe(expectedOfAdjustment.size);
    for (const adjustment of adjustments) {
      expect(adjustment.previous_stock, context).toBe(expectedOfAdjustment.get(adjustment.id));
    }
    expect(await integrityProblems(db.sql)).toEqual([]);
  });
});
