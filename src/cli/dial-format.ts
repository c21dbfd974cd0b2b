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
 *
 * A VCA the server answered with its fallback (it marks the answer with an
 * `x-switchboard-fallback` header, which the simulator records on the delivery) prints as
 * `IVR answers with its fallback (error: the app threw while answering)`.
 */
import type { SessionView, TranscriptEntry } from "../simulator/index.js";
import type { Paint } from "./colour.js";

export interface FormatOptions {
  /** Also list successful webhook deliveries (failures are always listed). */
  webhooks?: boolean;
  /** Colours for a terminal (colour.ts); plain text without. */
  paint?: Paint;
}

const plain: Paint = (_style, text) => text;

/** What a fallback reason the server marks an answer with means, for a person reading the call. */
const FALLBACK_REASONS: Record<string, string> = {
  error: "the app threw while answering",
  timeout: "the app did not answer within its time budget",
  invalid: "the app's answer was not a valid callflow",
  store_unavailable: "the store was unavailable",
};

type WebhookEntry = Extract<TranscriptEntry, { kind: "webhook" }> & { fallback?: string };

/** The reason of each VCA the IVR answered with its fallback, in call order (the server marks them; docs/simulator.md). */
export function fallbackAnswers(view: SessionView): string[] {
  return view.transcript.flatMap((entry) => (entry.kind === "webhook" && typeof (entry as WebhookEntry).fallback === "string" ? [(entry as WebhookEntry).fallback!] : []));
}

function fallbackLine(entry: WebhookEntry, paint: Paint): string | undefined {
  if (entry.fallback === undefined) return undefined;
  const why = FALLBACK_REASONS[entry.fallback];
  return paint("yellow", `IVR answers with its fallback (${entry.fallback}${why ? `: ${why}` : ""})`);
}

function webhookLine(entry: WebhookEntry, options: FormatOptions): string | undefined {
  const paint = options.paint ?? plain;
  const status = entry.status as number | null;
  const ok = status !== null && status >= 200 && status < 300;
  const marked = fallbackLine(entry, paint);
  if (ok && options.webhooks !== true) return marked;
  const what = `${entry.type}${entry.callStatus ? ` ${entry.callStatus}` : ""}`;
  const outcome = status === null ? `no answer (${entry.error ?? "unreachable"})` : `HTTP ${status}`;
  const extra = (entry as { duplicate?: boolean }).duplicate ? ", duplicate" : "";
  const line = `  webhook ${what} → ${entry.url}: ${ok ? outcome : paint("red", outcome)} (attempt ${String(entry.attempt)}${extra})`;
  return marked === undefined ? line : `${line}\n${marked}`;
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
      return (options.paint ?? plain)("red", `ERROR ${String(entry.errorCode)}: ${entry.errorMsg}`);
    case "webhook":
      return webhookLine(entry, options);
    case "ended":
      return undefined;
  }
}

/**
 * The closing line: `session COMPLETED, 2 legs, 37 s`, and how many answers were the IVR's
 * fallback (`; 1 fallback answer (error)`), so a call that sounded like an apology does not read
 * as a plain success.
 */
export function summaryLine(view: SessionView, paint: Paint = plain): string {
  const summary = view.summary;
  if (!summary) return `session ${view.sessionId} still running`;
  const legs = `${summary.callCount} leg${summary.callCount === 1 ? "" : "s"}`;
  const error = summary.errorDetails ? ` (${summary.errorDetails.errorCode} ${summary.errorDetails.errorMsg})` : "";
  const fallbacks = fallbackAnswers(view);
  const fell = fallbacks.length === 0 ? "" : paint("yellow", `; ${fallbacks.length} fallback answer${fallbacks.length === 1 ? "" : "s"} (${[...new Set(fallbacks)].join(", ")})`);
  const status = paint(summary.sessionStatus === "COMPLETED" ? "green" : summary.sessionStatus === "ERROR" ? "red" : "yellow", summary.sessionStatus);
  return `session ${status}, ${legs}, ${summary.durationSeconds} s${error}${fell}`;
}

/** The whole call, one line per event, ending with the summary line. */
export function formatCall(view: SessionView, options: FormatOptions = {}): string {
  const lines = view.transcript.map((entry) => lineFor(entry, view, options)).filter((line): line is string => line !== undefined);
  return [...lines, summaryLine(view, options.paint)].join("\n");
}
