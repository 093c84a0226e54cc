import { asCaller, callerOf, Random as Prng, rpc, rpcAs, user } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { generateStore } from "../data/store.ts";
import { measureAlternated, measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS, warmPool } from "../stack.ts";
import { createSaleRpc, drawSale, loadProducts, type Sale } from "./sale-flows.ts";

const SCENARIO = "8 the till";
const PLENTY = 1_000_000;
const SALE_GOAL = 0.9;
const CLOSE_GOAL_MS = 50;

/** Two more cashiers of the bench: one sells outside any session, one fills the session that is closed. */
const OUTSIDE = {
  ...user("b0000000-0000-4000-8000-000000000003", "sin-caja@bench.comarapa.bo"),
  role: "staff",
} as const;
const CLOSER = { ...user("b0000000-0000-4000-8000-000000000004", "cierre@bench.comarapa.bo"), role: "staff" } as const;

class Rollback extends Error {}

/**
 * Scenario 8: (a) the same 5-line cash sales as scenario 1, at its highest
 * connection count, rung by a cashier with an open cash session (every sale
 * takes the session FOR KEY SHARE, so a close waits for it) and by one
 * without, each twice in the order outside, inside, inside, outside; the
 * figure is the mean of the two runs. (b) close_cash_session on a session of
 * `sessionSales` sales, one client, each close in a transaction rolled back,
 * so every run closes the same full session.
 */
export async function tillScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.sale;
  const connections = Math.max(...size.connections);
  const url = await ctx.stack.createDatabase("bench_till");
  await generateStore(url, { products: size.products, seed: ctx.seed, stock: { min: PLENTY, max: PLENTY } }, ctx.log);
  const admin = pool(url, 2);
  const sql = pool(url, connections);
  try {
    for (const cashier of [OUTSIDE, CLOSER]) {
      await admin`insert into auth.users (id, email, email_confirmed_at) values (${cashier.id}, ${cashier.email}, now())`;
      await admin`insert into public.user_roles (user_id, role) values (${cashier.id}, ${cashier.role})`;
    }
    const registers = await admin<{ id: string }[]>`
      insert into public.cash_registers (name) values ('Caja bench 1'), ('Caja bench 2') returning id::text
    `;
    const { id: session } = await rpcAs<{ id: string }>(admin, USERS.staff, "open_cash_session", {
      register_id: registers[0]?.id ?? "",
      opening_float: 500,
    });
    const products = await loadProducts(admin);
    const prng = new Prng(ctx.seed * 47);
    const sales = Array.from({ length: size.warmup + size.ops }, () => drawSale(prng, products, size.lines));
    await warmPool(sql, connections);

    const variants: [string, typeof USERS.staff | typeof OUTSIDE][] = [
      ["outside a session", OUTSIDE],
      ["inside an open session", USERS.staff],
    ];
    const results = await measureAlternated(variants, (name, cashier) => {
      ctx.log(`    sale ${name} × ${connections}`);
      const sell = createSaleRpc(callerOf(cashier));
      return measureLoad({
        connections,
        warmup: size.warmup,
        ops: size.ops,
        op: async (index, _client, warmup) => {
          await sell(sql, sales[warmup ? index : size.warmup + index] as Sale);
        },
      });
    });
    const outside = results[0]?.measurement.throughput ?? Number.NaN;
    for (const { name, runs, measurement: last } of results) {
      const ratio = last.throughput / outside;
      const inside = name !== "outside a session";
      ctx.rows.push(
        row(
          SCENARIO,
          `sale ${name}`,
          last,
          `${ratio.toFixed(2)}× the sale outside (mean of 2 runs: ${runs.map((m) => m.throughput.toFixed(0)).join(", ")}/s)` +
            (inside ? `; goal ≥ ${SALE_GOAL} ${ratio >= SALE_GOAL ? "✓" : "✗"}` : ""),
          { of_outside: ratio, runs: runs.map((m) => m.throughput) },
        ),
      );
      if (inside) {
        ctx.goals.push({
          goal: `a sale inside an open cash session ≥ ${SALE_GOAL}× a sale outside one at ${connections} connections`,
          measured: `${ratio.toFixed(2)}×`,
          met: ratio >= SALE_GOAL,
          why:
            ratio >= SALE_GOAL
              ? undefined
              : `inside p50 ${last.p50.toFixed(1)} ms; CPU ${Math.round(last.cpu * 100)} % busy`,
        });
      }
    }
    const [{ inSession } = { inSession: 0 }] = await admin<{ inSession: number }[]>`
      select count(*)::int as "inSession" from public.sales where cash_session_id = ${session}
    `;

    // (b) a session of sessionSales sales, closed again and again in transactions rolled back.
    const full = ctx.sizes.till.sessionSales;
    ctx.log(`    filling a session with ${full.toLocaleString("en-US")} sales`);
    const { id: closerSession } = await rpcAs<{ id: string }>(admin, CLOSER, "open_cash_session", {
      register_id: registers[1]?.id ?? "",
      opening_float: 500,
    });
    const sell = createSaleRpc(callerOf(CLOSER));
    await measureLoad({
      connections,
      warmup: 0,
      ops: full,
      op: async (index) => {
        await sell(sql, sales[index % sales.length] as Sale);
      },
    });
    const one = pool(url, 1);
    try {
      let expected = 0;
      const closeCaller = { ...callerOf(CLOSER), path: "/rpc/close_cash_session" };
      const m = await measureLoad({
        connections: 1,
        warmup: ctx.sizes.till.warmup,
        ops: ctx.sizes.till.closes,
        op: async () => {
          try {
            await asCaller(one, closeCaller, async (tx) => {
              const closed = await rpc<{ expected_cash: number; report: { sales: { count: number } } }>(
                tx,
                "close_cash_session",
                { cash_session_id: closerSession, counted_cash: 0 },
              );
              expected = closed.report.sales.count;
              throw new Rollback();
            });
          } catch (error) {
            if (!(error instanceof Rollback)) throw error;
          }
        },
      });
      ctx.rows.push(
        row(
          SCENARIO,
          `close_cash_session, ${full.toLocaleString("en-US")} sales`,
          m,
          `Z report of ${expected} sales (each close rolled back); the session of (a) holds ${inSession} sales; ` +
            `goal p95 < ${CLOSE_GOAL_MS} ms ${m.p95 < CLOSE_GOAL_MS ? "✓" : "✗"}`,
          { sales_in_report: expected },
        ),
      );
      ctx.goals.push({
        goal: `close_cash_session on a session of ${full.toLocaleString("en-US")} sales, p95 < ${CLOSE_GOAL_MS} ms`,
        measured: `${m.p95.toFixed(1)} ms (p50 ${m.p50.toFixed(1)} ms)`,
        met: m.p95 < CLOSE_GOAL_MS,
      });
    } finally {
      await one.end();
    }
  } finally {
    await sql.end();
    await admin.end();
  }
}
