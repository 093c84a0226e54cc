import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { ERROR_CODES, type ErrorCode } from "../../../supabase/functions/_shared/error-codes.ts";
import { LOCAL_AUTH_ISSUER, type SigningKeys } from "./keys.ts";
import { binDir, functionsDir } from "./paths.ts";
import { assertPortFree, freePort } from "./ports.ts";

/** Every Edge Function: each folder of `supabase/functions` with an `index.ts`, except `_shared`. */
export function listFunctions(): string[] {
  return readdirSync(functionsDir)
    .filter((name) => !name.startsWith("_") && !name.startsWith("."))
    .filter((name) => {
      try {
        return statSync(join(functionsDir, name, "index.ts")).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

export interface FunctionsOptions {
  /** Port of the gateway that serves `/functions/v1/<name>/…` (54321 as in `supabase start`). */
  port: number;
  dbUrl: string;
  keys: SigningKeys;
  /** Only these functions (default: all). */
  only?: string[];
  /**
   * Receives each line a function writes (its JSON request logs among them),
   * and the gateway's line when that function's process dies.
   */
  onLog?: (name: string, line: string) => void;
  /** Milliseconds before a dead function is restarted: `min`, doubled for each quick death in a row, up to `max` (default 250 to 10,000). */
  restartDelay?: { min: number; max: number };
  /**
   * The functions' secrets (`supabase secrets set` on hosted Supabase;
   * `supabase/functions/.env` locally), given to every function; the
   * `SUPABASE_*` variables stay the stack's own.
   */
  secrets?: Record<string, string>;
}

export interface FunctionsServer {
  url: string;
  /** Direct address of one function's Deno server, without the gateway. */
  directUrl(name: string): string;
  /** Process ids of the Deno servers, by function name (kept current when one is restarted). */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * The environment Supabase gives a function, plus the legacy HS256 secret and
 * the issuer of this stack's tokens (which, as under `supabase start`, is not
 * the URL the functions see).
 */
export function functionEnv(options: { gatewayUrl: string; dbUrl: string; keys: SigningKeys }): Record<string, string> {
  return {
    SUPABASE_URL: options.gatewayUrl.replace(/\/functions\/v1$/, ""),
    SUPABASE_DB_URL: options.dbUrl,
    SUPABASE_JWKS: JSON.stringify(options.keys.jwks),
    SUPABASE_JWT_SECRET: options.keys.jwtSecret,
    COMARAPA_AUTH_ISSUER: LOCAL_AUTH_ISSUER,
  };
}

/** A function's entry point. */
export function functionEntry(name: string): string {
  return join(functionsDir, name, "index.ts");
}

/**
 * How the local stack runs Deno: the functions' `deno.json`, whose `npm:`
 * imports resolve from the packages `npm install` already put in the
 * repository's `node_modules` (`--node-modules-dir=manual`), and never from
 * the network (`--cached-only`): starting a function downloads nothing. The
 * same `deno.json` deploys unchanged to Supabase, which fetches the imports
 * when it bundles (docs/decisions.md).
 */
export function denoModuleFlags(): string[] {
  return ["--config", join(functionsDir, "deno.json"), "--node-modules-dir=manual", "--cached-only"];
}

/** Variables that tell a child process how to reach the network: proxies and certificate authorities. */
const NETWORK_VARIABLES = [
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
];

/**
 * The environment of a Deno process of ours: only what Deno itself needs
 * (a function sees no other variable of the developer's shell, as on the edge
 * runtime), plus the user's proxy and certificate settings should Deno ever
 * reach the network. `DENO_CERT` defaults to the CA bundle Node was given.
 */
export function denoEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" };
  for (const name of ["DENO_DIR", ...NETWORK_VARIABLES]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  const bundle = process.env.NODE_EXTRA_CA_CERTS ?? process.env.SSL_CERT_FILE;
  if (!env.DENO_CERT && bundle) env.DENO_CERT = bundle;
  return env;
}

/** How a Deno process ended: its exit code, or the signal that killed it. */
interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface DenoProcess {
  child: ChildProcess;
  /** Resolves once it listens; rejects when it exits first or does not listen within 60 s (it is then killed). */
  ready: Promise<void>;
  /** Resolves once it has exited, whether with a code or by a signal. */
  exited: Promise<Exit>;
}

function describeExit(exit: Exit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** Starts one function's Deno server on `port`; each line it writes goes to `onLog`. */
function spawnDeno(name: string, port: number, env: Record<string, string>, onLog: (line: string) => void) {
  const child = spawn(
    join(binDir, "deno"),
    ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", ...denoModuleFlags(), functionEntry(name)],
    {
      env: { ...denoEnv(), DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let listening = false;
  let output = "";
  let markReady = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  const timer = setTimeout(() => {
    if (listening) return;
    failReady(new Error(`Edge Function "${name}" did not start listening within 60 s:\n${output}`));
    child.kill("SIGKILL");
  }, 60_000);
  const exited = new Promise<Exit>((resolve) => {
    const settle = (exit: Exit) => {
      clearTimeout(timer);
      if (!listening)
        failReady(new Error(`Edge Function "${name}" ${describeExit(exit)} before it listened:\n${output}`));
      resolve(exit);
    };
    child.once("exit", (code, signal) => settle({ code, signal }));
    // A process that could not be spawned at all emits no "exit".
    child.once("error", (error) => {
      if (child.pid === undefined) {
        output += String(error);
        settle({ code: null, signal: null });
      }
    });
  });
  // Each stream is split into whole lines: a JSON log line can arrive in two chunks.
  const lineReader = () => {
    let partial = "";
    return (chunk: Buffer) => {
      const text = chunk.toString();
      if (!listening) {
        output += text;
        if (output.includes("Listening on")) {
          listening = true;
          clearTimeout(timer);
          markReady();
        }
      }
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.trim() && !line.startsWith("Listening on")) onLog(line);
    };
  };
  child.stdout?.on("data", lineReader());
  child.stderr?.on("data", lineReader());
  return { child, ready, exited } satisfies DenoProcess;
}

/** Ends a Deno process (SIGTERM, SIGKILL after `graceMs`); returns at once when it has already exited. */
async function terminate(deno: DenoProcess, graceMs = 5_000): Promise<void> {
  deno.child.kill("SIGTERM");
  const timer = setTimeout(() => deno.child.kill("SIGKILL"), graceMs);
  await deno.exited;
  clearTimeout(timer);
}

/** A function the gateway serves: its port (kept across restarts), its current process, and whether it answers. */
interface Supervised {
  name: string;
  port: number;
  deno?: DenoProcess;
  up: boolean;
  /** Deaths in a row, each within STABLE_MS of its start: the exponent of the next restart's delay. */
  quickDeaths: number;
  restart?: NodeJS.Timeout;
}

/** A process that ran this long before dying was healthy: its restart waits the shortest delay again. */
const STABLE_MS = 10_000;

/** The error envelope of the functions, with the catalogue's status, for what the gateway answers itself. */
function answerError(res: ServerResponse, code: ErrorCode, message: string, details: unknown) {
  res.writeHead(ERROR_CODES[code].status, { "content-type": "application/json" });
  res.end(JSON.stringify({ success: false, error: { code, message, details } }));
}

/**
 * Serves every Edge Function under real Deno, one process each (as the edge
 * runtime isolates them), behind a gateway at
 * `http://127.0.0.1:<port>/functions/v1/<name>/…`. Each function receives
 * the path as Supabase delivers it: `/<name>/…`.
 *
 * A process that dies (exits or is killed) is restarted on the same port
 * after `restartDelay.min` ms, doubled for each death in a row within 10 s of
 * its start (up to `restartDelay.max`), with one log line naming the function
 * and its exit code or signal; meanwhile the gateway answers 502
 * `BAD_GATEWAY`. An unknown function is 404 `FUNCTION_NOT_FOUND`. `stop()`
 * ends every process, however the others ended, and restarts none.
 */
export async function startFunctions(options: FunctionsOptions): Promise<FunctionsServer> {
  await assertPortFree(options.port, "Edge Functions gateway");
  const gatewayUrl = `http://127.0.0.1:${options.port}/functions/v1`;
  const env = { ...options.secrets, ...functionEnv({ gatewayUrl, dbUrl: options.dbUrl, keys: options.keys }) };
  const names = options.only ?? listFunctions();
  const delay = options.restartDelay ?? { min: 250, max: 10_000 };
  const log = (name: string, line: string) =>
    options.onLog ? options.onLog(name, line) : console.log(`[${name}] ${line}`);
  const supervised: Supervised[] = await Promise.all(
    names.map(async (name) => ({ name, port: await freePort(), up: false, quickDeaths: 0 })),
  );
  const byName = new Map(supervised.map((fn) => [fn.name, fn]));
  const pids: Record<string, number> = {};
  /** Starting: a death fails the start. Supervising: a death is restarted. Stopping: nothing is restarted. */
  let state: "starting" | "supervising" | "stopping" = "starting";

  const launch = (fn: Supervised): Promise<void> => {
    const deno = spawnDeno(fn.name, fn.port, env, (line) => log(fn.name, line));
    const launchedAt = Date.now();
    const pid = deno.child.pid ?? 0;
    fn.deno = deno;
    pids[fn.name] = pid;
    deno.ready.then(
      () => {
        fn.up = true;
      },
      () => {},
    );
    void deno.exited.then((exit) => {
      fn.up = false;
      if (state !== "supervising") return;
      if (Date.now() - launchedAt >= STABLE_MS) fn.quickDeaths = 0;
      const wait = Math.min(delay.min * 2 ** fn.quickDeaths, delay.max);
      fn.quickDeaths += 1;
      log(
        fn.name,
        `gateway: Edge Function "${fn.name}" (pid ${pid}) ${describeExit(exit)}; restarting it in ${wait} ms`,
      );
      fn.restart = setTimeout(() => {
        fn.restart = undefined;
        // A failed start is one more death: its exit schedules the next attempt.
        if (state === "supervising") launch(fn).catch(() => {});
      }, wait);
    });
    return deno.ready;
  };

  /** Stops supervising (no restart from now on) and ends every process, however each one already ended. */
  const stopAll = async () => {
    state = "stopping";
    for (const fn of supervised) clearTimeout(fn.restart);
    await Promise.all(supervised.map((fn) => (fn.deno ? terminate(fn.deno) : undefined)));
  };

  const launches = await Promise.allSettled(supervised.map(launch));
  const failed = launches.find((result) => result.status === "rejected");
  const died = supervised.find((fn) => !fn.up);
  if (failed || died) {
    await stopAll();
    throw failed ? failed.reason : new Error(`Edge Function "${died?.name}" exited while the others started`);
  }
  state = "supervising";

  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const gateway: Server = createServer((req, res) => {
    const match = /^\/functions\/v1\/([^/?]+)(.*)$/.exec(req.url ?? "");
    const name = match?.[1] ?? null;
    const target = name === null ? undefined : byName.get(name);
    if (!target) {
      const message = name ? `No Edge Function is named "${name}".` : "Name an Edge Function: /functions/v1/<name>.";
      answerError(res, "FUNCTION_NOT_FOUND", message, { function: name });
      return;
    }
    const unavailable = () => {
      const message = `Edge Function "${target.name}" is not answering; its process is being restarted, retry shortly.`;
      answerError(res, "BAD_GATEWAY", message, { function: target.name });
    };
    if (!target.up) {
      unavailable();
      return;
    }
    const upstream = httpRequest(
      {
        host: "127.0.0.1",
        port: target.port,
        method: req.method,
        path: `/${target.name}${match?.[2] ?? ""}`,
        headers: req.headers,
        agent,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        // The process died mid-answer: cut the connection rather than end a truncated body as if whole.
        upstreamRes.once("close", () => {
          if (!upstreamRes.complete) res.destroy();
        });
      },
    );
    upstream.on("error", () => {
      // Headers already sent: the answer was under way, and an envelope appended to it would corrupt it.
      if (res.headersSent || res.destroyed) res.destroy();
      else unavailable();
    });
    res.once("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      gateway.once("error", reject);
      gateway.listen(options.port, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    url: gatewayUrl,
    directUrl: (name) => `http://127.0.0.1:${byName.get(name)?.port}/${name}`,
    pids,
    stop: async () => {
      // First, so that no process that dies from here on is restarted.
      const ending = stopAll();
      await new Promise<void>((resolve) => {
        gateway.close(() => resolve());
        gateway.closeAllConnections();
      });
      agent.destroy();
      await ending;
    },
  };
}
