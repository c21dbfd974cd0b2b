/**
 * `placeCall`: places one outbound call through a running Switchboard server's control API (the
 * server owns outbound requests and places them with its own 8x8 credentials), and optionally
 * follows it through its retries to its final outcome. What `switchboard call` runs.
 *
 * @example
 * const call = await placeCall({
 *   server: "http://127.0.0.1:3000",
 *   controlAuthHeader: process.env.SWITCHBOARD_CONTROL_AUTH!,
 *   to: "+6590000002",
 *   from: "+6560000001",
 *   vars: { name: "Ada" },
 *   wait: true,
 * });
 * call.outcome; // "completed", after call.attempts attempts
 */
import { SwitchboardError } from "../util/index.js";
import type { OutboundAttempt, OutboundRequest } from "../store/index.js";
import type { CallRequestBody } from "./call-request.js";

/** What `placeCall` takes: where the server is, its control secret, and the call. */
export interface PlaceCallOptions extends CallRequestBody {
  /** The server's base URL, e.g. `http://127.0.0.1:3000`. */
  server: string;
  /** The server's control secret (`serve --control-auth-header`). */
  controlAuthHeader: string;
  /**
   * `false` (default): resolve once the first attempt was sent (with its sessionId) or refused.
   * `true`: follow the call through its retries to its final state.
   */
  wait?: boolean;
  /** Longest time to follow the call; default 60 s (10 minutes with `wait`). */
  timeoutMs?: number;
  /** How often to ask the server; default 250 ms. */
  pollMs?: number;
  /** Stops following (the call itself goes on). */
  signal?: AbortSignal;
}

/** An outbound call as the server reports it. */
export interface PlacedCall {
  requestId: string;
  /** The first attempt's clientRequestId (`<requestId>-1`); later attempts end in -2, -3, ... */
  clientRequestId: string;
  /** The session 8x8 returned for the latest attempt, once sent. */
  sessionId: string | null;
  /** scheduled, dialing, or a final state (completed, unreachable, failed, error, canceled). */
  state: OutboundRequest["state"];
  /** The latest attempt's outcome, once one ended. */
  outcome: string | null;
  /** Attempts made so far. */
  attempts: number;
  /** Each attempt, oldest first. */
  attemptLog: OutboundAttempt[];
}

const FINAL = new Set(["completed", "unreachable", "failed", "error", "canceled"]);

/**
 * Places a call; rejects with a SwitchboardError when the server refuses it (`SB_CLI_INVALID_FLAG`
 * naming the field for a 400, `SB_CLI_CONTROL_AUTH_REFUSED` for a 401), cannot be reached
 * (`SB_CLI_SERVER_UNREACHABLE`), or the call is not where `wait` asks within `timeoutMs`
 * (`SB_CLI_OUTBOUND_TIMEOUT`).
 */
export async function placeCall(options: PlaceCallOptions): Promise<PlacedCall> {
  const { server, controlAuthHeader, wait = false, timeoutMs = wait ? 600_000 : 60_000, pollMs = 250, signal, ...call } = options;
  const base = server.replace(/\/+$/, "");
  const created = (await control(base, controlAuthHeader, "POST", "/api/calls", call, signal)) as { requestId: string; clientRequestId: string };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await control(base, controlAuthHeader, "GET", `/api/calls/${encodeURIComponent(created.requestId)}`, undefined, signal)) as {
      request: OutboundRequest;
      attempts: OutboundAttempt[];
    };
    const placed = toPlacedCall(created.clientRequestId, found.request, found.attempts);
    const sent = found.attempts.some((a) => a.state !== "sending");
    if (FINAL.has(placed.state) || (!wait && sent)) return placed;
    if (Date.now() >= deadline) {
      throw new SwitchboardError("SB_CLI_OUTBOUND_TIMEOUT", `call ${created.requestId} is still ${placed.state} after ${Math.round(timeoutMs / 1000)} s; follow it with GET ${base}/api/calls/${created.requestId}`);
    }
    await sleep(pollMs, signal);
  }
}

function toPlacedCall(clientRequestId: string, request: OutboundRequest, attempts: OutboundAttempt[]): PlacedCall {
  const latest = attempts[attempts.length - 1];
  return {
    requestId: request.requestId,
    clientRequestId,
    sessionId: latest?.sessionId ?? request.lastSessionId,
    state: request.state,
    outcome: request.outcome,
    attempts: request.attempts,
    attemptLog: attempts,
  };
}

async function control(base: string, secret: string, method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(base + path, {
      method,
      headers: { authorization: secret, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(15_000)]) : AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new SwitchboardError("SB_CLI_SERVER_UNREACHABLE", `cannot reach ${base}: ${(error as Error).message}; is \`switchboard serve --control-auth-header ...\` running there?`, { cause: error });
  }
  const text = await response.text();
  let parsed: { error?: { code?: string; message?: string; field?: string } } | undefined;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (response.status === 401) throw new SwitchboardError("SB_CLI_CONTROL_AUTH_REFUSED", `${base} refused the control secret; set SWITCHBOARD_CONTROL_AUTH to the server's --control-auth-header`);
  if (response.status === 404 && path === "/api/calls") {
    throw new SwitchboardError("SB_CLI_CONTROL_API_OFF", `${base} has no control API: start it with switchboard serve --control-auth-header SECRET`);
  }
  if (response.status === 400 && parsed?.error?.field) {
    throw new SwitchboardError("SB_CLI_INVALID_FLAG", `${parsed.error.field}: ${parsed.error.message ?? "refused"}`);
  }
  if (!response.ok) throw new SwitchboardError("SB_CLI_CONTROL_API_FAILED", `${method} ${base}${path}: HTTP ${response.status}: ${parsed?.error?.message ?? "no details"}`);
  return parsed;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // The listener goes when the pause ends: a 10-minute --wait polls 2,400 times on one signal.
    const aborted = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", aborted);
      resolve();
    }, ms);
    signal?.addEventListener("abort", aborted, { once: true });
  });
}
