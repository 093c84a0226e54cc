/**
 * `npm run test:front-door`: the README's first command on a fresh machine.
 *
 * Clones the committed repository into a temporary folder and, under a fresh
 * HOME (empty npm cache) and an empty DENO_DIR, runs `npm install && npm run
 * dev` exactly as the README says (on free ports, through the CLI's
 * COMARAPA_*_PORT variables, so a developer's own stack may keep running).
 * It passes when `GET /functions/v1/health` answers 200 and a Ctrl-C stops
 * the stack cleanly, leaving both ports free. The user's proxy and CA
 * settings are kept: they are part of the machine, not of our setup.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, paths } from "@comarapa/local-stack";
import { assertPortFree } from "../packages/local-stack/src/ports.ts";

const STEP_TIMEOUT_MS = 15 * 60_000;

function log(line: string) {
  console.log(`[front-door] ${line}`);
}

/** The environment of a fresh machine with this machine's network settings: no npm_* of the calling npm, new HOME. */
function freshEnv(home: string, denoDir: string, ports: { db: number; functions: number }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && !name.startsWith("COMARAPA_") && name !== "DENO_DIR" && name !== "XDG_CACHE_HOME") {
      env[name] = value;
    }
  }
  return {
    ...env,
    HOME: home,
    DENO_DIR: denoDir,
    XDG_CACHE_HOME: join(home, ".cache"),
    COMARAPA_DB_PORT: String(ports.db),
    COMARAPA_FUNCTIONS_PORT: String(ports.functions),
  };
}

function waitForOutput(child: ChildProcess, text: string, output: { value: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${STEP_TIMEOUT_MS / 60_000} min`)),
      STEP_TIMEOUT_MS,
    );
    const check = () => {
      if (output.value.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!output.value.includes(text)) reject(new Error(`the command exited (${code}) before "${text}"`));
    });
  });
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), "comarapa-front-door-"));
  const repo = join(root, "repo");
  const home = join(root, "home");
  const denoDir = join(root, "deno");
  // As root, Postgres runs as the `postgres` OS user, who must reach the clone (mkdtemp makes it private).
  chmodSync(root, 0o755);
  mkdirSync(home);
  mkdirSync(denoDir);
  const ports = { db: await freePort(), functions: await freePort() };
  let child: ChildProcess | undefined;
  try {
    execFileSync("git", ["clone", "--quiet", paths.repoRoot, repo], { stdio: "inherit" });
    log(`fresh clone in ${repo}; HOME and DENO_DIR empty; ports ${ports.db} (db), ${ports.functions} (functions)`);
    const started = Date.now();
    const output = { value: "" };
    child = spawn("sh", ["-c", "npm install --no-audit --no-fund && npm run dev"], {
      cwd: repo,
      env: freshEnv(home, denoDir, ports),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, which Ctrl-C reaches as a whole
    });
    const capture = (chunk: Buffer) => {
      output.value += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout?.on("data", capture);
    child.stderr?.on("data", capture);
    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));

    await waitForOutput(child, "Ready.", output);
    log(`npm install && npm run dev ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const res = await fetch(`http://127.0.0.1:${ports.functions}/functions/v1/health`);
    const body = (await res.json()) as { data?: { status?: string } };
    if (res.status !== 200 || body.data?.status !== "ok") {
      throw new Error(`health answered ${res.status}: ${JSON.stringify(body)}`);
    }
    log("GET /functions/v1/health → 200 ok");

    process.kill(-(child.pid as number), "SIGINT");
    await exited;
    if (!output.value.includes("Stopped.")) throw new Error("Ctrl-C did not stop the stack cleanly (no 'Stopped.')");
    await assertPortFree(ports.db, "Postgres after Ctrl-C");
    await assertPortFree(ports.functions, "Edge Functions gateway after Ctrl-C");
    child = undefined;
    log("Ctrl-C stopped the stack; both ports are free");
  } finally {
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`[front-door] ✗ ${error.message}`);
  process.exit(1);
});
