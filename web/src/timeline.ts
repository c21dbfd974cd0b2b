/**
 * A session's timeline as the dashboard shows it: every prompt played, key pressed, answer sent
 * (with the fallback and its reason when the app failed), transfer, hangup, call status and the
 * summary with call quality, in the order the server received them. Pure: built from
 * `GET /api/sessions/:id`, tested in test/dashboard/timeline.test.ts.
 */
import type { SessionDetail, TimelineEntry } from "./api-types.js";
import { callSeconds, legsOf, summaryError } from "./call-facts.js";
import { formatDuration, formatMos, words } from "./format.js";
import { asObject, digitsOf, field, text } from "./read-fields.js";

/** What an item is, for its icon and style. */
export type ItemKind = "call" | "status" | "keys" | "no-keys" | "prompt" | "say" | "play" | "transfer" | "hangup" | "fallback" | "summary" | "error";

/** One line of the timeline. */
export interface TimelineItem {
  kind: ItemKind;
  /** When the server received it (ISO-8601): the timeline's order. */
  at: string;
  /** When it happened on the call, by the platform's clock (ISO-8601), when the delivery says. */
  callTime?: string;
  /** One short sentence. */
  title: string;
  /** What was said, the numbers, the reason. */
  detail?: string;
  /** The menu it belongs to, when the flow knows. */
  menu?: string;
  /** A prompt played again after invalid or missing input. */
  retry?: boolean;
}

const CALL_STATUS_TITLES: Record<string, string> = {
  CALL_INITIATED: "Call initiated",
  CALL_RECEIVED: "Call ringing at the platform",
  CALL_CONNECTED: "Call connected",
  CALL_DISCONNECTED: "Call disconnected",
  CALL_UPDATED: "Call updated",
  DTMF_RECEIVED: "Key press detected",
};

const FALLBACK_REASONS: Record<string, string> = {
  error: "the app threw an error",
  timeout: "the app did not answer in time",
  invalid: "the app's answer was not a valid callflow",
  store_unavailable: "the store was unavailable",
};

function actionItems(entry: TimelineEntry): TimelineItem[] {
  const body = asObject(entry.body);
  const answer = field(body, "answer");
  const callflow = field(answer, "callflow");
  const step = entry.step;
  const retry = step !== undefined && step.menu !== null && step.menu === step.nextMenu;
  const items: TimelineItem[] = [];
  const reason = text(body, "fallbackReason");
  if (reason !== null) {
    items.push({ kind: "fallback", at: entry.at, title: "Fallback sent instead of the app's answer", detail: `reason: ${reason} (${FALLBACK_REASONS[reason] ?? "see the server log"})` });
  }
  for (const action of Array.isArray(callflow) ? callflow : []) {
    const name = text(action, "action");
    const params = field(action, "params");
    const base = { at: entry.at, ...(step?.nextMenu ? { menu: step.nextMenu } : {}) };
    if (name === "sayAndCapture") {
      items.push({ kind: "prompt", ...base, title: retry ? "Prompt played again, waiting for keys" : "Prompt played, waiting for keys", detail: text(params, "promptMessage") ?? "", ...(retry ? { retry } : {}) });
    } else if (name === "say") {
      items.push({ kind: "say", at: entry.at, title: "Said", detail: text(params, "text") ?? "" });
    } else if (name === "playFile") {
      items.push({ kind: "play", at: entry.at, title: "Played a file", detail: text(params, "fileUrl") ?? "" });
    } else if (name === "makeCall") {
      items.push({ kind: "transfer", at: entry.at, title: "Transferred", detail: `to ${text(params, "destination") ?? "?"}${text(params, "source") ? ` from ${text(params, "source")}` : ""}` });
    } else if (name === "hangup") {
      items.push({ kind: "hangup", at: entry.at, title: "The IVR hung up" });
    } else if (name !== null) {
      items.push({ kind: "say", at: entry.at, title: `Action ${name}` });
    }
  }
  if (Array.isArray(callflow) && callflow.length === 0) items.push({ kind: "hangup", at: entry.at, title: "Empty answer: the call ends" });
  return items;
}

