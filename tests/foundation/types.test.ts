import { readFileSync } from "node:fs";
import { generateTypes, paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";

const db = useTestDatabase();

describe("generated database types", () => {
  it("match `supabase gen types typescript` for the migrated schema (run `npm run db:types` when this fails)", async () => {
    const generated = await generateTypes(db.url);
    expect(generated).toContain("export type Database");
    expect(readFileSync(paths.typesFile, "utf8")).toBe(generated);
  });
});
