import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { Agent, createServer, request as httpRequest, type Server } from "node:http";
import { join } from "node:path";
import type { SigningKeys } from "./keys.ts";
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
  /** Receives each line a function writes (its JSON request logs among them). */
  onLog?: (name: string, line: string) => void;
}

export interface FunctionsServer {
  url: string;
  /** Direct address of one function's Deno server, without the gateway. */
  directUrl(name: string): string;
  /** Process ids of the Deno servers, by function name. */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/** The environment Supabase gives a function, plus the legacy HS256 secret. */
export function functionEnv(options: { gatewayUrl: string; dbUrl: string; keys: SigningKeys }): Record<string, string> {
  return {
    SUPABASE_URL: options.gatewayUrl.replace(/\/functions\/v1$/, ""),
    SUPABASE_DB_URL: options.dbUrl,
    SUPABASE_JWKS: JSON.stringify(options.keys.jwks),
    SUPABASE_JWT_SECRET: options.keys.jwtSecret,
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

interface RunningFunction {
  name: string;
  port: number;
  child: ChildProcess;
}

function startDeno(name: string, port: number, env: Record<string, string>, onLog: (line: string) => void) {
  return new Promise<RunningFunction>((resolve, reject) => {
    const child = spawn(
      join(binDir, "deno"),
      ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", ...denoModuleFlags(), functionEntry(name)],
      {
        env: { ...denoEnv(), DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}`, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let ready = false;
    let output = "";
    const timer = setTimeout(() => {
      if (ready) return;
      child.kill("SIGKILL");
      reject(new Error(`Edge Function "${name}" did not start listening within 60 s:\n${output}`));
    }, 60_000);
    // Each stream is split into whole lines: a JSON log line can arrive in two chunks.
    const lineReader = () => {
      let partial = "";
      return (chunk: Buffer) => {
        const text = chunk.toString();
        if (!ready) {
          output += text;
          if (output.includes("Listening on")) {
            ready = true;
            clearTimeout(timer);
            resolve({ name, port, child });
          }
        }
        const lines = (partial + text).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) if (line.trim() && !line.startsWith("Listening on")) onLog(line);
      };
    };
    child.stdout?.on("data", lineReader());
    child.stderr?.on("data", lineReader());
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`Edge Function "${name}" exited with code ${code} before it listened:\n${output}`));
    });
  });
}

/**
 * Serves every Edge Function under real Deno, one process each (as the edge
 * runtime isolates them), behind a gateway at
 * `http://127.0.0.1:<port>/functions/v1/<name>/…`. Each function receives
 * the path as Supabase delivers it: `/<name>/…`.
 */
export async function startFunctions(options: FunctionsOptions): Promise<FunctionsServer> {
  await assertPortFree(options.port, "Edge Functions gateway");
  const gatewayUrl = `http://127.0.0.1:${options.port}/functions/v1`;
  const env = functionEnv({ gatewayUrl, dbUrl: options.dbUrl, keys: options.keys });
  const names = options.only ?? listFunctions();
  const running = await Promise.all(
    names.map(async (name) =>
      startDeno(name, await freePort(), env, (line) =>
        options.onLog ? options.onLog(name, line) : console.log(`[${name}] ${line}`),
      ),
    ),
  );
  const byName = new Map(running.map((fn) => [fn.name, fn]));
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  const gateway: Server = createServer((req, res) => {
    const match = /^\/functions\/v1\/([^/?]+)(.*)$/.exec(req.url ?? "");
    const target = match ? byName.get(match[1] ?? "") : undefined;
    if (!match || !target) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ success: false, error: { code: "FUNCTION_NOT_FOUND", message: "No such Edge Function" } }),
      );
      return;
    }
    const upstream = httpRequest(
      {
        host: "127.0.0.1",
        port: target.port,
        method: req.method,
        path: `/${target.name}${match[2] ?? ""}`,
        headers: req.headers,
        agent,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.once("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ success: false, error: { code: "BAD_GATEWAY", message: error.message } }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    gateway.once("error", reject);
    gateway.listen(options.port, "127.0.0.1", () => resolve());
  });

  return {
    url: gatewayUrl,
    directUrl: (name) => `http://127.0.0.1:${byName.get(name)?.port}/${name}`,
    pids: Object.fromEntries(running.map((fn) => [fn.name, fn.child.pid ?? 0])),
    stop: async () => {
      await new Promise<void>((resolve) => {
        gateway.close(() => resolve());
        gateway.closeAllConnections();
      });
      agent.destroy();
      await Promise.all(
        running.map(
          (fn) =>
            new Promise<void>((resolve) => {
              if (fn.child.exitCode !== null) return resolve();
              fn.child.once("exit", () => resolve());
              fn.child.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
