import { Random as Prng, rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { type InvoiceLine, invoiceFor } from "../data/invoices.ts";
import { measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS } from "../stack.ts";

const SCENARIO = "11 invoice matching";
const GOAL_MS = 500;

interface LineMatch {
  candidates: { product_id: string; name: string }[];
}

/**
 * Scenario 11: match_invoice_lines for a 50-line supplier invoice over the big
 * store's catalog (100,000 products), as a staff user in a read-only
 * transaction, one client. Each invoice is written from 50 random active
 * products the way invoices print them (bench/data/invoices.ts: upper case,
 * no accents, sizes glued to the supplier's unit, long words cut, packs, two
 * words swapped now and then). The generated catalog repeats names (a type,
 * a variant, a brand and a size), so a line counts as found first when the
 * first candidate has its product's name.
 */
export async function invoiceMatchScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.match;
  const sql = pool(await ctx.store(), 1);
  try {
    const products = await sql<{ id: string; name: string; cost: number }[]>`
      select id::text, name, cost_price::float8 as cost from public.products where is_active order by md5(id::text) limit 5000`;
    const nameOf = new Map(products.map((product) => [product.id, product.name]));
    const prng = new Prng(ctx.seed * 11 + 8);
    const invoices: InvoiceLine[][] = Array.from({ length: size.warmup + size.ops }, () =>
      invoiceFor(products, size.lines, prng),
    );
    let lines = 0;
    let first = 0;
    let top3 = 0;
    const m = await measureLoad({
      connections: 1,
      warmup: size.warmup,
      ops: size.ops,
      op: async (index, _client, warmup) => {
        const invoice = invoices[warmup ? index : size.warmup + index] as InvoiceLine[];
        const result = await rpcAs<LineMatch[]>(
          sql,
          USERS.staff,
          "match_invoice_lines",
          { supplier_id: null, lines: invoice.map(({ productId: _id, ...line }) => line) },
          { readOnly: true },
        );
        if (warmup) return;
        for (const [i, line] of result.entries()) {
          const name = nameOf.get(invoice[i]?.productId ?? "");
          lines += 1;
          if (line.candidates[0]?.name === name) first += 1;
          if (line.candidates.some((candidate) => candidate.name === name)) top3 += 1;
        }
      },
    });
    const met = m.p95 < GOAL_MS;
    const products100 = ctx.sizes.store.products.toLocaleString("en-US");
    ctx.rows.push(
      row(
        SCENARIO,
        `match_invoice_lines, ${size.lines} lines, ${products100} products`,
        m,
        `${(m.p50 / size.lines).toFixed(1)} ms per line at p50; right product first ${((100 * first) / lines).toFixed(1)} %, ` +
          `in the top 3 ${((100 * top3) / lines).toFixed(1)} % of ${lines} generated lines; goal p95 < ${GOAL_MS} ms ${met ? "✓" : "✗"}`,
        { lines: size.lines, products: ctx.sizes.store.products, top1: first / lines, top3: top3 / lines },
      ),
    );
    ctx.goals.push({
      goal: `matching a ${size.lines}-line invoice at ${products100} products p95 < ${GOAL_MS} ms`,
      measured: `${m.p95.toFixed(1)} ms (p50 ${m.p50.toFixed(1)} ms)`,
      met,
      why: met
        ? undefined
        : `${(m.p95 / size.lines).toFixed(1)} ms per line at p95 (see the README's Performance section)`,
    });
  } finally {
    await sql.end();
  }
}
