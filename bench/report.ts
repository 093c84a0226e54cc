import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Measurement } from "./measure.ts";

/** One line of the table: a scenario's variant at some concurrency, and its measured phase. */
export interface Row extends Omit<Measurement, "latencies"> {
  scenario: string;
  variant: string;
  /** Ratios, checks and goals, in words. */
  note: string;
  /** Figures behind the note (ratios, oversold units, memory…), for the JSON. */
  details?: Record<string, unknown>;
}

/** A goal of the issue, reported (never asserted). */
export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
  /** Why it is missed and what would close it. */
  why?: string;
}

export function row(
  scenario: string,
  variant: string,
  m: Measurement,
  note = "",
  details?: Record<string, unknown>,
): Row {
  const { latencies: _latencies, ...figures } = m;
  return { scenario, variant, ...figures, note, details };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

/** The table every run prints. */
export function formatTable(rows: readonly Row[]): string {
  const header = [
    "scenario",
    "variant",
    "conns",
    "ops",
    "failed",
    "ops/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "ratios / checks",
  ];
  const lines = rows.map((r) => [
    r.scenario,
    r.variant,
    String(r.connections),
    String(r.ops),
    String(r.ops - r.ok),
    fixed(r.throughput, 0),
    fixed(r.p50, 2),
    fixed(r.p95, 2),
    fixed(r.p99, 2),
    Number.isFinite(r.cpu) ? `${Math.round(r.cpu * 100)}%` : "–",
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8, 9]);
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const out = [format(header), rule];
  let last = "";
  for (const [i, line] of lines.entries()) {
    const scenario = rows[i]?.scenario ?? "";
    if (last && scenario !== last) out.push("");
    last = scenario;
    out.push(format(line));
  }
  return out.join("\n");
}

export async function writeJson(file: string, data: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}
