import { freePort, startFunctions } from "@comarapa/local-stack";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../supabase/functions/_shared/error-codes.ts";
import { testKeys } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";

/**
 * The local gateway (packages/local-stack/src/functions.ts) keeps every
 * Edge Function served: a Deno process that dies — here `kill -9`, for real —
 * is answered 502 BAD_GATEWAY while it is down, restarted after a back-off
 * that grows when it keeps dying, with one log line naming it and the signal;
 * `stop()` returns even when a process died by a signal, and restarts nothing.
 */

const db = useTestDatabase();
const DELAY = { min: 300, max: 1200 };

async function serve(only: string[], logs: string[]) {
  return startFunctions({
    port: await freePort(),
    dbUrl: db.url,
    keys: testKeys(),
    only,
    onLog: (name, line) => logs.push(`[${name}] ${line}`),
    restartDelay: DELAY,
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Asks `check` every 50 ms until it gives a value; fails after `ms`. */
async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `promise`, or a failure naming `what` after `ms` (a hang fails the test instead of its timeout). */
async function within<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not return within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The gateway's line about a process: `… (pid N) was killed by SIGKILL; restarting it in D ms`. */
function deathLine(logs: string[], pid: number): string | undefined {
  return logs.find((line) => line.includes(`(pid ${pid})`));
}

async function envelope(res: Response) {
  return { status: res.status, body: (await res.json()) as { success: boolean; error: Record<string, unknown> } };
}

describe("the local Edge Functions gateway", () => {
  it("restarts a function killed with SIGKILL: 502 BAD_GATEWAY while down, a log line, then it answers again; the back-off grows", async () => {
    const logs: string[] = [];
    const server = await serve(["health", "reports"], logs);
    try {
      const health = `${server.url}/health`;
      expect((await fetch(health)).status).toBe(200);
      const reportsPid = server.pids.reports ?? 0;
      const delays: number[] = [];

      for (const round of [1, 2]) {
        const killed = server.pids.health ?? 0;
        expect(alive(killed)).toBe(true);
        process.kill(killed, "SIGKILL");

        const line = await eventually(`round ${round}: the gateway notices`, () => deathLine(logs, killed));
        const match =
          /^\[health\] gateway: Edge Function "health" \(pid \d+\) was killed by SIGKILL; restarting it in (\d+) ms$/.exec(
            line,
          );
        expect(match, line).not.toBeNull();
        delays.push(Number(match?.[1]));

        // Down: the error envelope, with the catalogue's status, not a hang or a socket error.
        const down = await envelope(await fetch(health));
        expect(down).toEqual({
          status: ERROR_CODES.BAD_GATEWAY.status,
          body: {
            success: false,
            error: { code: "BAD_GATEWAY", message: expect.any(String), details: { function: "health" } },
          },
        });
        expect(down.status).toBe(502);
        // The other function was not touched.
        expect((await fetch(`${server.url}/reports/low-stock`)).status).toBe(401);
        expect(server.pids.reports).toBe(reportsPid);

        // Restarted: answers again, through the gateway and directly; `pids` names the new process.
        await eventually(`round ${round}: health answers again`, async () =>
          (await fetch(health)).status === 200 ? true : undefined,
        );
        expect((await fetch(server.directUrl("health"))).status).toBe(200);
        const restarted = server.pids.health ?? 0;
        expect(restarted).not.toBe(killed);
        expect(alive(restarted)).toBe(true);
        expect(alive(killed)).toBe(false);
      }
      // Killed again at once: it waits twice as long, so a crash loop does not spin.
      expect(delays).toEqual([DELAY.min, 2 * DELAY.min]);
      expect(logs.filter((line) => line.includes("gateway:"))).toHaveLength(2);
    } finally {
      await within("stop()", server.stop(), 15_000);
    }
    for (const pid of Object.values(server.pids)) expect(alive(pid)).toBe(false);
  });

  it("stop() returns when a function died by a signal, and restarts nothing once stopping", async () => {
    const logs: string[] = [];
    const server = await serve(["health"], logs);
    const killed = server.pids.health ?? 0;
    process.kill(killed, "SIGKILL");
    await eventually("the process is gone", () => (alive(killed) ? undefined : true));

    // A restart is now due in DELAY.min ms; stop() must cancel it and return.
    await within("stop() after a function was killed by a signal", server.stop(), 15_000);
    const direct = server.directUrl("health");
    // Longer than any restart delay: still nothing started, nothing listening.
    await new Promise((resolve) => setTimeout(resolve, 2 * DELAY.max));
    expect(server.pids.health).toBe(killed);
    expect(alive(killed)).toBe(false);
    await expect(fetch(direct)).rejects.toThrow();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(deathLine(logs, killed)).toMatch(/was killed by SIGKILL; restarting it in \d+ ms$/);
  });

  it("an unknown function is 404 FUNCTION_NOT_FOUND in the error envelope", async () => {
    const logs: string[] = [];
    const server = await serve(["health"], logs);
    try {
      for (const [path, name] of [
        ["/nope", "nope"],
        ["/nope/x?y=1", "nope"],
        ["", null],
        ["/", null],
      ] as const) {
        const answer = await envelope(await fetch(`${server.url}${path}`));
        expect(answer, path).toEqual({
          status: ERROR_CODES.FUNCTION_NOT_FOUND.status,
          body: {
            success: false,
            error: { code: "FUNCTION_NOT_FOUND", message: expect.any(String), details: { function: name } },
          },
        });
        expect(answer.status).toBe(404);
      }
    } finally {
      await within("stop()", server.stop(), 15_000);
    }
  });
});
