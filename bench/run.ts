/**
 * `npm run bench`            every scenario at the issues' sizes
 * `npm run bench -- --quick` every scenario at a small size (CI: proves the harness)
 * `--only 1,3`               some scenarios only
 *
 * Starts its own throw-away stack, generates its data, runs each scenario
 * after a warm-up, prints one table and writes the same figures as JSON under
 * bench/results/.
 */
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { paths } from "@comarapa/local-stack";
import { type Context, FULL, QUICK } from "./config.ts";
import { generateStore } from "./data/store.ts";
import { formatTable, type Goal, type Row, writeJson } from "./report.ts";
import { accountsScenario } from "./scenarios/accounts.ts";
import { apiSearchScenario } from "./scenarios/api-search.ts";
import { dailySummaryScenario } from "./scenarios/daily-summary.ts";
import { edgeFunctionScenario } from "./scenarios/edge-function.ts";
import { hotProductScenario } from "./scenarios/hot-product.ts";
import { integrityScenario } from "./scenarios/integrity.ts";
import { invoiceMatchScenario } from "./scenarios/invoice-match.ts";
import { receivingScenario } from "./scenarios/receiving.ts";
import { saleScenario } from "./scenarios/sale.ts";
import { searchScenario } from "./scenarios/search.ts";
import { tillScenario } from "./scenarios/till.ts";
import { commitLatency, startBenchStack } from "./stack.ts";

const SEED = 20261122;

type Scenario = (ctx: Context) => Promise<void>;
const SCENARIOS: Record<string, [title: string, run: Scenario]> = {
  "1": ["sale through RPC, with its baselines", saleScenario],
  "2": ["hot product", hotProductScenario],
  "3": ["search", searchScenario],
  "4": ["daily summary", dailySummaryScenario],
  "5": ["through the Edge Function", edgeFunctionScenario],
  "6": ["stock integrity check", integrityScenario],
  "7": ["customers and credit", accountsScenario],
  "8": ["the till", tillScenario],
  "9": ["search through the api function", apiSearchScenario],
  "10": ["receiving a purchase order", receivingScenario],
  "11": ["matching a supplier's invoice", invoiceMatchScenario],
};

function machine() {
  const cpu = cpus();
  let deno = "";
  try {
    deno = execFileSync(join(paths.binDir, "deno"), ["--version"], { encoding: "utf8" }).split("\n")[0] ?? "";
  } catch {}
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model ?? "?"}`,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    deno,
    platform: `${process.platform} ${process.arch}`,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
    },
  });
  const mode = values.quick ? "quick" : "full";
  const sizes = values.quick ? QUICK : FULL;
  const only = values.only ? values.only.split(",").map((s) => s.trim()) : Object.keys(SCENARIOS);
  for (const id of only) if (!SCENARIOS[id]) throw new Error(`no scenario "${id}" (1–11)`);
  for (const id of only)
    if (!SCENARIOS[id]) throw new Error(`no scenario "${id}" (1–${Object.keys(SCENARIOS).length})`);

  const started = performance.now();
  const startedAt = new Date();
  const log = (line: string) => console.log(line);
  log(`Comarapa bench (${mode}) — starting a throw-away stack`);
  const stack = await startBenchStack(log);
  const interrupted = () => {
    log("\ninterrupted: stopping the stack…");
    void stack.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  const rows: Row[] = [];
  const goals: Goal[] = [];
  let store: Promise<string> | undefined;
  const ctx: Context = {
    stack,
    sizes,
    seed: SEED,
    log,
    commitMs: Number.NaN,
    rows,
    goals,
    store: () => {
      store ??= (async () => {
        const { products, sales, year, busyDay } = sizes.store;
        log(
          `    generating the store: ${products.toLocaleString("en-US")} products, ${sales.toLocaleString("en-US")} sales`,
        );
        const url = await stack.createDatabase("bench_store");
        const summary = await generateStore(url, { products, seed: SEED, sales: { count: sales, year, busyDay } }, log);
        log(
          `    store ready: ${summary.sales.toLocaleString("en-US")} sales, ${summary.items.toLocaleString("en-US")} items, ` +
            `${summary.movements.toLocaleString("en-US")} movements in ${(summary.ms / 1000).toFixed(1)} s`,
        );
        return url;
      })();
      return store;
    },
  };
  let failed = false;
  try {
    ctx.commitMs = await commitLatency(stack);
    log(`  commit latency (one-row insert, WAL flush) p50 ${ctx.commitMs.toFixed(2)} ms`);
    for (const id of only) {
      const [title, run] = SCENARIOS[id] as [string, Scenario];
      const t0 = performance.now();
      log(`\n▶ ${id}. ${title}`);
      await run(ctx);
      log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    failed = true;
    console.error(`\n✗ ${(error as Error).stack ?? error}`);
  } finally {
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
    await stack.stop();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const host = machine();
  console.log(
    `\nComarapa bench — ${mode} — ${startedAt.toISOString()} — ${host.cpu}, ${host.memory_gb} GB — ` +
      `commit p50 ${ctx.commitMs.toFixed(2)} ms`,
  );
  console.log(formatTable(rows));
  if (goals.length > 0) {
    console.log("");
    for (const goal of goals) {
      console.log(`${goal.met ? "✓" : "✗"} ${goal.goal}: ${goal.measured}${goal.why ? ` — ${goal.why}` : ""}`);
    }
  }
  const file = join(
    paths.repoRoot,
    "bench/results",
    `bench-${mode}-${startedAt.toISOString().replaceAll(":", "-").slice(0, 19)}.json`,
  );
  await writeJson(file, {
    mode,
    started_at: startedAt.toISOString(),
    wall_seconds: wallSeconds,
    seed: SEED,
    machine: { ...host, commit_p50_ms: ctx.commitMs },
    sizes,
    rows,
    goals,
  });
  console.log(`\nwall time ${wallSeconds.toFixed(1)} s — figures in ${file}`);
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(`✗ ${(error as Error).stack ?? error}`);
  process.exit(1);
});
