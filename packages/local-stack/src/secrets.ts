import { existsSync, readFileSync } from "node:fs";

/**
 * The secrets of the Edge Functions, as `supabase functions serve` reads
 * them: `supabase/functions/.env` (git-ignored), `NAME=value` lines, `#`
 * comments, optional quotes. Names Supabase reserves (`SUPABASE_*`) are left
 * out: the stack sets those itself. A missing file is no secret at all.
 */
export function readFunctionSecrets(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const secrets: Record<string, string> = {};
  for (const raw of readFileSync(file, "utf8").split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match?.[1]) continue;
    const name = match[1];
    let value = (match[2] ?? "").trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2] ?? "";
    if (!name.startsWith("SUPABASE_")) secrets[name] = value;
  }
  return secrets;
}
