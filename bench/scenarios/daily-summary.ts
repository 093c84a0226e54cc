import { rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS } from "../stack.ts";

const SCENARIO = "4 daily summary";
const GOAL_MS = 50;

interface Summary {
  sales_count: number;
  items_sold: number;
}

/**
 * Scenario 4: daily_sales_summary for the store's busy day (and an ordinary
 * day for contrast) over the big store's year of sales, as a staff user in a
 * read-only transaction, one client. The goal is judged on p95.
 */
export async function dailySummaryScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.summary;
  const { busyDay, ordinaryDay, sales } = ctx.sizes.store;
  const sql = pool(await ctx.store(), 1);
  try {
    for (const [label, day, goal] of [
      ["busy day", busyDay, true],
      ["ordinary day", ordinaryDay, false],
    ] as const) {
      ctx.log(`    daily_sales_summary(${day})`);
      let summary: Summary | undefined;
      const m = await measureLoad({
        connections: 1,
        warmup: size.warmup,
        ops: size.runs,
        op: async () => {
          summary = await rpcAs<Summary>(sql, USERS.staff, "daily_sales_summary", { day }, { readOnly: true });
        },
      });
      let note = `${day}: ${summary?.sales_count} sales, ${summary?.items_sold} units of ${sales.toLocaleString("en-US")} sales`;
      if (goal) note += `; goal p95 < ${GOAL_MS} ms ${m.p95 < GOAL_MS ? "✓" : "✗"}`;
      ctx.rows.push(
        row(SCENARIO, `${label} (${day})`, m, note, {
          day,
          sales_count: summary?.sales_count,
          items_sold: summary?.items_sold,
        }),
      );
      if (goal) {
        ctx.goals.push({
          goal: `daily summary < ${GOAL_MS} ms at ${sales.toLocaleString("en-US")} sales (busy day, p95)`,
          measured: `${m.p95.toFixed(1)} ms (p50 ${m.p50.toFixed(1)} ms)`,
          met: m.p95 < GOAL_MS,
          why:
            m.p95 < GOAL_MS
              ? undefined
              : `the busy day has ${summary?.sales_count} sales and ${summary?.items_sold} units sold, ` +
                `read on every call (see the README's Performance section)`,
        });
      }
    }
  } finally {
    await sql.end();
  }
}
