import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** Busy and total CPU time of the whole machine so far (Linux /proc/stat; zeros elsewhere). */
function cpuTimes(): { busy: number; total: number } {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const [, ...fields] = line.trim().split(/\s+/);
    const values = fields.slice(0, 8).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** What one measured phase produced. */
export interface Measurement {
  connections: number;
  ops: number;
  ok: number;
  /** Failed operations by error message (e.g. INSUFFICIENT_STOCK). */
  failures: Record<string, number>;
  wallMs: number;
  /** ops / wall time of the measured phase. */
  throughput: number;
  /** Share of the machine's CPU time (all cores, every process) busy during the measured phase. */
  cpu: number;
  p50: number;
  p95: number;
  p99: number;
  /** Per-operation latencies in ms, by operation index (for sub-groupings; not written to JSON). */
  latencies: number[];
}

export interface LoadOptions {
  /** Concurrent clients, each running its operations one after another (closed loop). */
  connections: number;
  /** Operations before the measured phase, not counted. */
  warmup: number;
  /** Operations measured. */
  ops: number;
  /** Runs between the warm-up and the measured phase (not timed). */
  afterWarmup?: () => Promise<void>;
  /**
   * One operation. `index` runs from 0 over the warm-up then from 0 again over the
   * measured phase (`warmup` tells which); `client` is the 0-based client number.
   */
  op: (index: number, client: number, warmup: boolean) => Promise<void>;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** A short, stable label for an error: the database's message (an error code such as INSUFFICIENT_STOCK). */
export function errorLabel(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { message?: unknown; code?: unknown };
    if (typeof e.message === "string" && /^[A-Z][A-Z0-9_]+$/.test(e.message)) return e.message;
    if (typeof e.code === "string" && e.code.length > 0) return `${e.code}: ${String(e.message ?? "")}`.slice(0, 120);
    if (typeof e.message === "string") return e.message.slice(0, 120);
  }
  return String(error).slice(0, 120);
}

async function drive(
  connections: number,
  total: number,
  run: (index: number, client: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const client = async (id: number) => {
    for (let index = next++; index < total; index = next++) await run(index, id);
  };
  await Promise.all(Array.from({ length: connections }, (_, id) => client(id)));
}

/**
 * Warms up, then runs `ops` operations over `connections` concurrent clients and
 * times each one with performance.now(). A failed operation is counted (by its
 * error) and timed like the others; it never stops the run.
 */
export async function measureLoad(options: LoadOptions): Promise<Measurement> {
  await drive(options.connections, options.warmup, async (index, client) => {
    await options.op(index, client, true).catch(() => {});
  });
  await options.afterWarmup?.();
  const latencies = new Array<number>(options.ops).fill(Number.NaN);
  const failures: Record<string, number> = {};
  let ok = 0;
  const cpuBefore = cpuTimes();
  const started = performance.now();
  await drive(options.connections, options.ops, async (index, client) => {
    const t0 = performance.now();
    try {
      await options.op(index, client, false);
      ok += 1;
    } catch (error) {
      const label = errorLabel(error);
      failures[label] = (failures[label] ?? 0) + 1;
    } finally {
      latencies[index] = performance.now() - t0;
    }
  });
  const wallMs = performance.now() - started;
  const cpuAfter = cpuTimes();
  const cpu = (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total);
  return { connections: options.connections, ok, failures, wallMs, cpu, latencies, ...summarize(latencies, wallMs) };
}

/** Throughput and percentiles of a list of latencies measured over `wallMs`. */
export function summarize(latencies: readonly number[], wallMs: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    ops: latencies.length,
    throughput: latencies.length / (wallMs / 1000),
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
  };
}

/** Both runs of one variant of `measureAlternated`. */
export interface Alternated {
  name: string;
  /** Its two measurements, first run first. */
  runs: Measurement[];
  /** The last run, with the mean throughput of both. */
  measurement: Measurement;
}

/**
 * Measures each variant twice, in the order given then in reverse (A, B, C, C,
 * B, A), so drift of the machine falls on every variant alike. Returns the
 * variants in the order given.
 */
export async function measureAlternated<V>(
  variants: readonly (readonly [string, V])[],
  run: (name: string, variant: V) => Promise<Measurement>,
): Promise<Alternated[]> {
  const runs = new Map<string, Measurement[]>();
  for (const [name, variant] of [...variants, ...[...variants].reverse()]) {
    const m = await run(name, variant);
    runs.set(name, [...(runs.get(name) ?? []), m]);
  }
  return variants.map(([name]) => {
    const measured = runs.get(name) ?? [];
    const throughput = measured.reduce((sum, m) => sum + m.throughput, 0) / measured.length;
    return { name, runs: measured, measurement: { ...(measured.at(-1) as Measurement), throughput } };
  });
}
