import type { Sql } from "../helpers/db.ts";
import type { Movement } from "../helpers/fixtures.ts";

/** A ledger row as these tests read it back: every column of a movement but created_at. */
export type LedgerRow = Omit<Movement, "created_at">;

/** Orders movements by their ledger sequence. */
export function bySeq(a: LedgerRow, b: LedgerRow): number {
  return Number(BigInt(a.seq) - BigInt(b.seq));
}

/** The fields both an RPC's returned movement and a ledger query carry, for comparing the two. */
export function comparable(movement: LedgerRow) {
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
export function chainProblems(movements: LedgerRow[], startStock: number, finalStock: number): string[] {
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
