/**
 * A sender with one keep-alive connection of its own (node:http, an Agent of one socket), as a
 * platform keeps a connection to a webhook server: what each request got is kept whole (status,
 * the Connection header), or how it failed (refused on a new connection, reset on an open one).
 *
 * @example
 * const sender = keepAliveSender(port);
 * const outcome = await sender.post("/webhooks/vca", vca());
 * sender.close();
 */
import { Agent, request } from "node:http";
import { SECRET } from "../fixtures/webhooks.js";

/** What one request got. */
export type Outcome =
  | { kind: "answered"; status: number; connection: string | undefined; retryAfter: string | undefined; json: unknown; text: string }
  | { kind: "refused" }
  | { kind: "failed"; code: string };

export interface KeepAliveSender {
  post(path: string, body: unknown): Promise<Outcome>;
  close(): void;
}

export function keepAliveSender(port: number, timeoutMs = 20_000): KeepAliveSender {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post(path, body) {
      const text = JSON.stringify(body);
      return new Promise((resolve) => {
        const req = request(
          { host: "127.0.0.1", port, path, method: "POST", agent, timeout: timeoutMs, headers: { authorization: SECRET, "content-type": "application/json", "content-length": Buffer.byteLength(text) } },
          (res) => {
            let data = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (data += chunk));
            res.on("error", (error: NodeJS.ErrnoException) => resolve({ kind: "failed", code: `${error.code ?? error.message} mid-answer` }));
            res.on("end", () => {
              let json: unknown;
              try {
                json = JSON.parse(data);
              } catch {
                json = undefined;
              }
              const header = (name: string) => (res.headers[name] as string | undefined)?.toLowerCase();
              resolve({ kind: "answered", status: res.statusCode ?? 0, connection: header("connection"), retryAfter: header("retry-after"), json, text: data });
            });
          },
        );
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED" ? { kind: "refused" } : { kind: "failed", code: error.code ?? error.message }));
        req.end(text);
      });
    },
    close: () => agent.destroy(),
  };
}
