/**
 * The seam under webhook delivery: how one POST reaches a webhook server. The simulator builds
 * each delivery (body, headers, timeout, retries) and hands the request to a `WebhookTransport`.
 * The default, `httpWebhookTransport`, sends it over node:http(s) as 8x8 does; the testing kit
 * passes one that calls a Fastify server's `inject()`, so a call runs without a server socket
 * (hono's `app.request`, fastify's `inject`). Nothing else about a delivery changes with it.
 *
 * @example
 * const sim = await startSimulator({
 *   webhookTransport: { deliver: async (url, request) => ({ status: 200, headers: {}, text: JSON.stringify(answer) }) },
 * });
 */
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** One webhook POST as the platform sends it. */
export interface WebhookRequest {
  /** content-type, content-length, user-agent and, when registered, authorization. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON text of the VCA, VCS or VSS body. */
  readonly body: string;
  /** Aborted when the simulator stops waiting (the VCA timeout): release the request then. */
  readonly signal: AbortSignal;
}

/** The webhook server's answer. */
export interface WebhookResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | number | undefined>>;
  /** The body as text (at most `MAX_ANSWER_BYTES` of it over HTTP); "" when empty. */
  text: string;
}

/**
 * How deliveries reach webhook servers. `deliver` resolves with the answer, or rejects when none
 * came (refused, reset, aborted): the rejection's `code` (e.g. `ECONNREFUSED`), else its message,
 * goes into the transcript. `close` releases what it holds when the simulator stops.
 */
export interface WebhookTransport {
  deliver(url: string, request: WebhookRequest): Promise<WebhookResponse>;
  close?(): void;
}

/** Bytes of an answer read over HTTP; a VCA answer is a few kilobytes, so the rest is dropped. */
export const MAX_ANSWER_BYTES = 1_000_000;

/**
 * Real HTTP with keep-alive agents: under load it delivers several times faster than `fetch`,
 * and `close()` releases its sockets. The simulator's default transport.
 *
 * @example
 * const transport = httpWebhookTransport();
 * const answer = await transport.deliver("http://127.0.0.1:3000/webhooks/vca", { headers, body, signal });
 * transport.close();
 */
export function httpWebhookTransport(): WebhookTransport {
  const agents = { "http:": new HttpAgent({ keepAlive: true, maxSockets: 256 }), "https:": new HttpsAgent({ keepAlive: true, maxSockets: 256 }) };
  const deliver = (url: string, request: WebhookRequest): Promise<WebhookResponse> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === "https:";
      const send = secure ? httpsRequest : httpRequest;
      const outgoing = send(target, { method: "POST", headers: request.headers, agent: secure ? agents["https:"] : agents["http:"] }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        // A broken answer is recorded by its message ("aborted"), a failed request by its code.
        response.on("error", (error) => reject(new Error(error.message)));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
      });
      const abort = () => outgoing.destroy();
      request.signal.addEventListener("abort", abort, { once: true });
      outgoing.on("close", () => request.signal.removeEventListener("abort", abort));
      outgoing.on("error", reject);
      outgoing.end(request.body);
    });
  return {
    deliver,
    close: () => {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}
