import { runSupabaseCli } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";

const db = useTestDatabase({ seeded: true });

interface Finding {
  name: string;
  level: string;
  title?: string;
  detail?: string;
}

describe("supabase db advisors", () => {
  it("reports no security or performance finding on the migrated, seeded database (unused_index aside)", async () => {
    const result = await runSupabaseCli([
      "db",
      "advisors",
      `--remote=${db.url}`,
      "--type",
      "all",
      "--level",
      "info",
      "--output-format",
      "json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { results: Finding[] };
    expect(Array.isArray(report.results)).toBe(true);
    // unused_index flags every index of a database no query has used yet.
    const findings = report.results
      .filter((finding) => finding.name !== "unused_index")
      .map((finding) => `${finding.level} ${finding.name}: ${finding.detail ?? finding.title}`);
    expect(findings).toEqual([]);
  });
});
