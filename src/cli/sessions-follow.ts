/**
 * `switchboard sessions --follow` (like `stripe listen`): prints each VCA, answer, summary and
 * outcome as the running server handles it, one line each (coloured in a terminal), or one JSON
 * object per line with `--json`, until Ctrl-C. It reads the server's `GET /api/events` stream
 * (server-sent events, read auth), the one the dashboard reads; when the stream drops (the server
 * restarting), it connects again with backoff and says so.
 *
 * @example
 * switchboard sessions --follow
 * switchboard sessions --follow --json | jq -c 'select(.type == "outcome")'
 */
import type { CliIo } from "./io.js";
import { painter, type Paint } from "./colour.js";
import { CommandFailed, UsageError } from "./usage-error.js";

/** What `--follow` needs of `sessions`' flags. */
export interface FollowFlags {
  server: string;
  authHeader?: string;
  json?: boolean;
}

/** One event of the stream. */
export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Waits before connecting again after the stream dropped; the last repeats. */
const RECONNECT_MS = [250, 1_000, 2_000, 5_000];

/** Follows the stream until `io.signal` aborts. */
export async function followSessions(flags: FollowFlags, io: CliIo): Promise<void> {
  const secret = flags.authHeader ?? io.env.SWITCHBOARD_READ_AUTH ?? io.env.SWITCHBOARD_WEBHOOK_AUTH;
  const paint = painter(io.stdout, io.env);
  const note = (text: string) => io.stderr.write(`${text}\n`);
  let connectedOnce = false;
  for (let failures = 0; !io.signal?.aborted; ) {
    let response: Response;
    try {
      response = await fetch(`${flags.server}/api/events`, { headers: { accept: "text/event-stream", ...(secret ? { authorization: secret } : {}) }, ...(io.signal ? { signal: io.signal } : {}) });
    } catch (error) {
      if (io.signal?.aborted) return;
      if (!connectedOnce) throw new CommandFailed("SB_CLI_SERVER_UNREACHABLE", `cannot reach ${flags.server}: ${(error as Error).message}; is \`switchboard serve\` running there?`);
      note(`lost ${flags.server}; connecting again`);
      await pause(RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)] as number, io.signal);
      continue;
    }
    if (response.status === 401) {
      throw new UsageError("SB_CLI_READ_AUTH_REFUSED", `${flags.server} refused the read API secret; set SWITCHBOARD_READ_AUTH (or SWITCHBOARD_WEBHOOK_AUTH) to the server's secret`);
    }
    if (response.status === 503 && connectedOnce) {
      // A stopping server refuses new streams with 503 and Retry-After: wait for it as for a drop.
      await response.body?.cancel().catch(() => undefined);
      note(`${flags.server} is not taking streams (HTTP 503); connecting again`);
      await pause(RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)] as number, io.signal);
      continue;
    }
    if (!response.ok || !response.body) throw new CommandFailed("SB_CLI_READ_API_FAILED", `${flags.server}/api/events: HTTP ${response.status}`);
    if (!connectedOnce) note(`following ${flags.server} (Ctrl-C to stop)`);
    connectedOnce = true;
    failures = 0;
    try {
      for await (const event of serverSentEvents(response.body)) {
        io.stdout.write(`${flags.json ? JSON.stringify({ type: event.type, ...event.data }) : formatEvent(event, paint)}\n`);
      }
    } catch {
      if (io.signal?.aborted) return;
    }
    if (io.signal?.aborted) return;
    note(`the stream from ${flags.server} ended; connecting again`);
  }
}

/** The events of a `text/event-stream` body (comments and heartbeats skipped). */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<LiveEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = "message";
      let data = "";
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) type = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (data === "") continue;
      try {
        yield { type, data: JSON.parse(data) as Record<string, unknown> };
      } catch {
        // A frame that is not JSON is none of ours: skip it.
      }
    }
  }
}

/** One line for a person: time, type, session, and what happened. */
export function formatEvent(event: LiveEvent, paint: Paint): string {
  const d = event.data;
  const session = String(d.sessionId ?? "?");
  const time = new Date().toISOString().slice(11, 19);
  const head = `${paint("dim", time)} ${event.type.padEnd(7)} ${session}`;
  switch (event.type) {
    case "vca": {
      const keys = d.digits ? ` pressed ${String(d.digits)}` : "";
      return `${head}  ${String(d.callStatus ?? "")}${keys}${d.source ? ` from ${String(d.source)}` : ""}${d.destination ? ` to ${String(d.destination)}` : ""}`;
    }
    case "answer": {
      const callflow = ((d.answer as { callflow?: { action?: string; params?: { text?: string; promptMessage?: string } }[] } | undefined)?.callflow ?? []);
      const said = callflow.map((a) => a.params?.promptMessage ?? a.params?.text).find((t) => t);
      return `${head}  ${callflow.map((a) => a.action).join(", ")}${said ? `: "${said.length > 80 ? `${said.slice(0, 77)}...` : said}"` : ""}`;
    }
    case "summary":
      return `${head}  ${paint("bold", String(d.sessionStatus ?? "?"))}${d.duplicate ? " (again)" : ""}`;
    case "outcome": {
      const outcome = String(d.outcome ?? "?");
      const style = outcome === "completed" ? "green" : outcome === "error" ? "red" : "yellow";
      const extras = [d.errorCode !== null && d.errorCode !== undefined ? `code ${String(d.errorCode)}` : null, typeof d.durationSeconds === "number" ? `${d.durationSeconds} s` : null, typeof d.mos === "number" ? `MOS ${d.mos}` : null];
      return `${head}  ${paint(style, outcome)}${extras.filter(Boolean).length ? ` (${extras.filter(Boolean).join(", ")})` : ""}`;
    }
    default:
      return `${head}  ${JSON.stringify(d)}`;
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
