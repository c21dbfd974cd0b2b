/**
 * The dev phone's call as the page shows it: its phase (placing, ringing, connected, ending,
 * ended), the prompt playing, the keys the user pressed, the transcript so far and, at the end,
 * the summary. A pure reducer over what the user did and what the simulator's event stream
 * sent (phone-session.ts feeds it), plus the words of each transcript entry.
 */
import type { PhoneCallSummary, PhoneCallView, PhoneTranscriptEntry } from "./api-types.js";

/** Where the call is. `failed`: it could not be placed, or the server stopped answering about it. */
export type CallPhase = "idle" | "placing" | "ringing" | "connected" | "ending" | "ended" | "failed";

/** Everything the phone shows about the current (or last) call. */
export interface CallState {
  phase: CallPhase;
  sessionId: string | null;
  /** The number called and the caller's number, as placed. */
  to: string | null;
  from: string | null;
  /** The transcript so far, in order. */
  entries: PhoneTranscriptEntry[];
  /** The text of the latest prompt, null before the first. */
  prompt: string | null;
  /** The keys the user pressed on this call, in order (shown at once, before the simulator confirms them). */
  keys: string;
  summary: PhoneCallSummary | null;
  /** Why the call failed, or a key or hang-up the server refused. */
  error: string | null;
}

/** What changes the call: the user's actions and the event stream's events. */
export type CallAction =
  | { type: "placing"; to: string; from: string }
  | { type: "placed"; sessionId: string }
  | { type: "pressed"; keys: string }
  | { type: "hanging-up" }
  | { type: "entry"; entry: PhoneTranscriptEntry }
  | { type: "end"; view: PhoneCallView }
  | { type: "failed"; message: string }
  | { type: "refused"; message: string };

/** No call yet. */
export const IDLE: CallState = { phase: "idle", sessionId: null, to: null, from: null, entries: [], prompt: null, keys: "", summary: null, error: null };

/** Whether a call is under way: placing, ringing, connected or ending. */
export function inCall(phase: CallPhase): boolean {
  return phase === "placing" || phase === "ringing" || phase === "connected" || phase === "ending";
}

/** The call after `action`. */
export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case "placing":
      return { ...IDLE, phase: "placing", to: action.to, from: action.from };
    case "placed":
      return { ...state, phase: state.phase === "placing" ? "ringing" : state.phase, sessionId: action.sessionId };
    case "pressed":
      return { ...state, keys: state.keys + action.keys, error: null };
    case "hanging-up":
      return inCall(state.phase) ? { ...state, phase: "ending" } : state;
    case "entry":
      return withEntry(state, action.entry);
    case "end":
      return { ...state, phase: "ended", summary: action.view.summary };
    case "failed":
      return { ...state, phase: "failed", error: action.message };
    case "refused":
      return { ...state, error: action.message };
  }
}

function withEntry(state: CallState, entry: PhoneTranscriptEntry): CallState {
  if (state.phase === "ended" || state.phase === "failed") return state;
  const next = { ...state, entries: [...state.entries, entry] };
  const caller = entry.leg === undefined || entry.leg === "callA";
  if (entry.kind === "prompt" && typeof entry.text === "string") next.prompt = entry.text;
  if (entry.kind === "answered" && caller && state.phase === "ringing") next.phase = "connected";
  if ((entry.kind === "ended" || (entry.kind === "unanswered" && caller)) && inCall(state.phase)) next.phase = "ending";
  return next;
}

/** What the status line says about the phase. */
export function phaseText(state: CallState): string {
  switch (state.phase) {
    case "idle":
      return "Ready to call";
    case "placing":
      return `Calling ${state.to ?? ""}…`;
    case "ringing":
      return `Ringing ${state.to ?? ""}…`;
    case "connected":
      return `On a call with ${state.to ?? ""}`;
    case "ending":
      return "Call ending…";
    case "ended":
      return state.summary ? `Call ended: ${state.summary.sessionStatus}` : "Call ended";
    case "failed":
      return "Call failed";
  }
}

/** A transcript entry in words; `tone` says how to show it (`muted` for the webhooks' traffic). */
export interface TranscriptLine {
  kind: string;
  text: string;
  tone: "normal" | "muted" | "bad";
}

const str = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "");

/** The line the transcript shows for `entry`. */
export function describeEntry(entry: PhoneTranscriptEntry): TranscriptLine {
  const line = (text: string, tone: TranscriptLine["tone"] = "normal"): TranscriptLine => ({ kind: entry.kind, text, tone });
  const leg = entry.leg !== undefined && entry.leg !== "callA" ? ` (${entry.leg})` : "";
  switch (entry.kind) {
    case "call":
      return line(`Calling ${str(entry.to)} from ${str(entry.from)}${leg}`);
    case "answered":
      return line(`Answered${leg}`);
    case "unanswered":
      return line(`Not answered: ${str(entry.outcome).toLowerCase().replace(/_/g, " ")}${leg}`, "bad");
    case "prompt":
      return line(`Heard: “${str(entry.text)}”`);
    case "file":
      return line(`Heard the recording ${str(entry.fileUrl)}`);
    case "press":
      return line(`You pressed ${str(entry.keys)}`);
    case "silence":
      return line("Silence");
    case "capture":
      return str(entry.dtmf) === "" ? line(`The IVR got no keys (${str(entry.reason)})`) : line(`The IVR got ${str(entry.dtmf)}`);
    case "bridge":
      return line(`Transfer to ${str(entry.destination)}: ${str(entry.outcome).toLowerCase().replace(/_/g, " ")}`);
    case "hangup":
      return line(`Hung up by the ${str(entry.by)}${leg}`);
    case "webhook":
      return line(webhookText(entry), entry.error === undefined && isOk(entry.status) ? "muted" : "bad");
    case "error":
      return line(`Error ${str(entry.errorCode)}: ${str(entry.errorMsg)}`, "bad");
    case "ended":
      return line(`Session ended: ${str(entry.sessionStatus)}`);
    default:
      return line(entry.kind, "muted");
  }
}

function isOk(status: unknown): boolean {
  return typeof status === "number" && status >= 200 && status < 300;
}

function webhookText(entry: PhoneTranscriptEntry): string {
  const what = [str(entry.type), str(entry.callStatus)].filter((part) => part !== "").join(" ");
  const result = entry.error !== undefined ? `failed: ${str(entry.error)}` : `HTTP ${str(entry.status) || "?"}`;
  return `Webhook ${what} → ${result}${entry.fallback !== undefined ? ` (fallback: ${str(entry.fallback)})` : ""}`;
}
