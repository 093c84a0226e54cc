import {
  createDatabase,
  type FunctionsServer,
  freePort,
  migrateDatabase,
  type PostgresServer,
  startFunctions,
  startThrowawayPostgres,
} from "@comarapa/local-stack";
import { rpcAs, serviceRole } from "@comarapa/testkit";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKeys, tokenFor } from "../helpers/act.ts";
import { createProduct, createUser, type ProductFixture } from "../helpers/fixtures.ts";

/**
 * The functions survive what the database survives. This file has a
 * Postgres of its own (the shared one serves every other file), restarts it
 * with an immediate shutdown — a crash, as `kill -9` of the backends — while
 * eight cashiers sell through the `sales` function under Deno, and checks
 * that the Deno process never dies, no connection is left broken, a client
 * that retries a 503 with the same Idempotency-Key never sells twice, and
 * the ledger stays whole.
 */

const CASHIERS = 8;
const RESTARTS = 3;

let server: PostgresServer;
let sql: postgres.Sql;
let functions: FunctionsServer;
let product: ProductFixture;
let tokens: string[];
const STOCK = 100_000;

beforeAll(async () => {
  server = await startThrowawayPostgres("comarapa-faults-");
  await createDatabase(server, "faults");
  await migrateDatabase(server.url("faults"));
  sql = postgres(server.url("faults"), { max: 4, onnotice: () => {}, prepare: false });
  product = await createProduct(sql, { stock: STOCK, unitPrice: "2.00" });
  const cashiers = await Promise.all(Array.from({ length: CASHIERS }, () => createUser(sql, "staff", "cajero")));
  tokens = await Promise.all(cashiers.map((cashier) => tokenFor(cashier)));
  functions = await startFunctions({
    port: await freePort(),
    dbUrl: server.url("faults"),
    keys: testKeys(),
    only: ["sales"],
    onLog: () => {},
  });
}, 120_000);

afterAll(async () => {
  await functions?.stop();
  await sql?.end({ timeout: 1 });
  await server?.close();
});

interface Attempt {
  status: number;
  code?: string;
  retryAfter: string | null;
  ms: number;
}

/** POST /sales of one unit with this key, as cashier `who`, timed; a failed exchange counts as status 0. */
async function sell(who: number, key: string): Promise<Attempt> {
  const started = performance.now();
  try {
    const res = await fetch(`${functions.url}/sales`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        "content-type": "application/json",
        "idempotency-key": key,
      },
      body: JSON.stringify({ items: [{ product_id: product.id, quantity: 1 }] }),
    });
    const body = (await res.json()) as { error?: { code: string } };
    const retryAfter = res.headers.get("retry-after");
    return { status: res.status, code: body.error?.code, retryAfter, ms: performance.now() - started };
  } catch {
    return { status: 0, retryAfter: null, ms: performance.now() - started };
  }
}

describe("a database restart under concurrent sales", () => {
  it("never ends the function's process, leaves no broken connection, and never sells a key twice", async () => {
    const pid = functions.pids.sales;
    const keys: { key: string; sold: boolean }[] = [];
    const answers: Attempt[] = [];
    let stopping = false;
    let succeeded = 0;

    // Each cashier sells one unit after another; a 503 (or no answer) is retried with the same key, at once.
    const cashier = async (who: number) => {
      while (!stopping) {
        const entry = { key: `caja${who}-${crypto.randomUUID()}`, sold: false };
        keys.push(entry);
        for (let attempt = 0; attempt < 400 && !entry.sold && !stopping; attempt += 1) {
          const answer = await sell(who, entry.key);
          answers.push(answer);
          if (answer.status === 201) {
            entry.sold = true;
            succeeded += 1;
          } else {
            expect([0, 502, 503], JSON.stringify(answer)).toContain(answer.status);
          }
        }
      }
    };
    const progress = async (more: number) => {
      const target = succeeded + more;
      while (succeeded < target) await new Promise((resolve) => setImmediate(resolve));
    };

    const load = Array.from({ length: CASHIERS }, (_, who) => cashier(who));
    for (let restart = 0; restart < RESTARTS; restart += 1) {
      await progress(40);
      await server.stop("immediate");
      await server.start();
      // Within moments of the database's return the cashiers sell again.
      await progress(20);
    }
    stopping = true;
    await Promise.all(load);

    // The Deno process lived through every restart (the gateway did not have to restart it).
    expect(functions.pids.sales).toBe(pid);
    expect(() => process.kill(pid as number, 0)).not.toThrow();

    // Every refusal during the outages was a fast, coded 503 saying when to retry.
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.length, "the restarts were felt").toBeGreaterThan(0);
    for (const answer of refused.filter((a) => a.status === 503)) {
      expect(["SERVICE_UNAVAILABLE", "DATABASE_TIMEOUT"]).toContain(answer.code);
      expect(answer.retryAfter).toBe("1");
    }
    expect(Math.max(...refused.map((answer) => answer.ms))).toBeLessThan(5_000);

    // No broken connection left: twenty sales in a row, each answered at once.
    for (let i = 0; i < 20; i += 1) {
      const answer = await sell(i % CASHIERS, `after-${crypto.randomUUID()}`);
      expect(answer.status, JSON.stringify(answer)).toBe(201);
    }

    // Never a key sold twice; every key answered 201 has its one sale; the ledger is whole.
    const rows = await sql<{ idempotency_key: string; n: number }[]>`
      select idempotency_key, count(*)::int as n from public.sales where idempotency_key like 'caja%' group by 1
    `;
    const counted = new Map(rows.map((row) => [row.idempotency_key, row.n]));
    expect(Math.max(...counted.values())).toBe(1);
    for (const entry of keys.filter((k) => k.sold)) expect(counted.get(entry.key), entry.key).toBe(1);
    const [stock] = await sql<{ current_stock: number; sold: number }[]>`
      select p.current_stock, (select count(*)::int from public.sales) as sold from public.products p where p.id = ${product.id}
    `;
    expect((stock?.current_stock ?? 0) + (stock?.sold ?? 0)).toBe(STOCK);
    expect(await rpcAs(sql, serviceRole, "check_stock_integrity")).toEqual([]);
  });
});
