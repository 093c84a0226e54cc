import { rpcAs } from "@comarapa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, type Pool } from "../../supabase/functions/_shared/db.ts";
import { waitForLockWaiters } from "../concurrency/race.ts";
import { buildApps, postJson, read, type Target } from "../functions/support.ts";
import { testKeys } from "../helpers/act.ts";
import { connect, type Sql, useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, type ProductFixture, stockOf, useRoleUsers } from "../helpers/fixtures.ts";

/**
 * One request must not hold the database, and one stuck product must not
 * take the others down: every request is bounded (the role's statement
 * timeout, the function's own, a 2 s lock wait), a timed-out sale answers a
 * coded 503 and writes nothing, and the pool queues a burst briefly before
 * saying 503.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
const pools: Pool[] = [];
let held: Sql;

beforeAll(() => {
  held = connect(db.url, 4);
});
afterAll(async () => {
  await held.end();
  for (const pool of pools) await pool.end();
});

/** The sales function in-process on a pool of its own. */
function salesApp(options: { max: number; waitMs?: number }): Target {
  const pool = createPool(db.url, options);
  pools.push(pool);
  return buildApps(pool, { jwks: testKeys().jwks, log: () => {} }).sales;
}

/** Holds the row lock of `productId` (a stuck transaction) until the returned release is called. */
async function holdLock(productId: string): Promise<() => Promise<void>> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const transaction = held.begin(async (tx) => {
    await tx`select id from public.products where id = ${productId} for update`;
    locked();
    await released;
  });
  await isLocked;
  return async () => {
    release();
    await transaction;
  };
}

async function sale(target: Target, productIds: string[]) {
  return read<{ id: string }>(
    await postJson(
      target,
      "/sales",
      { items: productIds.map((id) => ({ product_id: id, quantity: 1 })) },
      {
        as: users.staff,
      },
    ),
  );
}

describe("a sale waits at most 2 s for a locked product", () => {
  let a: ProductFixture;
  let b: ProductFixture;

  beforeAll(async () => {
    a = await createProduct(db.sql, { stock: 50 });
    b = await createProduct(db.sql, { stock: 50 });
  });

  it("answers 503 DATABASE_TIMEOUT with Retry-After and writes nothing, while another product sells meanwhile", async () => {
    const app = salesApp({ max: 4 });
    const release = await holdLock(b.id);
    try {
      const order: string[] = [];
      const stuck = sale(app, [b.id]).then((result) => {
        order.push("stuck");
        return result;
      });
      await waitForLockWaiters(db.sql, 1);
      const other = sale(app, [a.id]).then((result) => {
        order.push("other");
        return result;
      });
      const [stuckResult, otherResult] = await Promise.all([stuck, other]);
      expect(otherResult.status).toBe(201);
      expect(order).toEqual(["other", "stuck"]);
      expect(stuckResult.status).toBe(503);
      expect(stuckResult.headers.get("retry-after")).toBe("1");
      expect(stuckResult.body.error).toMatchObject({ code: "DATABASE_TIMEOUT", details: { sqlstate: "55P03" } });
    } finally {
      await release();
    }
    expect(await stockOf(db.sql, b.id)).toBe(50);
  });

  it("a basket holding a locked product keeps its other products locked no longer than that (2 s)", async () => {
    const app = salesApp({ max: 4 });
    // Products are locked in id order: the basket takes `low`, then waits for `high`, which is stuck.
    const [low, high] = [await createProduct(db.sql, { stock: 5 }), await createProduct(db.sql, { stock: 5 })].sort(
      (x, y) => (x.id < y.id ? -1 : 1),
    ) as [ProductFixture, ProductFixture];
    const release = await holdLock(high.id);
    try {
      const order: string[] = [];
      const basket = sale(app, [low.id, high.id]).then((result) => {
        order.push("basket");
        return result;
      });
      await waitForLockWaiters(db.sql, 1);
      const single = sale(app, [low.id]).then((result) => {
        order.push("single");
        return result;
      });
      const [basketResult, singleResult] = await Promise.all([basket, single]);
      // The single sale of `low` waited for the basket's bounded wait to end, then sold.
      expect(order).toEqual(["basket", "single"]);
      expect(basketResult.body.error?.code).toBe("DATABASE_TIMEOUT");
      expect(singleResult.status).toBe(201);
    } finally {
      await release();
    }
    expect(await stockOf(db.sql, low.id)).toBe(4);
  });
});

describe("the caller's role settings are honoured, as PostgREST honours them", () => {
  let product: ProductFixture;

  beforeAll(async () => {
    product = await createProduct(db.sql, { stock: 10 });
    await db.sql.unsafe(`alter role authenticated in database "${db.name}" set statement_timeout = '300ms'`);
  });
  afterAll(async () => {
    await db.sql.unsafe(`alter role authenticated in database "${db.name}" reset statement_timeout`);
  });

  it("a signed-in user's 300 ms statement timeout stops the function's sale before its own 2 s lock wait", async () => {
    const app = salesApp({ max: 2 });
    const release = await holdLock(product.id);
    try {
      const result = await sale(app, [product.id]);
      expect(result.status).toBe(503);
      expect(result.body.error).toMatchObject({ code: "DATABASE_TIMEOUT", details: { sqlstate: "57014" } });
    } finally {
      await release();
    }
    expect(await stockOf(db.sql, product.id)).toBe(10);
  });

  it("and the same call as PostgREST makes it (POST /rpc/create_sale)", async () => {
    const rest = connect(db.url, 1);
    const release = await holdLock(product.id);
    try {
      const failure = await failureOf(
        rpcAs(rest, users.staff, "create_sale", { items: [{ product_id: product.id, quantity: 1 }] }),
      );
      expect(failure.code).toBe("57014");
    } finally {
      await release();
      await rest.end();
    }
  });
});

describe("a burst beyond the pool", () => {
  it("waits briefly for a connection: 20 sales through a pool of 2 all succeed", async () => {
    const app = salesApp({ max: 2, waitMs: 2_000 });
    const products = await Promise.all(Array.from({ length: 20 }, () => createProduct(db.sql, { stock: 1 })));
    const results = await Promise.all(products.map((product) => sale(app, [product.id])));
    expect(results.map((result) => result.status)).toEqual(results.map(() => 201));
  });

  it("is told 503 SERVICE_UNAVAILABLE with Retry-After when no connection frees in time, and writes nothing", async () => {
    const app = salesApp({ max: 1, waitMs: 200 });
    const stuckProduct = await createProduct(db.sql, { stock: 5 });
    const free = await createProduct(db.sql, { stock: 5 });
    const release = await holdLock(stuckProduct.id);
    try {
      const stuck = sale(app, [stuckProduct.id]); // holds the pool's one connection for up to 2 s
      await waitForLockWaiters(db.sql, 1);
      const turnedAway = await sale(app, [free.id]);
      expect(turnedAway.status).toBe(503);
      expect(turnedAway.headers.get("retry-after")).toBe("1");
      expect(turnedAway.body.error?.code).toBe("SERVICE_UNAVAILABLE");
      expect((await stuck).body.error?.code).toBe("DATABASE_TIMEOUT");
    } finally {
      await release();
    }
    expect(await stockOf(db.sql, free.id)).toBe(5);
  });
});
