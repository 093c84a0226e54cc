import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import type { z } from "zod";
import { apiErrorSchema } from "../../supabase/functions/_shared/api-responses.ts";
import { authorization, expectNoLeak, parseJson } from "../functions/support.ts";
import type { Actor } from "../helpers/act.ts";
import type { TestDatabase } from "../helpers/db.ts";
import type { ServedFunctions } from "../helpers/functions.ts";

export { expectNoLeak, type Users, useUsers, writesNothing } from "../functions/support.ts";

/** The front end's base URL on the local stack: `<gateway>/api/v1`. */
function apiBase(served: ServedFunctions): string {
  return `${served.url}/api/v1`;
}

/** How many categories the file's database holds, counted as the superuser: `await categoryCount()`. */
export function categoryCounter(db: TestDatabase): () => Promise<number> {
  return async () => {
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from public.categories`;
    return row?.n ?? 0;
  };
}

export interface CallOptions {
  /** An actor (a token is signed for it), a raw token, or null/undefined for no Authorization header. */
  as?: Actor | string | null;
  /** A JSON body (sent as given when a string), or FormData. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** One request to the api function over HTTP, its answer parsed as JSON. */
export async function call<T = unknown>(
  served: ServedFunctions,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(await authorization(options)), ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(`${apiBase(served)}${path}`, { method, headers, body });
  const text = await res.text();
  return {
    status: res.status,
    body: parseJson<T>(text, `(${res.status}) from ${method} ${path}`),
    text,
    headers: res.headers,
  };
}

/** Expects `status` and a body that is exactly `schema` (strict objects: no field more or less). */
export function expectShape<S extends z.ZodType>(answer: Answer, status: number, schema: S): z.output<S> {
  expect(answer.status, answer.text).toBe(status);
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    throw new Error(
      `${answer.text.slice(0, 600)}\ndoes not match the contract: ${JSON.stringify(parsed.error.issues)}`,
    );
  }
  return parsed.data;
}

/**
 * Expects the front end's error envelope `{success: false, error: "<Spanish>",
 * detail: string | null, code}` with this status and code, `error` a string
 * (the front end renders it as text), and nothing of the database leaking.
 */
export function expectApiError(answer: Answer, status: number, code: string) {
  expect({ status: answer.status, code: (answer.body as { code?: string })?.code }, answer.text).toEqual({
    status,
    code,
  });
  const body = apiErrorSchema.parse(answer.body);
  expect(typeof body.error).toBe("string");
  expectNoLeak(answer.text);
  return body;
}

// =============================================================================
// A stand-in for Gemini's REST API
// =============================================================================

/** Tiny images: the magic bytes of their type, then a marker the stub answers by. */
export function image(type: "jpeg" | "png" | "webp", marker: string, padTo = 0): Blob {
  const head =
    type === "jpeg"
      ? [0xff, 0xd8, 0xff, 0xe0]
      : type === "png"
        ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        : [...Buffer.from("RIFF"), 0, 0, 0, 0, ...Buffer.from("WEBP")];
  const body = Buffer.from(`marker:${marker};`);
  const size = Math.max(padTo, head.length + body.length);
  const bytes = new Uint8Array(size);
  bytes.set(head, 0);
  bytes.set(body, head.length);
  return new Blob([bytes], { type: `image/${type}` });
}

/** A multipart body with `files` repeated, as the front end's `extractFromImages` sends it. */
export function imagesForm(blobs: Blob[]): FormData {
  const form = new FormData();
  blobs.forEach((blob, index) => {
    form.append("files", blob, `nota-${index + 1}.${blob.type.split("/")[1] ?? "bin"}`);
  });
  return form;
}

/** What a request to the stub carried, as Gemini's REST API receives it. */
export interface GeminiRequest {
  model: string;
  key: string | undefined;
  prompt: string;
  image: { mimeType: string; bytes: Buffer } | null;
  generationConfig: Record<string, unknown>;
}

export interface GeminiStub {
  url: string;
  key: string;
  model: string;
  requests: GeminiRequest[];
  /** When set, every call is answered with this HTTP status (an outage, a quota). */
  failWith: number | null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A local HTTP server speaking Gemini's `generateContent` wire format: it
 * checks the key (`x-goog-api-key`), the path `/v1beta/models/<model>:generateContent`
 * and the body (`contents[0].parts` with the prompt and the image as
 * `inline_data` base64), and answers `candidates[0].content.parts[0].text`
 * with the JSON `answer` gives for the request. Started before the file's
 * functions, stopped after them.
 */
export function useGeminiStub(answer: (request: GeminiRequest) => unknown): GeminiStub {
  const stub: GeminiStub = {
    url: "",
    key: "test-gemini-key",
    model: "gemini-test-flash",
    requests: [],
    failWith: null,
  };
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      void (async () => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        };
        const match = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(req.url ?? "");
        const raw = await readBody(req);
        if (req.method !== "POST" || !match?.[1]) return send(404, { error: { code: 404, status: "NOT_FOUND" } });
        const key = req.headers["x-goog-api-key"] as string | undefined;
        if (key !== stub.key) {
          return send(400, { error: { code: 400, message: "API key not valid.", status: "INVALID_ARGUMENT" } });
        }
        const body = JSON.parse(raw) as {
          contents: { role?: string; parts: { text?: string; inline_data?: { mime_type: string; data: string } }[] }[];
          generationConfig?: Record<string, unknown>;
        };
        const parts = body.contents?.[0]?.parts ?? [];
        const inline = parts.find((part) => part.inline_data)?.inline_data;
        const request: GeminiRequest = {
          model: match[1],
          key,
          prompt: parts.map((part) => part.text ?? "").join(""),
          image: inline ? { mimeType: inline.mime_type, bytes: Buffer.from(inline.data, "base64") } : null,
          generationConfig: body.generationConfig ?? {},
        };
        stub.requests.push(request);
        if (stub.failWith !== null) {
          return send(stub.failWith, {
            error: { code: stub.failWith, message: "stub failure", status: "UNAVAILABLE" },
          });
        }
        send(200, {
          candidates: [
            {
              content: { role: "model", parts: [{ text: JSON.stringify(answer(request)) }] },
              finishReason: "STOP",
              index: 0,
            },
          ],
          usageMetadata: { promptTokenCount: 1290, candidatesTokenCount: 125, totalTokenCount: 1415 },
          modelVersion: request.model,
        });
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });
  return stub;
}

/** The marker an image of `image()` carries, read back from the bytes the stub received. */
export function markerOf(request: GeminiRequest): string | null {
  if (!request.image) return null;
  return /marker:([^;]*);/.exec(request.image.bytes.toString("latin1"))?.[1] ?? null;
}

/** The function's secrets pointing it at the stub. */
export function stubSecrets(stub: GeminiStub): Record<string, string> {
  return { GEMINI_API_KEY: stub.key, GEMINI_MODEL: stub.model, GEMINI_API_BASE_URL: stub.url };
}
