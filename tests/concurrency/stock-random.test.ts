import { Random, seedFromEnv } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import { type Actor, anon, rpcAs } from "../helpers/act.ts";
import { usePool, useTestDatabase } from "../helpers/db.ts";
import { attempt, CONCURRENCY_FAILURES, type Failure, hintOf, type Outcome } from "../helpers/errors.ts";
import { createProduct, createRoleUsers, integrityProblems, type Movement, writeCounts } from "../helpers/fixtures.ts";
import { bySeq, chainProblems, comparable, type LedgerRow } from "./race.ts";

/**
 * A seeded, randomized workload from many connections at once over a few
 * products, so that calls really contend: entries, exits (some refused for lack
 * of stock), counts with and without expected_stock, and bad input mixed in.
 * The sequence of operations is reproducible from the seed (COMARAPA_SEED=…);
 * their interleaving is not, and nothing asserted depends on it.
 */

const SEED = seedFromEnv(0x0c0a_2026);
const OPERATIONS = 3_000;
const WORKERS = 20;
const PRODUCTS = 10;

const db = useTestDatabase();
const pool = usePool(db, WORKERS);

type Rpc = "register_stock_entry" | "register_stock_exit" | "adjust_stock";

/** What a call may do, decided before it runs. */
type Expectation =
  | { kind: "entry" } // always succeeds
  | { kind: "exit" } // succeeds, or INSUFFICIENT_STOCK when the stock is short at that moment
  | { kind: "set" } // an adjust without expected_stock: always succeeds
  | { kind: "count" } // an adjust with expected_stock: applies on exactly that stock, or STOCK_CHANGED
  | { kind: "refused"; code: string; message?: string }; // bad input: always this error, writes nothing

interface Operation {
  label: string;
  actor: Actor;
  name: Rpc;
  args: Record<string, unknown>;
  expect: Expectation;
  /** A shelf count: read the stock first and send it as expected_stock, new_stock = read + delta. */
  countDelta?: number;
}

interface Result {
  index: number;
  operation: Operation;
  args: Record<string, unknown>;
  outcome: Outcome<Movement>;
}

const ENTRY_REASONS = ["PURCHASE", "RETURN", "INITIAL_STOCK", "OTHER", " purchase ", "Return"];
const EXIT_REASONS = ["DAMAGE", "LOSS", "INTERNAL_USE", "OTHER", "loss"];
const ADJUST_REASONS = ["COUNT_CORRECTION", "OTHER", "count_correction"];
const NOTES = [
  undefined,
  undefined,
  null,
  "",
  "   ",
  "Recuento del pasillo 3",
  "Caja dañada por humedad",
  "ñ".repeat(500),
];

function normalized(reason: unknown, fallback: string): string {
  return typeof reason === "string" ? reason.trim().toUpperCase() : fallback;
}

function storedNotes(notes: unknown): string | null {
  return typeof notes === "string" && notes.trim() !== "" ? notes.trim() : null;
}

