import { rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS } from "../stack.ts";

const SCENARIO = "6 stock integrity";

/**
 * Scenario 6: check_stock_integrity() over the big store (every product's
 * ledger chained and summed), as a manager in a read-only transaction, one
 * client. It must return nothing: the generated ledger is consistent.
 */
export async function integrityScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.integrity;
  const sql = pool(await ctx.store(), 1);
  try {
    const [counts] = await sql<{ products: number; movements: number; sales: number }[]>`
      select (select count(*) from public.products)::int as products,
             (select count(*) from public.inventory_movements)::int as movements,
             (select count(*) from public.sales)::int as sales`;
    let problems = -1;
    const m = await measureLoad({
      connections: 1,
      warmup: size.warmup,
      ops: size.runs,
      op: async () => {
        problems = (await rpcAs<unknown[]>(sql, USERS.manager, "check_stock_integrity", {}, { readOnly: true })).length;
      },
    });
    ctx.rows.push(
      row(
        SCENARIO,
        "check_stock_integrity()",
        m,
        `${problems} problem(s) over ${counts?.products.toLocaleString("en-US")} products, ` +
          `${counts?.movements.toLocaleString("en-US")} movements ${problems === 0 ? "✓" : "✗"}`,
        { problems, ...counts },
      ),
    );
  } finally {
    await sql.end();
  }
}
