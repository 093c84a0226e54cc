import { runSupabaseCli } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";

describe("supabase/config.toml", () => {
  it("is accepted by the Supabase CLI (`supabase start` gets past the config to looking for Docker)", async () => {
    // An unreachable Docker host: the CLI must fail on Docker, never on our config.
    const result = await runSupabaseCli(["start"], { DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(/failed to (read|load|parse) config|Invalid config|cannot find end/i);
    expect(output).toMatch(/docker/i);
  });
});
