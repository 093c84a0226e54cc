import { callerOf, Random as Prng, rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { generateAccounts } from "../data/accounts.ts";
import { generateStore } from "../data/store.ts";
import { measureAlternated, measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS, warmPool } from "../stack.ts";
import { createSaleRpc, drawSale, loadProducts, type Sale } from "./sale-flows.ts";

const SCENARIO = "7 customers and credit";
const PLENTY = 1_000_000;
const SALE_GOAL = 0.9;
const AGING_GOAL_MS = 100;
const STATEMENT_GOAL_MS = 10;

type Payments = (sale: Sale, index: number) => Record<string, unknown>;

/** How each variant pays the same sale (the store charges no tax: the total is Σ quantity × price). */
function variants(customers: readonly string[]): [string, Payments][] {
  const total = (sale: Sale) => sale.reduce((sum, line) => sum + line.quantity * line.product.priceCents, 0);
  return [
    ["cash", () => ({ payment_method: "CASH" })],
    ["credit", (_sale, index) => ({ payment_method: "CREDIT", customer_id: customers[index % customers.length] })],
    [
      "split cash + QR",
      (sale) => {
        const cents = total(sale);
        const cash = Math.floor(cents / 2);
        return {
          payments: [
            { method: "CASH", amount: cash / 100, tendered: Math.ceil(cash / 1000) * 10 },
            { method: "QR", amount: (cents - cash) / 100, reference: "QR" },
          ],
        };
      },
    ],
  ];
}

/**
 * Scenario 7: (a) a 5-line sale paid in cash, on credit (one of many
 * customers: the customer's row lock is taken after the products'), and
 * split in cash and QR, at the highest connection count of scenario 1, each
 * run twice in the order cash, credit, split, split, credit, cash so drift
 * of the machine falls on every variant alike; the figure is the mean of the
 * two runs. (b) receivables_aging and customer_statement on many customers
 * with a long account history, one client.
 */
export async function accountsScenario(ctx: Context): Promise<void> {
  await saleVariants(ctx);
  await accountReports(ctx);
}

async function saleVariants(ctx: Context): Promise<void> {
  const size = ctx.sizes.sale;
  const connections = Math.max(...size.connections);
  const url = await ctx.stack.createDatabase("bench_credit");
  await generateStore(url, { products: size.products, seed: ctx.seed, stock: { min: PLENTY, max: PLENTY } }, ctx.log);
  const admin = pool(url, 2);
  const sql = pool(url, connections);
  try {
    const products = await loadProducts(admin);
    const customers = (
      await admin<{ id: string }[]>`
        insert into public.customers (name, credit_limit)
        select 'Cliente ' || n, 9999999 from generate_series(1, 1000) as n
        returning id::text
      `
    ).map((customer) => customer.id);
    const prng = new Prng(ctx.seed * 41);
    const sales = Array.from({ length: size.warmup + size.ops }, () => drawSale(prng, products, size.lines));
    const sell = createSaleRpc(callerOf(USERS.staff));
    await warmPool(sql, connections);
    const order = variants(customers);
    const results = await measureAlternated(order, (name, pay) => {
      ctx.log(`    ${name} × ${connections}`);
      return measureLoad({
        connections,
        warmup: size.warmup,
        ops: size.ops,
        op: async (index, _client, warmup) => {
          const at = warmup ? index : size.warmup + index;
          const sale = sales[at] as Sale;
          await sell(sql, sale, pay(sale, at));
        },
      });
    });
    const problems =
      (await rpcAs<unknown[]>(admin, USERS.manager, "check_account_integrity", {}, { readOnly: true })).length +
      (await rpcAs<unknown[]>(admin, USERS.manager, "check_stock_integrity", {}, { readOnly: true })).length;
    const cash = results[0]?.measurement;
    for (const { name, runs, measurement: last } of results) {
      const ratio = last.throughput / (cash?.throughput ?? Number.NaN);
      const goal = name === "cash" ? "" : `; goal ≥ ${SALE_GOAL} ${ratio >= SALE_GOAL ? "✓" : "✗"}`;
      ctx.rows.push(
        row(
          SCENARIO,
          `sale, ${name}`,
          last,
          `${ratio.toFixed(2)}× the cash sale (mean of 2 runs: ${runs.map((m) => m.throughput.toFixed(0)).join(", ")}/s)${goal}` +
            (name === "credit" ? `; integrity problems after: ${problems}` : ""),
          { of_cash: ratio, runs: runs.map((m) => m.throughput) },
        ),
      );
      if (name !== "cash") {
        ctx.goals.push({
          goal: `a sale ${name === "credit" ? "on credit" : "split in cash and QR"} ≥ ${SALE_GOAL}× the cash sale at ${connections} connections`,
          measured: `${ratio.toFixed(2)}×`,
          met: ratio >= SALE_GOAL,
          why:
            ratio >= SALE_GOAL
              ? undefined
              : `${name}: p50 ${last.p50.toFixed(1)} ms vs cash ${(cash?.p50 ?? Number.NaN).toFixed(1)} ms; CPU ${Math.round(last.cpu * 100)} % busy`,
        });
      }
    }
  } finally {
    await sql.end();
    await admin.end();
  }
}

async function accountReports(ctx: Context): Promise<void> {
  const size = ctx.sizes.accounts;
  const url = await ctx.stack.createDatabase("bench_accounts");
  ctx.log(
    `    generating ${size.customers.toLocaleString("en-US")} customers, ${size.movements.toLocaleString("en-US")} account movements`,
  );
  const made = await generateAccounts(
    url,
    { customers: size.customers, movements: size.movements, seed: ctx.seed },
    ctx.log,
  );
  ctx.log(
    `    accounts ready: ${made.movements.toLocaleString("en-US")} movements, ${made.owing.toLocaleString("en-US")} customers owing, ${(made.ms / 1000).toFixed(1)} s`,
  );
  const sql = pool(url, 1);
  try {
    const problems = (await rpcAs<unknown[]>(sql, USERS.manager, "check_account_integrity", {}, { readOnly: true }))
      .length;
    const ids = (await sql<{ id: string }[]>`select id::text from public.customers order by id`).map((c) => c.id);
    const prng = new Prng(ctx.seed * 43);

    ctx.log("    receivables_aging()");
    let aging: { customers: unknown[]; totals: Record<string, number> } | undefined;
    const agingM = await measureLoad({
      connections: 1,
      warmup: size.warmup,
      ops: size.runs,
      op: async () => {
        aging = await rpcAs(sql, USERS.staff, "receivables_aging", {}, { readOnly: true });
      },
    });
    const buckets = aging?.totals ?? {};
    ctx.rows.push(
      row(
        SCENARIO,
        "receivables_aging (today)",
        agingM,
        `${aging?.customers.length} customers owing of ${made.customers.toLocaleString("en-US")}, ${made.movements.toLocaleString("en-US")} movements; ` +
          `buckets ${["days_0_30", "days_31_60", "days_61_90", "over_90"].map((b) => Math.round(buckets[b] ?? 0)).join(" / ")} Bs; ` +
          `integrity problems ${problems}; goal p95 < ${AGING_GOAL_MS} ms ${agingM.p95 < AGING_GOAL_MS ? "✓" : "✗"}`,
        { customers_owing: aging?.customers.length, totals: buckets, integrity_problems: problems },
      ),
    );
    ctx.goals.push({
      goal: `receivables_aging on ${made.customers.toLocaleString("en-US")} customers and ${made.movements.toLocaleString("en-US")} movements, p95 < ${AGING_GOAL_MS} ms`,
      measured: `${agingM.p95.toFixed(1)} ms (p50 ${agingM.p50.toFixed(1)} ms)`,
      met: agingM.p95 < AGING_GOAL_MS,
      why: agingM.p95 < AGING_GOAL_MS ? undefined : `${aging?.customers.length} customers owe: each is read and aged`,
    });

    ctx.log("    customer_statement(last 30 days)");
    const statementM = await measureLoad({
      connections: 1,
      warmup: size.warmup,
      ops: size.statements,
      op: async () => {
        await rpcAs(sql, USERS.staff, "customer_statement", { customer_id: prng.pick(ids) }, { readOnly: true });
      },
    });
    ctx.rows.push(
      row(
        SCENARIO,
        "customer_statement (30 days)",
        statementM,
        `a random customer of ${made.customers.toLocaleString("en-US")}; goal p95 < ${STATEMENT_GOAL_MS} ms ${statementM.p95 < STATEMENT_GOAL_MS ? "✓" : "✗"}`,
      ),
    );
    ctx.goals.push({
      goal: `customer_statement p95 < ${STATEMENT_GOAL_MS} ms`,
      measured: `${statementM.p95.toFixed(1)} ms (p50 ${statementM.p50.toFixed(1)} ms)`,
      met: statementM.p95 < STATEMENT_GOAL_MS,
    });
  } finally {
    await sql.end();
  }
}
