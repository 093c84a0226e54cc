import { Random as Prng, rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { fillSearchDictionary } from "../data/dictionary.ts";
import {
  adversarialTerms,
  categoryTerms,
  type SearchTerm,
  sampleSkus,
  searchTerms,
  typingTerms,
} from "../data/search-terms.ts";
import { generateStore } from "../data/store.ts";
import { type Measurement, measureLoad, percentile } from "../measure.ts";
import { row } from "../report.ts";
import { pool, type Sql, USERS } from "../stack.ts";

const SCENARIO = "3 search";
/** p95 of the normal mix at the store's size. */
const GOAL_MS = 15;
/** p95 of the adversarial terms at the store's size, with the full dictionary. */
const ADVERSARIAL_GOAL_MS = 50;

/**
 * Scenario 3: search_products as a staff user (read-only transaction, as
 * PostgREST runs a stable function), one client, over a products-only catalog
 * and over the big store, each with its search dictionary filled to
 * `sizes.search.dictionary` words. Three measured runs on each: the normal
 * mix (exact SKU, word, accent-less and misspelt terms: the goal's mix), a
 * category's name, and terms crafted to be expensive. Reports p50/p95 by
 * kind, how many searches found nothing, and the adversarial p95 as a
 * multiple of the normal mix's p95 in the same database.
 */
export async function searchScenario(ctx: Context): Promise<void> {
  const catalogUrl = await ctx.stack.createDatabase("bench_catalog");
  await generateStore(catalogUrl, { products: ctx.sizes.search.catalog, seed: ctx.seed }, ctx.log);
  await searchOn(ctx, catalogUrl, ctx.sizes.search.catalog, false);
  await searchOn(ctx, await ctx.store(), ctx.sizes.store.products, true);
}

interface KindFigures {
  p50: number;
  p95: number;
  empty: number;
  count: number;
}

interface Run {
  m: Measurement;
  kinds: Record<string, KindFigures>;
  empty: number;
}

/** `warmup` then `terms`, one after another, each as one search_products call; figures by kind. */
async function run(
  sql: Sql,
  warmup: readonly SearchTerm<string>[],
  terms: readonly SearchTerm<string>[],
): Promise<Run> {
  const found = new Array<number>(terms.length).fill(0);
  const m = await measureLoad({
    connections: 1,
    warmup: warmup.length,
    ops: terms.length,
    op: async (index, _client, isWarmup) => {
      const { term } = (isWarmup ? warmup[index] : terms[index]) as SearchTerm<string>;
      const rows = await rpcAs<unknown[]>(
        sql,
        USERS.staff,
        "search_products",
        { search_term: term },
        { readOnly: true },
      );
      if (!isWarmup) found[index] = rows.length;
    },
  });
  const byKind = new Map<string, { latencies: number[]; empty: number }>();
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
  return { m, kinds, empty: found.filter((n) => n === 0).length };
}

/** "sku 2.1/3.0, word 4.2/7.9" (p50/p95 ms by kind). */
function byKindNote(kinds: Record<string, KindFigures>): string {
  return Object.entries(kinds)
    .map(([kind, k]) => `${kind} ${k.p50.toFixed(1)}/${k.p95.toFixed(1)}`)
    .join(", ");
}

async function searchOn(ctx: Context, url: string, products: number, goal: boolean): Promise<void> {
  const size = ctx.sizes.search;
  const sql = pool(url, 1);
  const at = `${products.toLocaleString("en-US")} products`;
  try {
    const dictionary = await fillSearchDictionary(sql, size.dictionary, ctx.seed);
    const words = `${dictionary.toLocaleString("en-US")} words`;
    ctx.log(`    search_products over ${at}, a dictionary of ${words}`);
    const skus = await sampleSkus(sql);
    const prng = new Prng(ctx.seed * 41 + products);
    const normal = await run(sql, searchTerms(prng, skus, size.warmup), searchTerms(prng, skus, size.ops));
    const category = await run(sql, categoryTerms(prng, size.warmup), categoryTerms(prng, size.categories));
    const typing = await run(sql, typingTerms(prng, size.warmup), typingTerms(prng, size.categories));
    const adversarial = await run(sql, adversarialTerms(prng, size.warmup), adversarialTerms(prng, size.adversarial));
    const ratio = adversarial.m.p95 / normal.m.p95;
    const details = (r: Run) => ({ products, dictionary, by_kind: r.kinds, empty_results: r.empty });

    let note = `p50/p95 by kind: ${byKindNote(normal.kinds)}; ${normal.empty}/${normal.m.ops} found nothing`;
    if (goal) note += `; goal p95 < ${GOAL_MS} ms ${normal.m.p95 < GOAL_MS ? "✓" : "✗"}`;
    ctx.rows.push(row(SCENARIO, `normal mix, ${at}, ${words}`, normal.m, note, details(normal)));
    ctx.rows.push(
      row(
        SCENARIO,
        `category names, ${at}`,
        category.m,
        `not in the goal's mix; ${category.empty}/${category.m.ops} found nothing`,
        details(category),
      ),
    );
    ctx.rows.push(
      row(
        SCENARIO,
        `as typed (a word's first letters), ${at}`,
        typing.m,
        `not in the goal's mix; ${typing.empty}/${typing.m.ops} found nothing`,
        details(typing),
      ),
    );
    note =
      `p50/p95 by kind: ${byKindNote(adversarial.kinds)}; p95 ${ratio.toFixed(1)}× the normal mix's` +
      (goal ? `; goal p95 < ${ADVERSARIAL_GOAL_MS} ms ${adversarial.m.p95 < ADVERSARIAL_GOAL_MS ? "✓" : "✗"}` : "");
    ctx.rows.push(
      row(SCENARIO, `adversarial, ${at}, ${words}`, adversarial.m, note, {
        ...details(adversarial),
        p95_vs_normal: ratio,
      }),
    );

    if (goal) {
      ctx.goals.push({
        goal: `search p95 < ${GOAL_MS} ms at ${at} (normal mix)`,
        measured: `${normal.m.p95.toFixed(1)} ms`,
        met: normal.m.p95 < GOAL_MS,
        why:
          normal.m.p95 < GOAL_MS
            ? undefined
            : `p50/p95 by kind: ${byKindNote(normal.kinds)} ms (see the README's Performance section)`,
      });
      ctx.goals.push({
        goal: `adversarial search p95 < ${ADVERSARIAL_GOAL_MS} ms at ${at}, ${words}`,
        measured: `${adversarial.m.p95.toFixed(1)} ms (${ratio.toFixed(1)}× the normal mix)`,
        met: adversarial.m.p95 < ADVERSARIAL_GOAL_MS,
        why:
          adversarial.m.p95 < ADVERSARIAL_GOAL_MS
            ? undefined
            : `p50/p95 by kind: ${byKindNote(adversarial.kinds)} ms (see bench/README.md)`,
      });
    }
  } finally {
    await sql.end();
  }
}
