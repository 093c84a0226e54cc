import { type Agent, request } from "node:http";

/**
 * Sends a request over a keep-alive connection, as `token`'s bearer (a JSON
 * `body` with its content type and length, then any `headers`); resolves when
 * the answer has the `expected` status, rejects otherwise with the error code
 * of its JSON body (`code`, or `error.code`) or else `HTTP_<status>`.
 */
export function requestJson(
  agent: Agent,
  url: URL,
  token: string,
  options: { method: "GET" | "POST"; expected: number; body?: string; headers?: Record<string, string> },
): Promise<void> {
  const { body } = options;
  const headers = {
    authorization: `Bearer ${token}`,
    ...(body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: options.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        if (res.statusCode === options.expected) return resolve();
        let code = `HTTP_${res.statusCode}`;
        try {
          const answer = JSON.parse(Buffer.concat(chunks).toString());
          code = answer.code ?? answer.error?.code ?? code;
        } catch {}
        reject(new Error(code));
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
