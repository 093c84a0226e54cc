import { Agent } from "node:http";
import { freePort, signToken, startFunctions } from "@comarapa/local-stack";
import { claimsOf, Random as Prng, rpcAs } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { type SearchTerm, sampleSkus, searchTerms } from "../data/search-terms.ts";
import { generateStore } from "../data/store.ts";
import { requestJson } from "../http.ts";
import { type Measurement, measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS, warmPool } from "../stack.ts";

const SCENARIO = "9 api search";
const GOAL_MS = 3;
/** What the front end's search box asks for after two characters. */
const LIMIT = 10;

/**
 * Scenario 9: the store's front end searching through the `api` function —
 * `GET /api/v1/products/search?q=…&limit=10` on its Deno server (JWT
 * verified, query validated, search_products called as the caller in a
 * read-only transaction, the rows shaped with money as strings) — against the
 * same terms by direct RPC (search_products as PostgREST calls it), one
 * client, over a catalog of `sizes.apiSearch.catalog` products. Overhead per
 * search = p50 difference; through the local gateway too.
 */
export async function apiSearchScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.apiSearch;
  const url = await ctx.stack.createDatabase("bench_api_search");
  await generateStore(url, { products: size.catalog, seed: ctx.seed }, ctx.log);
  const functions = await startFunctions({
    port: await freePort(),
    dbUrl: url,
    keys: ctx.stack.keys,
    only: ["api"],
    onLog: () => {},
  });
  const sql = pool(url, 1);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await warmPool(sql, 1);
    const token = await signToken(ctx.stack.keys, claimsOf(USERS.staff));
    const skus = await sampleSkus(sql);
    const prng = new Prng(ctx.seed * 47);
    const warmup = searchTerms(prng, skus, size.warmup);
    const terms = searchTerms(prng, skus, size.ops);
    const termAt = (index: number, isWarmup: boolean) => ((isWarmup ? warmup : terms)[index] as SearchTerm).term;
    const run = (op: (term: string) => Promise<void>) =>
      measureLoad({
        connections: 1,
        warmup: warmup.length,
        ops: terms.length,
        op: (index, _client, isWarmup) => op(termAt(index, isWarmup)),
      });
    // `base` is the function's own address (`…/api`): its routes are `/api/v1/…`.
    const apiUrl = (base: string, term: string) =>
      new URL(`${base}/v1/products/search?q=${encodeURIComponent(term.slice(0, 100))}&limit=${LIMIT}`);
    const get = (base: string, term: string) =>
      requestJson(agent, apiUrl(base, term), token, { method: "GET", expected: 200 });
    const results: Record<string, Measurement> = {};
    ctx.log(`    direct RPC (search_products) × 1`);
    results.rpc = await run(async (term) => {
      await rpcAs(
        sql,
        USERS.staff,
        "search_products",
        { search_term: term.slice(0, 100), result_limit: LIMIT },
        { readOnly: true },
      );
    });
    ctx.log(`    GET /api/v1/products/search on Deno × 1`);
    results.deno = await run((term) => get(functions.directUrl("api"), term));
    ctx.log(`    GET /functions/v1/api/v1/products/search through the gateway × 1`);
    results.gateway = await run((term) => get(`${functions.url}/api`, term));
    report(ctx, results);
  } finally {
    agent.destroy();
    await sql.end();
    await functions.stop();
  }
}

function report(ctx: Context, results: Record<string, Measurement>): void {
  const rpc = results.rpc as Measurement;
  const deno = results.deno as Measurement;
  const gateway = results.gateway as Measurement;
  const overhead = deno.p50 - rpc.p50;
  const overheadGateway = gateway.p50 - rpc.p50;
  const at = `${ctx.sizes.apiSearch.catalog.toLocaleString("en-US")} products`;
  ctx.rows.push(
    row(SCENARIO, `direct RPC (search_products), ${at}`, rpc, "baseline: the same terms from Node, limit 10"),
    row(
      SCENARIO,
      "GET /api/v1/products/search on Deno",
      deno,
      `+${overhead.toFixed(2)} ms/search at p50 (goal < ${GOAL_MS} ms ${overhead < GOAL_MS ? "✓" : "✗"})`,
      { overhead_p50_ms: overhead, overhead_p95_ms: deno.p95 - rpc.p95 },
    ),
    row(
      SCENARIO,
      "GET /functions/v1/api/v1/products/search (gateway)",
      gateway,
      `+${overheadGateway.toFixed(2)} ms/search at p50 (the local stack's Node gateway, in the bench process)`,
      { overhead_p50_ms: overheadGateway },
    ),
  );
  ctx.goals.push({
    goal: `api search overhead < ${GOAL_MS} ms at p50 (1 client)`,
    measured: `${overhead.toFixed(2)} ms (p50 ${rpc.p50.toFixed(2)} → ${deno.p50.toFixed(2)} ms)`,
    met: overhead < GOAL_MS,
    why:
      overhead < GOAL_MS
        ? undefined
        : `the function verifies the JWT, opens a read-only transaction as the caller and shapes the rows on a ` +
          `machine whose CPU is ${Math.round(deno.cpu * 100)} % busy`,
  });
}