function vcaItem(entry: TimelineEntry, waitingForKeys: boolean): TimelineItem {
  const payload = field(entry.body, "payload");
  const status = text(payload, "callStatus");
  if (status === "CALL_RECEIVED") {
    return { kind: "call", at: entry.at, title: `${words(text(payload, "callDirection") ?? "inbound")} call received`.replace(/^./, (c) => c.toUpperCase()), detail: `from ${text(payload, "source") ?? "?"} to ${text(payload, "destination") ?? "?"}` };
  }
  const digits = digitsOf(payload);
  if (digits !== null) return { kind: "keys", at: entry.at, title: `Caller pressed ${digits}` };
  if (waitingForKeys) return { kind: "no-keys", at: entry.at, title: "No key pressed", detail: "the prompt's tries ran out" };
  return { kind: "status", at: entry.at, title: "Action completed" };
}

function summaryItems(detail: SessionDetail): TimelineItem[] {
  const summary = detail.summary;
  if (summary === null) return [];
  const payload = summary.payload;
  const legs = legsOf(summary);
  const caller = legs[0];
  const facts = [
    text(payload, "lastAction") ? `last action ${text(payload, "lastAction")}` : null,
    `${legs.length} leg${legs.length === 1 ? "" : "s"}`,
    formatDuration(callSeconds(summary)),
    caller?.mos !== null && caller?.mos !== undefined ? `MOS ${formatMos(caller.mos)}` : null,
  ].filter((fact): fact is string => fact !== null);
  const items: TimelineItem[] = [{ kind: "summary", at: summary.receivedAt, title: `Session ended: ${summary.sessionStatus}`, detail: facts.join(" · ") }];
  const error = summaryError(summary);
  if (error !== null) items.push({ kind: "error", at: summary.receivedAt, title: "Platform error", detail: error });
  return items;
}

/** `item` with the platform's time of the call, when known. */
function at<T extends TimelineItem>(item: T, callTime: string | null | undefined): T {
  return callTime ? { ...item, callTime } : item;
}

/** The session's timeline items, in the order the server received them (ties keep the stored order). */
export function buildTimeline(detail: SessionDetail): TimelineItem[] {
  const items: TimelineItem[] = [];
  let waitingForKeys = false;
  // An answer happened when the VCA it answers did, on the platform's clock.
  const vcaTimes = new Map<string, string>();
  for (const entry of detail.timeline) {
    if (entry.kind === "vca") {
      const callTime = text(field(entry.body, "payload"), "timestamp");
      if (callTime !== null && entry.eventId !== null) vcaTimes.set(entry.eventId, callTime);
      items.push(at(vcaItem(entry, waitingForKeys), callTime));
    } else {
      const answerItems = actionItems(entry);
      waitingForKeys = answerItems.some((item) => item.kind === "prompt");
      const callTime = entry.eventId === null ? undefined : vcaTimes.get(entry.eventId);
      items.push(...answerItems.map((item) => at(item, callTime)));
    }
  }
  // Which leg a status belongs to matters only when there is more than one.
  const legs = new Set(detail.callStatuses.map((status) => status.callId));
  for (const status of detail.callStatuses) {
    const item: TimelineItem = { kind: "status", at: status.at, title: CALL_STATUS_TITLES[status.callStatus] ?? words(status.callStatus), ...(legs.size > 1 && status.callId ? { detail: `leg ${status.callId.slice(0, 8)}` } : {}) };
    items.push(at(item, text(status.payload, "timestamp")));
  }
  items.push(...summaryItems(detail).map((item) => at(item, text(detail.summary?.payload, "endTime"))));
  // Array.prototype.sort is stable: items received at the same moment keep the order above.
  return items.map((item, index) => ({ item, index, time: Date.parse(item.at) })).sort((a, b) => a.time - b.time || a.index - b.index).map(({ item }) => item);
}

/**
 * When the call began on the platform's clock, in ms: the summary's `startTime`, else the
 * earliest `callTime` of `items`; NaN when nothing says.
 */
export function callStart(detail: SessionDetail, items: readonly TimelineItem[]): number {
  const start = Date.parse(text(detail.summary?.payload, "startTime") ?? "");
  if (Number.isFinite(start)) return start;
  const times = items.flatMap((item) => (item.callTime ? [Date.parse(item.callTime)] : [])).filter(Number.isFinite);
  return times.length > 0 ? Math.min(...times) : Number.NaN;
}

/** The menus the call went through, in order, for the path on the flow's graph. */
export function pathOf(detail: SessionDetail): { menu: string | null; keys: string | null; nextMenu: string | null }[] {
  return detail.timeline.flatMap((entry) => (entry.kind === "answer" && entry.step ? [entry.step] : []));
}
