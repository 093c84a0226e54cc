import { appliedMigrationDrift, checksumOf, migrationFiles, paths, recordedChecksums } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";

const db = useTestDatabase();

describe("landed migrations are frozen", () => {
  it("every migration has a recorded checksum (`npm run db:checksums` records a new one)", () => {
    const recorded = recordedChecksums();
    const unrecorded = migrationFiles().filter((file) => !recorded.has(file));
    expect(unrecorded, `record them in ${paths.migrationChecksumsFile}: npm run db:checksums`).toEqual([]);
  });

  it("no recorded migration was edited or removed (change the schema with a new migration instead)", () => {
    const files = new Set(migrationFiles());
    const changed = [...recordedChecksums()].flatMap(([file, sum]) => {
      if (!files.has(file)) return [`${file} was removed`];
      return checksumOf(file) === sum ? [] : [`${file} was edited after it landed`];
    });
    expect(changed).toEqual([]);
  });
});

describe("a database whose applied migrations no longer match the files (what `npm run dev` refuses)", () => {
  it("is reported as drift-free right after the CLI applied the migrations", async () => {
    expect(await appliedMigrationDrift(db.url)).toEqual([]);
  });

  it("names a migration whose recorded statements differ from its file, and one whose file is gone", async () => {
    const [first] = migrationFiles();
    await db.sql`
      update supabase_migrations.schema_migrations
         set statements = statements || array['select 1']
       where version = ${first?.slice(0, 14) ?? ""}
    `;
    await db.sql`
      insert into supabase_migrations.schema_migrations (version, name, statements)
      values ('20200101000000', 'ghost', array['select 1'])
    `;
    expect(await appliedMigrationDrift(db.url)).toEqual([
      "20200101000000_ghost.sql was applied but its file is gone",
      `${first} changed after it was applied`,
    ]);
  });
});
