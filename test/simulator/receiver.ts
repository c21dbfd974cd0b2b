/**
 * A bare node:http webhook receiver for simulator tests (deliberately not our server): it
 * records every delivery and answers VCAs from a script, so the tests see exactly what the
 * simulator put on the wire.
 *
 * @example
 * const receiver = await startReceiver({ vca: (body) => ({ callflow: [{ action: "hangup" }] }) });
 * sim.registerWebhook({ type: "VCA", url: receiver.url("/vca") });
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Answer {
  status?: number;
  /** A JSON value, or a raw string sent as is. */
  body?: unknown;
  /** Never answer (the simulator's timeout must fire). */
  hang?: boolean;
}

export interface ReceiverScript {
  /** Answers a VCA (or a promise of the answer, to hold it); the default answer hangs up. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  vca?: (body: any, delivery: Delivery) => Answer | object | Promise<Answer | object>;
  /** Statuses for successive VSS deliveries; 200 once the list is used up. */
  vssStatuses?: number[];
  /** Runs (and is awaited) on each VSS delivery before it is answered. */
  onVss?: (delivery: Delivery) => Promise<void> | void;
}

export interface Receiver {
  url(path: string): string;
  deliveries: Delivery[];
  of(path: string): Delivery[];
  close(): Promise<void>;
}

const isAnswer = (value: object): value is Answer => "status" in value || "hang" in value || ("body" in value && !("callflow" in value));

export async function startReceiver(script: ReceiverScript = {}): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const vssStatuses = [...(script.vssStatuses ?? [])];
  const server = createServer((request, response) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", async () => {
      const delivery: Delivery = { path: request.url ?? "", headers: request.headers, body: JSON.parse(text) };
      deliveries.push(delivery);
      let answer: Answer = { status: 200 };
      if (delivery.path.startsWith("/vca")) {
        const scripted = (await script.vca?.(delivery.body, delivery)) ?? { callflow: [{ action: "hangup" }] };
        answer = isAnswer(scripted) ? scripted : { status: 200, body: scripted };
      } else if (delivery.path.startsWith("/vss")) {
        await script.onVss?.(delivery);
        answer = { status: vssStatuses.shift() ?? 200 };
      }
      if (answer.hang) return;
      response.writeHead(answer.status ?? 200, { "content-type": "application/json" });
      response.end(answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    deliveries,
    of: (path) => deliveries.filter((d) => d.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Short builders for the callflows tests answer with. */
export const V = "en-US-BenjaminRUS";
export const say = (text: string) => ({ action: "say", params: { text, voiceProfile: V } });
export const capture = (promptMessage: string, extra: Record<string, unknown> = {}) => ({
  action: "sayAndCapture",
  params: { promptMessage, voiceProfile: V, ...extra },
});
export const makeCall = (destination: string, source = "+6560000001") => ({ action: "makeCall", params: { source, destination } });
export const hangup = { action: "hangup" };
