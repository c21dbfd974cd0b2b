/**
 * Load run for the simulator: N concurrent inbound calls (default 1,000) on the instant clock
 * against a VCA/VSS receiver, then calls per second and how many VSS were delivered with a 2xx.
 * Without --vca it starts a built-in bare node:http IVR (a one-level menu) so the simulator
 * alone is measured; pass --vca/--vss/--auth to aim it at a real server (ours, through
 * examples/restaurant.yaml, is wired separately).
 *
 * Run: node --import tsx bench/simulator-load.ts [--calls 1000] [--press 2] [--vca URL --vss URL --auth HEADER]
 *
 * @example
 * const report = await runSimulatorLoad({ calls: 200 });
 * console.log(report.callsPerSecond, report.vssDelivered);
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { startSimulator } from "../src/simulator/index.js";

export interface LoadOptions {
  calls?: number;
  /** Press entries every caller uses (default ["2"], the built-in menu's "hours then hang up"). */
  press?: string[];
  vcaUrl?: string;
  vssUrl?: string;
  /** Sent verbatim as the Authorization header of every delivery. */
  authHeader?: string;
  /** The virtual number to call (default the sandbox's +6560000001). */
  to?: string;
  /** Wall-clock limit for the whole run. */
  timeoutMs?: number;
}

export interface LoadReport {
  calls: number;
  seconds: number;
  callsPerSecond: number;
  vssDelivered: number;
  sessionStatuses: Record<string, number>;
  /** VSS bodies the built-in receiver stored (unique sessionIds); null with an external receiver. */
  vssStoredByReceiver: number | null;
}

const V = "en-US-BenjaminRUS";

/** A bare node:http IVR: menu on CALL_RECEIVED, "2" → hours and hangup, anything else → goodbye. */
async function builtInReceiver(): Promise<{ server: Server; url: string; vssSessions: Set<string> }> {
  const vssSessions = new Set<string>();
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => {
      const body = JSON.parse(text) as { payload: { sessionId: string; callStatus?: string; eventData?: { dtmf: string | null } } };
      if (request.url === "/vss") vssSessions.add(body.payload.sessionId);
      let answer: unknown;
      if (request.url === "/vca") {
        answer =
          body.payload.callStatus === "CALL_RECEIVED"
            ? { clientActionId: "main", callflow: [{ action: "sayAndCapture", params: { promptMessage: "Welcome. Press 1 for reservations, 2 for hours.", voiceProfile: V, maxDigits: 1 } }] }
            : { callflow: [{ action: "say", params: { text: body.payload.eventData?.dtmf === "2" ? "We are open 9 to 5." : "Goodbye.", voiceProfile: V } }, { action: "hangup" }] };
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(answer === undefined ? "" : JSON.stringify(answer));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, vssSessions };
}

export async function runSimulatorLoad(options: LoadOptions = {}): Promise<LoadReport> {
  const calls = options.calls ?? 1_000;
  const builtIn = options.vcaUrl ? undefined : await builtInReceiver();
  const sim = await startSimulator({ clock: "instant", vcaTimeoutMs: 30_000 });
  try {
    const auth = options.authHeader !== undefined ? { httpAuthHeader: options.authHeader } : {};
    sim.registerWebhook({ type: "VCA", url: options.vcaUrl ?? `${builtIn!.url}/vca`, ...auth });
    sim.registerWebhook({ type: "VSS", url: options.vssUrl ?? `${builtIn!.url}/vss`, ...auth });
    const started = performance.now();
    const views = await Promise.all(
      Array.from({ length: calls }, (_, i) =>
        sim.dial({ from: `+6591${String(i).padStart(6, "0")}`, to: options.to ?? "+6560000001", press: options.press ?? ["2"], timeoutMs: options.timeoutMs ?? 600_000 }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const sessionStatuses: Record<string, number> = {};
    let vssDelivered = 0;
    for (const view of views) {
      const status = view.summary?.sessionStatus ?? "UNKNOWN";
      sessionStatuses[status] = (sessionStatuses[status] ?? 0) + 1;
      const delivered = view.transcript.some((e) => e.kind === "webhook" && e.type === "VSS" && typeof e.status === "number" && e.status >= 200 && e.status < 300);
      if (delivered) vssDelivered += 1;
    }
    return { calls, seconds, callsPerSecond: calls / seconds, vssDelivered, sessionStatuses, vssStoredByReceiver: builtIn ? builtIn.vssSessions.size : null };
  } finally {
    await sim.close();
    if (builtIn) await new Promise<void>((resolve) => builtIn.server.close(() => resolve()));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      calls: { type: "string", default: "1000" },
      press: { type: "string", multiple: true },
      vca: { type: "string" },
      vss: { type: "string" },
      auth: { type: "string" },
      to: { type: "string" },
    },
  });
  const calls = Number(values.calls);
  if (!Number.isInteger(calls) || calls < 1 || calls > 100_000) throw new Error(`--calls: "${values.calls}" is invalid; expected 1 to 100000`);
  if (values.vca && !values.vss) throw new Error("--vss is required with --vca");
  const report = await runSimulatorLoad({
    calls,
    ...(values.press ? { press: values.press } : {}),
    ...(values.vca ? { vcaUrl: values.vca, vssUrl: values.vss } : {}),
    ...(values.auth !== undefined ? { authHeader: values.auth } : {}),
    ...(values.to ? { to: values.to } : {}),
  });
  console.log(
    `${report.calls} calls in ${report.seconds.toFixed(2)} s: ${report.callsPerSecond.toFixed(0)} calls/s; ` +
      `VSS delivered ${report.vssDelivered}/${report.calls}` +
      (report.vssStoredByReceiver !== null ? `, stored by the receiver ${report.vssStoredByReceiver}` : "") +
      `; statuses ${JSON.stringify(report.sessionStatuses)}`,
  );
  if (report.vssDelivered !== report.calls) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
