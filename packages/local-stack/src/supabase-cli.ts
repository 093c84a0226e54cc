import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { binDir, repoRoot, seedFile } from "./paths.ts";
import { withConnection } from "./postgres.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real Supabase CLI (npm `supabase`) from the repository root. */
export function runSupabaseCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(binDir, "supabase"), [...args, "--workdir", repoRoot], {
      cwd: repoRoot,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", PGSSLMODE: "disable", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `supabase db push` against a database URL: applies and records the migrations. */
export async function pushMigrations(url: string): Promise<CliResult> {
  const result = await runSupabaseCli(["db", "push", `--remote=${url}`, "--yes"]);
  if (result.code !== 0) {
    throw new Error(`supabase db push failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  }
  return result;
}

/** Loads `supabase/seed.sql` in one transaction, as `supabase db reset` does after migrations. */
export async function applySeed(url: string): Promise<void> {
  const script = await readFile(seedFile, "utf8");
  await withConnection(url, async (sql) => {
    await sql.begin(async (tx) => {
      await tx.unsafe(script);
    });
  });
}

/** `supabase gen types typescript` for the `public` schema of the database at `url`. */
export async function generateTypes(url: string): Promise<string> {
  const result = await runSupabaseCli(["gen", "types", "typescript", `--remote=${url}`, "--schema", "public"]);
  if (result.code !== 0) {
    throw new Error(`supabase gen types failed (exit ${result.code}):\n${result.stderr}`);
  }
  return result.stdout;
}
