import { Random as Prng, rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { type SearchTerm, searchTerms, type TermKind } from "../data/search-terms.ts";
import { generateStore } from "../data/store.ts";
import { measureLoad, percentile } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS } from "../stack.ts";

const SCENARIO = "3 search";
const GOAL_MS = 15;

/**
 * Scenario 3: search_products as a staff user (read-only transaction, as
 * PostgREST runs a stable function), one client, over a products-only catalog
 * and over the big store, with mixed exact-SKU, word, accent-less and misspelt
 * terms. Reports p50/p95, p95 by kind and how many searches found nothing.
 */
export async function searchScenario(ctx: Context): Promise<void> {
  const catalogUrl = await ctx.stack.createDatabase("bench_catalog");
  await generateStore(catalogUrl, { products: ctx.sizes.search.catalog, seed: ctx.seed }, ctx.log);
  await searchOn(ctx, catalogUrl, ctx.sizes.search.catalog, false);
  await searchOn(ctx, await ctx.store(), ctx.sizes.store.products, true);
}

async function searchOn(ctx: Context, url: string, products: number, goal: boolean): Promise<void> {
  const size = ctx.sizes.search;
  const sql = pool(url, 1);
  try {
    ctx.log(`    search_products over ${products.toLocaleString("en-US")} products`);
    const skus = (await sql<{ sku: string }[]>`select sku from public.products order by md5(sku) limit 500`).map(
      (r) => r.sku,
    );
    const prng = new Prng(ctx.seed * 41 + products);
    const warmupTerms = searchTerms(prng, skus, size.warmup);
    const terms = searchTerms(prng, skus, size.ops);
    const found = new Array<number>(size.ops).fill(0);
    const m = await measureLoad({
      connections: 1,
      warmup: size.warmup,
      ops: size.ops,
      op: async (index, _client, warmup) => {
        const { term } = (warmup ? warmupTerms[index] : terms[index]) as SearchTerm;
        const rows = await rpcAs<unknown[]>(
          sql,
          USERS.staff,
          "search_products",
          { search_term: term },
          { readOnly: true },
        );
        if (!warmup) found[index] = rows.length;
      },
    });
    const byKind = new Map<TermKind, { latencies: number[]; empty: number }>();
    for (const [index, { kind }] of terms.entries()) {
      const entry = byKind.get(kind) ?? { latencies: [], empty: 0 };
      entry.latencies.push(m.latencies[index] ?? Number.NaN);
      if (found[index] === 0) entry.empty += 1;
      byKind.set(kind, entry);
    }
    const kinds = Object.fromEntries(
      [...byKind].map(([kind, { latencies, empty }]) => {
        const sorted = [...latencies].sort((a, b) => a - b);
        return [kind, { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), empty, count: latencies.length }];
      }),
    );
    const empty = found.filter((n) => n === 0).length;
    let note =
      `p95 by kind: ${Object.entries(kinds)
        .map(([kind, k]) => `${kind} ${k.p95.toFixed(1)}`)
        .join(", ")}` + `; ${empty}/${size.ops} found nothing`;
    if (goal) note += `; goal p95 < ${GOAL_MS} ms ${m.p95 < GOAL_MS ? "✓" : "✗"}`;
    ctx.rows.push(
      row(SCENARIO, `search_products, ${products.toLocaleString("en-US")} products`, m, note, {
        products,
        by_kind: kinds,
        empty_results: empty,
      }),
    );
    if (goal) {
      ctx.goals.push({
        goal: `search p95 < ${GOAL_MS} ms at ${products.toLocaleString("en-US")} products`,
        measured: `${m.p95.toFixed(1)} ms`,
        met: m.p95 < GOAL_MS,
        why:
          m.p95 < GOAL_MS
            ? undefined
            : `p95 by kind: sku ${kinds.sku?.p95.toFixed(1)}, word ${kinds.word?.p95.toFixed(1)}, ` +
              `no accent ${kinds["no accent"]?.p95.toFixed(1)}, typo ${kinds.typo?.p95.toFixed(1)} ms (see the README's Performance section)`,
      });
    }
  } finally {
    await sql.end();
  }
}
