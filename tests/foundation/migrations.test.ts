import { readdirSync } from "node:fs";
import { applyBootstrap, paths, pushMigrations, runSupabaseCli } from "@comarapa/local-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dropTestDatabase, type TestDatabase } from "../helpers/db.ts";

const migrationFiles = readdirSync(paths.migrationsDir)
  .filter((file) => file.endsWith(".sql"))
  .sort();
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ template: "template1" });
});
afterAll(async () => {
  await dropTestDatabase(db);
});

describe("supabase db push", () => {
  it("applies and records every migration on a fresh database, then applies nothing the second time", async () => {
    expect(await applyBootstrap(db.url)).toBe(true);
    const first = await pushMigrations(db.url);
    for (const file of migrationFiles) expect(first.stderr + first.stdout).toContain(`Applying migration ${file}`);

    const recorded = await db.sql<{ version: string; name: string }[]>`
      select version, name from supabase_migrations.schema_migrations order by version
    `;
    expect(recorded.map((row) => `${row.version}_${row.name}.sql`)).toEqual(migrationFiles);

    const second = await runSupabaseCli(["db", "push", `--remote=${db.url}`, "--yes"]);
    expect(second.code).toBe(0);
    expect(second.stderr + second.stdout).toContain("Remote database is up to date.");
    expect(second.stderr + second.stdout).not.toContain("Applying migration");
    const [{ count }] =
      (await db.sql`select count(*)::int as count from supabase_migrations.schema_migrations`) as unknown as [
        { count: number },
      ];
    expect(count).toBe(migrationFiles.length);
  });

  it("every migration is named YYYYMMDDHHMMSS_description.sql and opens with a comment saying why", async () => {
    const { readFileSync } = await import("node:fs");
    for (const file of migrationFiles) {
      expect(file).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
      expect(readFileSync(`${paths.migrationsDir}/${file}`, "utf8")).toMatch(/^-- \S/);
    }
  });
});
