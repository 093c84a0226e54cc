import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrationChecksumsFile, migrationsDir } from "./paths.ts";
import { withConnection } from "./postgres.ts";

/** Every migration file, in the order the CLI applies them. */
export function migrationFiles(): string[] {
  return readdirSync(migrationsDir)
    .filter((file) => file.endsWith(".sql"))
    .sort();
}

export function checksumOf(file: string): string {
  return createHash("sha256")
    .update(readFileSync(join(migrationsDir, file)))
    .digest("hex");
}

/**
 * The checksums recorded in `supabase/migrations.sha256` (`sha256sum`'s
 * format, so `cd supabase/migrations && sha256sum -c ../migrations.sha256`
 * checks them too): a landed migration is frozen, and its checksum says so.
 */
export function recordedChecksums(): Map<string, string> {
  const recorded = new Map<string, string>();
  if (!existsSync(migrationChecksumsFile)) return recorded;
  for (const line of readFileSync(migrationChecksumsFile, "utf8").split("\n")) {
    const match = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line.trim());
    if (match?.[1] && match[2]) recorded.set(match[2], match[1]);
  }
  return recorded;
}

/** Records the checksum of every migration not recorded yet; never rewrites a recorded one. Returns the new files. */
export function recordNewChecksums(): string[] {
  const recorded = recordedChecksums();
  const added = migrationFiles().filter((file) => !recorded.has(file));
  for (const file of added) recorded.set(file, checksumOf(file));
  const lines = [...recorded].sort(([a], [b]) => a.localeCompare(b)).map(([file, sum]) => `${sum}  ${file}`);
  writeFileSync(migrationChecksumsFile, `${lines.join("\n")}\n`);
  return added;
}

/** What `supabase db push` stores of a migration: its statements without their `;`, compared without white space. */
function normalized(sql: string): string {
  return sql.replace(/\s+/g, "").replace(/;+$/, "");
}

/**
 * The migrations a database applied that no longer match the files: edited
 * since (the CLI records each one's statements), or removed. An edited
 * migration is never applied again (`db push` sees its version as done), so
 * such a database runs SQL the repository no longer has. Empty when the
 * database has no migration history yet.
 */
export async function appliedMigrationDrift(url: string): Promise<string[]> {
  const files = new Map(migrationFiles().map((file) => [file.slice(0, 14), file]));
  return withConnection(url, async (sql) => {
    const [{ exists }] = (await sql`
      select to_regclass('supabase_migrations.schema_migrations') is not null as exists
    `) as unknown as [{ exists: boolean }];
    if (!exists) return [];
    const applied = await sql<{ version: string; name: string | null; statements: string[] | null }[]>`
      select version, name, statements from supabase_migrations.schema_migrations order by version
    `;
    const drift: string[] = [];
    for (const row of applied) {
      const file = files.get(row.version);
      if (!file) {
        drift.push(`${row.version}_${row.name ?? ""}.sql was applied but its file is gone`);
      } else if (
        normalized((row.statements ?? []).join(";")) !== normalized(readFileSync(join(migrationsDir, file), "utf8"))
      ) {
        drift.push(`${file} changed after it was applied`);
      }
    }
    return drift;
  });
}
