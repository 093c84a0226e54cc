import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { freePort, paths } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";

const fixtures = "tests/fixtures/exit-status";

/** Runs one of our commands in a child process, as a developer or CI would; resolves with its status and output. */
function runCommand(bin: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ status: number | null; output: string }>((resolve, reject) => {
    const child = spawn(join(paths.binDir, bin), args, {
      cwd: paths.repoRoot,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, output }));
  });
}

describe("a failure ends our commands with a non-zero exit status", () => {
  it("vitest with a failing test, behind the real global setup (Postgres started and migrated)", async () => {
    const { status, output } = await runCommand("vitest", [
      "run",
      "--config",
      `${fixtures}/vitest.failing-test.config.ts`,
    ]);
    expect(output).toContain("fails on purpose (exit-status fixture)");
    expect(output).toMatch(/Tests\s+1 failed \| 1 passed/);
    expect(status, output).toBe(1);
  });

  it("vitest whose global setup fails after starting Postgres", async () => {
    const { status, output } = await runCommand("vitest", [
      "run",
      "--config",
      `${fixtures}/vitest.failing-setup.config.ts`,
    ]);
    expect(output).toContain("global setup fails on purpose (exit-status fixture)");
    expect(status, output).not.toBe(0);
  });

  it("`npm run dev` when the database port is taken: names the port and exits 1", async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const { status, output } = await runCommand("tsx", [
        "packages/local-stack/src/cli.ts",
        "dev",
        "--db-port",
        String(port),
        "--functions-port",
        String(await freePort()),
      ]);
      expect(output).toContain(`port ${port} (Postgres) is already in use`);
      expect(status, output).toBe(1);
    } finally {
      blocker.close();
    }
  });
});
