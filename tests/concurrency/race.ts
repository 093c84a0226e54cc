import postgres from "postgres";
import type { Sql } from "../helpers/db.ts";

/** A row of public.inventory_movements, as the stock RPCs return it. */
export interface Movement {
  id: string;
  seq: string;
  product_id: string;
  movement_type: "ENTRY" | "EXIT" | "ADJUSTMENT";
  quantity: number;
  reason: string;
  reference_id: string | null;
  notes: string | null;
  previous_stock: number;
  new_stock: number;
  created_by: string | null;
}

/** Orders movements by their ledger sequence. */
export function bySeq(a: Movement, b: Movement): number {
  return Number(BigInt(a.seq) - BigInt(b.seq));
}

/** The fields both an RPC's returned movement and a ledger query carry, for comparing the two. */
export function comparable(movement: Movement) {
  const { id, seq, product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock } =
    movement;
  return {
    id,
    seq: String(seq),
    product_id,
    movement_type,
    quantity,
    reason,
    reference_id,
    notes,
    previous_stock,
    new_stock,
    created_by: movement.created_by,
  };
}

/** What a failed RPC call told its caller (the fields PostgREST forwards). */
export interface Failure {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Failure };

/**
 * Awaits one call and turns a database error into a value, so a batch of racing
 * calls can be awaited together. Anything that is not an error raised by
 * Postgres (a dropped connection, a bug in the test) still throws.
 */
export async function attempt<T>(call: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (error instanceof postgres.PostgresError) {
      return { ok: false, error: { code: error.code, message: error.message, detail: error.detail, hint: error.hint } };
    }
    throw error;
  }
}

/** The JSON context a stock error carries in its hint. */
export function hintOf(failure: Failure): Record<string, unknown> {
  return failure.hint ? (JSON.parse(failure.hint) as Record<string, unknown>) : {};
}

/** SQLSTATEs that must never reach a caller of the stock RPCs: deadlock and serialization failure. */
export const CONCURRENCY_FAILURES = ["40P01", "40001"];

export function concurrencyFailures(outcomes: Outcome<unknown>[]): Failure[] {
  return outcomes.flatMap((outcome) =>
    !outcome.ok && CONCURRENCY_FAILURES.includes(outcome.error.code) ? [outcome.error] : [],
  );
}

/** mulberry32: a small seeded PRNG, so a failing randomized run can be replayed from its seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }

  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}

/** The seed of a randomized test: `COMARAPA_SEED` when set (to replay a failure), else the given default. */
export function seedFromEnv(fallback: number): number {
  const fromEnv = process.env.COMARAPA_SEED;
  if (fromEnv === undefined || fromEnv === "") return fallback;
  const seed = Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`COMARAPA_SEED must be an integer, got ${fromEnv}`);
  return seed;
}

/** How many backends of this database are waiting for a lock right now. */
async function lockWaiters(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock'
  `;
  return row?.n ?? 0;
}

/**
 * Tracks a batch of calls already started, and how many of them have settled.
 */
export function track<T>(calls: Promise<T>[]): { all: Promise<T[]>; settled: () => number } {
  let settled = 0;
  for (const call of calls) {
    call.then(
      () => {
        settled += 1;
      },
      () => {
        settled += 1;
      },
    );
  }
  const all = Promise.all(calls);
  all.catch(() => {});
  return { all, settled: () => settled };
}

/**
 * Waits until `count` calls are, at one moment, each either blocked on a lock
 * in the database or already finished (`settled`): a bounded poll of
 * pg_stat_activity, not a sleep. With the product lock held elsewhere, a call
 * can only finish early by not taking that lock, so a correct RPC makes all of
 * them wait.
 */
export async function waitForLockWaiters(
  sql: Sql,
  count: number,
  settled: () => number = () => 0,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await lockWaiters(sql);
    if (seen + settled() >= count) return;
    if (Date.now() > deadline) {
      throw new Error(`only ${seen} of ${count} concurrent transactions were ever seen waiting on a lock`);
    }
  }
}

/**
 * Makes a race certain instead of likely: holds the row lock of the given
 * products on a connection of its own, starts the calls, waits until `waiters`
 * of them (each on its own connection) are blocked on a lock at once, then lets
 * them all go. Proves the calls really ran on that many concurrent connections.
 */
export async function raceBehindLock<T>(
  sql: Sql,
  productIds: string[],
  waiters: number,
  launch: () => Promise<T>[],
): Promise<T[]> {
  const blocker = await sql.reserve();
  let running: Promise<T[]> | undefined;
  try {
    await blocker`begin`;
    await blocker`select id from public.products where id = any(${productIds}::uuid[]) for update`;
    const calls = track(launch());
    running = calls.all;
    await waitForLockWaiters(sql, waiters, calls.settled);
  } finally {
    await blocker`rollback`;
    blocker.release();
  }
  return running;
}

/**
 * Checks a product's ledger the way check_stock_integrity() defines it, on the
 * given rows (any order): each previous_stock is the new_stock before it and
 * the last new_stock is the stock. Returns a list of problems (empty if none).
 */
export function chainProblems(movements: Movement[], startStock: number, finalStock: number): string[] {
  const problems: string[] = [];
  const ordered = [...movements].sort(bySeq);
  let stock = startStock;
  for (const movement of ordered) {
    if (movement.previous_stock !== stock) {
      problems.push(`seq ${movement.seq}: previous_stock ${movement.previous_stock}, expected ${stock}`);
    }
    const change = movement.new_stock - movement.previous_stock;
    const expectedChange =
      movement.movement_type === "ENTRY"
        ? movement.quantity
        : movement.movement_type === "EXIT"
          ? -movement.quantity
          : change;
    if (
      change !== expectedChange ||
      (movement.movement_type === "ADJUSTMENT" && Math.abs(change) !== movement.quantity)
    ) {
      problems.push(`seq ${movement.seq}: ${movement.movement_type} ${movement.quantity} does not match ${change}`);
    }
    if (movement.new_stock < 0) problems.push(`seq ${movement.seq}: negative stock ${movement.new_stock}`);
    stock = movement.new_stock;
  }
  if (stock !== finalStock) problems.push(`ledger ends at ${stock}, current_stock is ${finalStock}`);
  return problems;
}