describe(`a randomized workload (seed ${SEED}, ${OPERATIONS} operations, ${WORKERS} connections, ${PRODUCTS} products)`, () => {
  it("keeps every product's stock equal to its ledger, and failed calls write nothing", async () => {
    const random = new Random(SEED);
    const context = `seed ${SEED} (replay with COMARAPA_SEED=${SEED})`;
    const users = await createRoleUsers(db.sql);
    const products: { id: string; initial: number }[] = [];
    for (let i = 0; i < PRODUCTS; i += 1) {
      const initial = random.chance(0.2) ? 0 : random.int(1, 30);
      products.push({ id: (await createProduct(db.sql, { stock: initial })).id, initial });
    }
    const inactive = await createProduct(db.sql, { stock: 7, active: false });
    const [{ mark } = { mark: "0" }] = await db.sql<{ mark: string }[]>`
      select coalesce(max(seq), 0)::text as mark from public.inventory_movements
    `;
    const before = await writeCounts(db.sql);

    const entryActors = [users.staff, users.manager, users.admin];
    const managerActors = [users.manager, users.admin];
    const product = () => ({ product_id: random.pick(products).id });
    const withNotes = (args: Record<string, unknown>) => {
      const notes = random.pick(NOTES);
      return notes === undefined ? args : { ...args, notes };
    };
    const refused = (code: string, message?: string): Expectation => ({ kind: "refused", code, message });
    const INVALID_QUANTITY = refused("PT400", "INVALID_QUANTITY");
    const INVALID_REASON = refused("PT400", "INVALID_REASON");
    const FORBIDDEN = refused("PT403", "FORBIDDEN");
    const WRONG_TYPE = refused("22P02");

    // Each maker returns one operation; bad ones have exactly one defect, so their error is known.
    const badInputs: (() => Operation)[] = [
      () => ({
        label: "entry of 0",
        actor: users.staff,
        name: "register_stock_entry",
        args: { ...product(), quantity: 0 },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "entry of -5",
        actor: users.manager,
        name: "register_stock_entry",
        args: { ...product(), quantity: -5 },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "entry of 1,000,001",
        actor: users.admin,
        name: "register_stock_entry",
        args: { ...product(), quantity: 1_000_001 },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "entry of null",
        actor: users.staff,
        name: "register_stock_entry",
        args: { ...product(), quantity: null },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "exit of 0",
        actor: users.manager,
        name: "register_stock_exit",
        args: { ...product(), quantity: 0 },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "exit of -1",
        actor: users.admin,
        name: "register_stock_exit",
        args: { ...product(), quantity: -1 },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "count of -1",
        actor: users.manager,
        name: "adjust_stock",
        args: { ...product(), new_stock: -1 },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "count of 1,000,001",
        actor: users.manager,
        name: "adjust_stock",
        args: { ...product(), new_stock: 1_000_001, expected_stock: 0 },
        expect: INVALID_QUANTITY,
      }),
      () => ({
        label: "entry of a word",
        actor: users.staff,
        name: "register_stock_entry",
        args: { ...product(), quantity: "muchos" },
        expect: WRONG_TYPE,
      }),
      () => ({
        label: "exit of 2.5",
        actor: users.manager,
        name: "register_stock_exit",
        args: { ...product(), quantity: 2.5 },
        expect: WRONG_TYPE,
      }),
      () => ({
        label: "entry on a malformed id",
        actor: users.staff,
        name: "register_stock_entry",
        args: { product_id: "no-es-un-uuid", quantity: 1 },
        expect: WRONG_TYPE,
      }),
      () => ({
        label: "entry reason THEFT",
        actor: users.staff,
        name: "register_stock_entry",
        args: { ...product(), quantity: 2, reason: "THEFT" },
        expect: INVALID_REASON,
      }),
      () => ({
        label: "exit reason SALE (sales only)",
        actor: users.manager,
        name: "register_stock_exit",
        args: { ...product(), quantity: 1, reason: "SALE" },
        expect: INVALID_REASON,
      }),
      () => ({
        label: "exit reason PURCHASE",
        actor: users.manager,
        name: "register_stock_exit",
        args: { ...product(), quantity: 1, reason: "PURCHASE" },
        expect: INVALID_REASON,
      }),
      () => ({
        label: "count reason null",
        actor: users.admin,
        name: "adjust_stock",
        args: { ...product(), new_stock: 3, reason: null },
        expect: INVALID_REASON,
      }),
      () => ({
        label: "entry with 501-char notes",
        actor: users.staff,
        name: "register_stock_entry",
        args: { ...product(), quantity: 1, notes: "x".repeat(501) },
        expect: refused("PT400", "VALIDATION_ERROR"),
      }),
      () => ({
        label: "entry on an unknown product",
        actor: users.staff,
        name: "register_stock_entry",
        args: { product_id: random.uuid(), quantity: 1 },
        expect: refused("PT404", "PRODUCT_NOT_FOUND"),
      }),
      () => ({
        label: "exit on a null product",
        actor: users.manager,
        name: "register_stock_exit",
        args: { product_id: null, quantity: 1 },
        expect: refused("PT404", "PRODUCT_NOT_FOUND"),
      }),
      () => ({
        label: "entry on an inactive product",
        actor: users.staff,
        name: "register_stock_entry",
        args: { product_id: inactive.id, quantity: 1 },
        expect: refused("PT409", "PRODUCT_INACTIVE"),
      }),
      () => ({
        label: "exit on an inactive product",
        actor: users.manager,
        name: "register_stock_exit",
        args: { product_id: inactive.id, quantity: 1 },
        expect: refused("PT409", "PRODUCT_INACTIVE"),
      }),
      () => ({
        label: "count on an inactive product",
        actor: users.admin,
        name: "adjust_stock",
        args: { product_id: inactive.id, new_stock: 0 },
        expect: refused("PT409", "PRODUCT_INACTIVE"),
      }),
      () => ({
        label: "exit by staff",
        actor: users.staff,
        name: "register_stock_exit",
        args: { ...product(), quantity: 1 },
        expect: FORBIDDEN,
      }),
      () => ({
        label: "count by staff",
        actor: users.staff,
        name: "adjust_stock",
        args: { ...product(), new_stock: 1 },
        expect: FORBIDDEN,
      }),
      () => ({
        label: "entry by a viewer",
        actor: users.viewer,
        name: "register_stock_entry",
        args: { ...product(), quantity: 1 },
        expect: FORBIDDEN,
      }),
      () => ({
        label: "entry by a user without a role",
        actor: users.noRole,
        name: "register_stock_entry",
        args: { ...product(), quantity: 1 },
        expect: FORBIDDEN,
      }),
      () => ({
        label: "entry by anon",
        actor: anon,
        name: "register_stock_entry",
        args: { ...product(), quantity: 1 },
        expect: refused("42501"),
      }),
      () => ({
        label: "exit of 1,000,000 (more than any stock here)",
        actor: users.admin,
        name: "register_stock_exit",
        args: { ...product(), quantity: 1_000_000 },
        expect: refused("PT409", "INSUFFICIENT_STOCK"),
      }),
    ];

    const operations: Operation[] = Array.from({ length: OPERATIONS }, (): Operation => {
      const roll = random.next();
      if (roll < 0.3) {
        const target = product();
        return {
          label: "entry",
          actor: random.pick(entryActors),
          name: "register_stock_entry",
          args: withNotes({
            ...target,
            quantity: random.int(1, 20),
            ...(random.chance(0.7) ? { reason: random.pick(ENTRY_REASONS) } : {}),
          }),
          expect: { kind: "entry" },
        };
      }
      if (roll < 0.6) {
        const target = product();
        return {
          label: "exit",
          actor: random.pick(managerActors),
          name: "register_stock_exit",
          args: withNotes({
            ...target,
            quantity: random.int(1, 25),
            ...(random.chance(0.7) ? { reason: random.pick(EXIT_REASONS) } : {}),
          }),
          expect: { kind: "exit" },
        };
      }
      if (roll < 0.68) {
        const target = product();
        return {
          label: "count without expected_stock",
          actor: random.pick(managerActors),
          name: "adjust_stock",
          args: withNotes({
            ...target,
            new_stock: random.int(0, 40),
            ...(random.chance(0.5) ? { reason: random.pick(ADJUST_REASONS) } : {}),
          }),
          expect: { kind: "set" },
        };
      }
      if (roll < 0.76) {
        const target = product();
        return {
          label: "count of the stock just read",
          actor: random.pick(managerActors),
          name: "adjust_stock",
          args: withNotes({ ...target }),
          countDelta: random.int(-4, 4),
          expect: { kind: "count" },
        };
      }
      if (roll < 0.8) {
        const target = product();
        return {
          label: "count against a guessed stock",
          actor: random.pick(managerActors),
          name: "adjust_stock",
          args: { ...target, new_stock: random.int(0, 40), expected_stock: random.int(0, 30) },
          expect: { kind: "count" },
        };
      }
      return random.pick(badInputs)();
    });

    // WORKERS connections, each running its share of the operations one after another.
    const results: Result[] = [];
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, worker) => {
        for (let index = worker; index < operations.length; index += WORKERS) {
          const operation = operations[index] as Operation;
          let args = operation.args;
          if (operation.countDelta !== undefined) {
            const [row] = await pool.sql<{ current_stock: number }[]>`
              select current_stock from public.products where id = ${args.product_id as string}
            `;
            const read = row?.current_stock ?? 0;
            args = { ...args, new_stock: Math.max(0, read + operation.countDelta), expected_stock: read };
          }
          const outcome = await attempt(rpcAs<Movement>(pool.sql, operation.actor, operation.name, args), {
            anonymous: operation.actor.kind === "anon",
          });
          results.push({ index, operation, args, outcome });
        }
      }),
    );
    expect(results).toHaveLength(OPERATIONS);

    // Every call did only what its kind allows.
    const problems: string[] = [];
    const returned: Movement[] = [];
    const complain = (result: Result, what: string) =>
      problems.push(`#${result.index} ${result.operation.label} ${JSON.stringify(result.args)}: ${what}`);
    for (const result of results) {
      const { operation, args, outcome } = result;
      const failure: Failure | undefined = outcome.ok ? undefined : outcome.error;
      if (failure && CONCURRENCY_FAILURES.includes(failure.code)) {
        complain(result, `deadlock or serialization failure ${failure.code} ${failure.message}`);
        continue;
      }
      if (operation.expect.kind === "refused") {
        if (outcome.ok) complain(result, `succeeded, expected ${operation.expect.code}`);
        else if (
          failure?.code !== operation.expect.code ||
          (operation.expect.message !== undefined && failure.message !== operation.expect.message)
        ) {
          complain(result, `failed with ${failure?.code} ${failure?.message}, expected ${operation.expect.code}`);
        }
        continue;
      }
      if (!outcome.ok) {
        const hint = hintOf(outcome.error);
        const { code, message } = outcome.error;
        if (operation.expect.kind === "exit" && code === "PT409" && message === "INSUFFICIENT_STOCK") {
          if (!((hint.available as number) < (hint.requested as number)) || hint.requested !== args.quantity) {
            complain(result, `INSUFFICIENT_STOCK with hint ${outcome.error.hint}`);
          }
        } else if (operation.expect.kind === "count" && code === "PT409" && message === "STOCK_CHANGED") {
          if (hint.expected_stock !== args.expected_stock || hint.current_stock === args.expected_stock) {
            complain(result, `STOCK_CHANGED with hint ${outcome.error.hint}`);
          }
        } else {
          complain(result, `failed with ${code} ${message} (${outcome.error.details})`);
        }
        continue;
      }
      const movement = outcome.value;
      returned.push(movement);
      const expected: Partial<Movement> = {
        product_id: args.product_id as string,
        created_by: operation.actor.kind === "user" ? operation.actor.id : null,
        notes: storedNotes(args.notes),
        reference_id: null,
      };
      if (operation.expect.kind === "entry") {
        Object.assign(expected, {
          movement_type: "ENTRY",
          reason: normalized(args.reason, "PURCHASE"),
          quantity: args.quantity,
          new_stock: movement.previous_stock + (args.quantity as number),
        });
      } else if (operation.expect.kind === "exit") {
        Object.assign(expected, {
          movement_type: "EXIT",
          reason: normalized(args.reason, "DAMAGE"),
          quantity: args.quantity,
          new_stock: movement.previous_stock - (args.quantity as number),
        });
      } else {
        Object.assign(expected, {
          movement_type: "ADJUSTMENT",
          reason: normalized(args.reason, "COUNT_CORRECTION"),
          new_stock: args.new_stock,
          quantity: Math.abs((args.new_stock as number) - movement.previous_stock),
          ...(operation.expect.kind === "count" ? { previous_stock: args.expected_stock } : {}),
        });
      }
      for (const [field, value] of Object.entries(expected)) {
        if (movement[field as keyof Movement] !== value) {
          complain(result, `returned ${field} ${movement[field as keyof Movement]}, expected ${value}`);
        }
      }
    }
    expect(problems.slice(0, 20), `${context}: ${problems.length} wrong outcomes`).toEqual([]);

    // The ledger is consistent, and is exactly the initial entries plus what the successful calls returned.
    expect(await integrityProblems(db.sql), context).toEqual([]);
    const after = await writeCounts(db.sql);
    expect(after.products, context).toBe(before.products);
    expect((after.inventory_movements ?? 0) - (before.inventory_movements ?? 0), context).toBe(returned.length);
    const written = await db.sql<LedgerRow[]>`
      select m.id, m.seq::text as seq, m.product_id, m.movement_type::text as movement_type, m.quantity, m.reason,
             m.reference_id, m.notes, m.previous_stock, m.new_stock, m.created_by
        from public.inventory_movements m where m.seq > ${mark}::bigint order by m.seq
    `;
    expect(written.map(comparable), context).toEqual([...returned].sort(bySeq).map(comparable));

    const stocks = new Map(
      (
        await db.sql<{ id: string; current_stock: number }[]>`
          select id, current_stock from public.products where id = any(${[...products.map((p) => p.id), inactive.id]}::uuid[])
        `
      ).map((row) => [row.id, row.current_stock]),
    );
    const initialEntries = products.filter((p) => p.initial > 0).length + 1;
    const [{ n: ledgerRows } = { n: -1 }] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from public.inventory_movements
       where product_id = any(${[...products.map((p) => p.id), inactive.id]}::uuid[])
    `;
    expect(ledgerRows, context).toBe(returned.length + initialEntries);
    expect(stocks.get(inactive.id), context).toBe(7);
    for (const { id, initial } of products) {
      const current = stocks.get(id) as number;
      const own = returned.filter((movement) => movement.product_id === id);
      // The stock computed from the initial stock and the successful calls is the stock in the database.
      expect(chainProblems(own, initial, current), `${context}: product ${id}`).toEqual([]);
    }

    // The seed really produced a mixed workload (a property of the seed, not of the race).
    const kinds = new Set(operations.map((operation) => operation.label));
    expect(kinds.size, context).toBeGreaterThan(20);
    console.info(
      `${context}: ${returned.length} of ${OPERATIONS} calls succeeded; ` +
        `${results.filter((r) => !r.outcome.ok && r.operation.expect.kind !== "refused").length} lost a race for stock or a count`,
    );
  });
});
