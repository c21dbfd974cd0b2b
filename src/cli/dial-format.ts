/**
 * A simulated call's transcript as a person would read it: what the IVR said, what the caller
 * pressed, bridges, hangups, failed webhooks, and a closing line with the session's outcome.
 *
 * @example
 * formatCall(view);
 * // call from +6591234567 to +6560000001
 * // IVR: Welcome to ABC Restaurant. Press 1 for reservations.
 * // caller presses 1
 * // bridged to +6590000002
 * // session COMPLETED, 2 legs, 39 s
 */
import type { SessionView, TranscriptEntry } from "../simulator/index.js";

export interface FormatOptions {
  /** Also list successful webhook deliveries (failures are always listed). */
  webhooks?: boolean;
}

function webhookLine(entry: Extract<TranscriptEntry, { kind: "webhook" }>, always: boolean): string | undefined {
  const status = entry.status as number | null;
  const ok = status !== null && status >= 200 && status < 300;
  if (ok && !always) return undefined;
  const what = `${entry.type}${entry.callStatus ? ` ${entry.callStatus}` : ""}`;
  const outcome = status === null ? `no answer (${entry.error ?? "unreachable"})` : `HTTP ${status}`;
  const extra = (entry as { duplicate?: boolean }).duplicate ? ", duplicate" : "";
  return `  webhook ${what} → ${entry.url}: ${outcome} (attempt ${String(entry.attempt)}${extra})`;
}

function lineFor(entry: TranscriptEntry, view: SessionView, options: FormatOptions): string | undefined {
  const legOf = (key: string | undefined) => view.transcript.find((e) => e.kind === "call" && e.leg === key) as Extract<TranscriptEntry, { kind: "call" }> | undefined;
  switch (entry.kind) {
    case "call":
      if (entry.leg !== "callA") return `dialling ${entry.to}…`;
      return entry.direction === "INBOUND" ? `call from ${entry.from} to ${entry.to}` : `calling ${entry.to} from ${entry.from}`;
    case "answered":
      return entry.leg === "callA" && legOf("callA")?.direction === "OUTBOUND" ? `${legOf("callA")?.to} answers` : undefined;
    case "unanswered":
      return entry.leg === "callA" ? `${legOf("callA")?.to}: ${entry.outcome} (SIP ${String(entry.sipCode)})` : undefined;
    case "prompt": {
      const times = (entry as { repetition?: number }).repetition;
      return `IVR: ${entry.text}${times ? ` (×${times})` : ""}`;
    }
    case "file":
      return `IVR plays ${entry.fileUrl}`;
    case "press":
      return `caller presses ${entry.keys}`;
    case "silence":
      return "caller stays silent";
    case "capture":
      return entry.dtmf === null ? `  (no valid input: ${entry.reason})` : undefined;
    case "bridge":
      return entry.outcome === "ANSWERED" ? `bridged to ${entry.destination}` : `bridge to ${entry.destination} failed: ${entry.outcome}`;
    case "hangup":
      if (entry.by === "callee") return `${legOf(entry.leg)?.to ?? "callee"} hangs up`;
      return entry.by === "app" ? "IVR hangs up" : `${entry.by} hangs up`;
    case "error":
      return `ERROR ${String(entry.errorCode)}: ${entry.errorMsg}`;
    case "webhook":
      return webhookLine(entry, options.webhooks === true);
    case "ended":
      return undefined;
  }
}

/** The closing line: `session COMPLETED, 2 legs, 37 s`. */
export function summaryLine(view: SessionView): string {
  const summary = view.summary;
  if (!summary) return `session ${view.sessionId} still running`;
  const legs = `${summary.callCount} leg${summary.callCount === 1 ? "" : "s"}`;
  const error = summary.errorDetails ? ` (${summary.errorDetails.errorCode} ${summary.errorDetails.errorMsg})` : "";
  return `session ${summary.sessionStatus}, ${legs}, ${summary.durationSeconds} s${error}`;
}

/** The whole call, one line per event, ending with the summary line. */
export function formatCall(view: SessionView, options: FormatOptions = {}): string {
  const lines = view.transcript.map((entry) => lineFor(entry, view, options)).filter((line): line is string => line !== undefined);
  return [...lines, summaryLine(view)].join("\n");
}
