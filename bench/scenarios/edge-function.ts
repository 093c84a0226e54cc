import { readFile } from "node:fs/promises";
import { Agent } from "node:http";
import { freePort, signToken, startFunctions } from "@comarapa/local-stack";
import { callerOf, claimsOf, Random as Prng } from "@comarapa/testkit";
import type { Context } from "../config.ts";
import { generateStore } from "../data/store.ts";
import { requestJson } from "../http.ts";
import { type Measurement, measureLoad } from "../measure.ts";
import { row } from "../report.ts";
import { pool, USERS, warmPool } from "../stack.ts";
import { createSaleRpc, drawSale, loadProducts, type Sale } from "./sale-flows.ts";

const SCENARIO = "5 edge function";
const GOAL_MS = 3;

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in MiB. */
async function memoryOf(pid: number): Promise<{ peak: number; rss: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { peak: kib("VmHWM") / 1024, rss: kib("VmRSS") / 1024 };
}

/**
 * Scenario 5: POST /functions/v1/sales under Deno (JWT verified, body
 * validated with zod, create_sale called as the caller) over HTTP at 16
 * concurrent clients, against the same sales by direct RPC from 16
 * connections. Overhead per sale = p50 difference. The function is called
 * directly (its Deno server) and through the local gateway at
 * /functions/v1/sales (a Node proxy of the local stack, in this process).
 * Memory: VmHWM of the Deno process.
 */
export async function edgeFunctionScenario(ctx: Context): Promise<void> {
  const size = ctx.sizes.edge;
  const url = await ctx.stack.createDatabase("bench_edge");
  await generateStore(url, { products: 1_000, seed: ctx.seed, stock: { min: 1_000_000, max: 1_000_000 } }, ctx.log);
  const admin = pool(url, 1);
  const products = await loadProducts(admin);
  await admin.end();
  const functions = await startFunctions({
    port: await freePort(),
    dbUrl: url,
    keys: ctx.stack.keys,
    only: ["sales"],
    onLog: () => {},
  });
  const sql = pool(url, size.connections);
  const agent = new Agent({ keepAlive: true, maxSockets: size.connections });
  try {
    const pid = functions.pids.sales ?? 0;
    const booted = await memoryOf(pid);
    const token = await signToken(ctx.stack.keys, claimsOf(USERS.staff));
    const prng = new Prng(ctx.seed * 43);
    const total = size.warmup + size.ops;
    const sales = Array.from({ length: total }, () => drawSale(prng, products, ctx.sizes.sale.lines));
    const bodies = sales.map((sale) =>
      JSON.stringify({ items: sale.map((line) => ({ product_id: line.product.id, quantity: line.quantity })) }),
    );
    await warmPool(sql, size.connections);
    // The direct call sends a key too, so both sides do the same work.
    const rpc = createSaleRpc(callerOf(USERS.staff), { keyed: true });
    const direct = new URL(functions.directUrl("sales"));
    const gateway = new URL(`${functions.url}/sales`);
    const post = (url: URL, body: string) =>
      requestJson(agent, url, token, {
        method: "POST",
        expected: 201,
        body,
        // Every sale through the function carries its key (the function requires one).
        headers: { "idempotency-key": crypto.randomUUID() },
      });
    // Every variant sells the same sales in the same order: the warm-up's, then the measured ones.
    const run = (connections: number, op: (index: number) => Promise<void>) =>
      measureLoad({
        connections,
        warmup: size.warmup,
        ops: size.ops,
        op: (index, _client, warmup) => op(warmup ? index : size.warmup + index),
      });
    const results: Record<string, Measurement> = {};
    for (const connections of [1, size.connections]) {
      ctx.log(`    direct RPC × ${connections}`);
      results[`rpc${connections}`] = await run(connections, (i) => rpc(sql, sales[i] as Sale));
      ctx.log(`    Edge Function on Deno × ${connections}`);
      results[`deno${connections}`] = await run(connections, (i) => post(direct, bodies[i] as string));
    }
    ctx.log(`    Edge Function through the gateway × ${size.connections}`);
    results.gateway = await run(size.connections, (i) => post(gateway, bodies[i] as string));
    const memory = await memoryOf(pid);
    report(ctx, size.connections, results, { booted, ...memory });
  } finally {
    agent.destroy();
    await sql.end();
    await functions.stop();
  }
}

function report(
  ctx: Context,
  connections: number,
  results: Record<string, Measurement>,
  memory: { booted: { peak: number; rss: number }; peak: number; rss: number },
): void {
  const get = (key: string) => results[key] as Measurement;
  const single = get("deno1").p50 - get("rpc1").p50;
  const overhead = get(`deno${connections}`).p50 - get(`rpc${connections}`).p50;
  const overheadGateway = get("gateway").p50 - get(`rpc${connections}`).p50;
  const memoryNote = `Deno peak ${memory.peak.toFixed(0)} MiB (${memory.booted.peak.toFixed(0)} MiB after boot)`;
  ctx.rows.push(
    row(SCENARIO, "direct RPC (create_sale)", get("rpc1"), "baseline: the same sales from Node"),
    row(SCENARIO, "POST /sales on Deno", get("deno1"), `+${single.toFixed(2)} ms/sale at p50 with no queueing`, {
      overhead_p50_ms: single,
    }),
    row(SCENARIO, "direct RPC (create_sale)", get(`rpc${connections}`), "baseline: the same sales from Node"),
    row(
      SCENARIO,
      "POST /sales on Deno",
      get(`deno${connections}`),
      `+${overhead.toFixed(2)} ms/sale at p50 (goal < ${GOAL_MS} ms ${overhead < GOAL_MS ? "✓" : "✗"}); ${memoryNote}`,
      {
        overhead_p50_ms: overhead,
        throughput_ratio_to_rpc: get(`deno${connections}`).throughput / get(`rpc${connections}`).throughput,
        deno_vm_hwm_mib: memory.peak,
        deno_vm_rss_mib: memory.rss,
        deno_vm_hwm_after_boot_mib: memory.booted.peak,
      },
    ),
    row(
      SCENARIO,
      "POST /functions/v1/sales (gateway)",
      get("gateway"),
      `+${overheadGateway.toFixed(2)} ms/sale at p50 (the local stack's Node gateway, in the bench process)`,
      { overhead_p50_ms: overheadGateway },
    ),
  );
  ctx.goals.push({
    goal: `Edge Function overhead < ${GOAL_MS} ms per sale at p50 (${connections} clients)`,
    measured: `${overhead.toFixed(2)} ms (${single.toFixed(2)} ms with 1 client); Deno peak memory ${memory.peak.toFixed(0)} MiB`,
    met: overhead < GOAL_MS,
    why:
      overhead < GOAL_MS
        ? undefined
        : `at ${connections} clients Deno shares the CPU with Postgres and ` +
          `the bench (CPU ${Math.round(get(`deno${connections}`).cpu * 100)} % busy), so its work per sale also ` +
          `queues behind theirs`,
  });
}
