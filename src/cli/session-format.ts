/**
 * How `switchboard sessions` and `sessions show` print what the read API returns: the list as a
 * table (outcome and duration beside status and numbers), and one session as its call, outcome,
 * outbound request with its attempts (for an outbound call), variables and timeline.
 *
 * @example
 * io.stdout.write(formatSessionDetail(await readApi<ShownSession>(flags, "/api/sessions/s-1", io, NO_FLAGS)));
 */
import type { OutboundAttempt, OutboundRequest, SessionDetail, SessionRecord } from "../store/index.js";
import { formatTable } from "./table.js";

/** `GET /api/sessions/:id`: the session's detail and, from a store with the outbound port, its outbound call or null. */
export type ShownSession = SessionDetail & { outbound?: { request: OutboundRequest; attempts: OutboundAttempt[] } | null };

/** Seconds as people read them: `42 s`, `3 m 05 s`; empty when unknown. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "";
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} m ${String(whole % 60).padStart(2, "0")} s`;
}

/** The sessions of a page as a table, newest first. */
export function formatSessionTable(sessions: readonly SessionRecord[]): string {
  const rows = sessions.map((s) => [
    s.sessionId,
    s.status,
    s.outcome ?? "",
    s.callDirection ?? "",
    s.source ?? "",
    s.destination ?? "",
    formatSeconds(s.durationSeconds),
    String(s.vcaCount),
    s.createdAt,
  ]);
  return formatTable(["SESSION", "STATUS", "OUTCOME", "DIRECTION", "FROM", "TO", "DURATION", "VCAS", "STARTED"], rows);
}

function describeEntry(entry: SessionDetail["timeline"][number]): string {
  if (entry.kind === "vca") {
    const payload = ((entry.body as { payload?: Record<string, unknown> }).payload ?? {}) as Record<string, unknown>;
    const data = payload.eventData;
    const dtmf = typeof data === "object" && data !== null ? (data as { dtmf?: unknown }).dtmf : (data ?? payload.dtmf);
    return `VCA ${String(payload.callStatus ?? "?")}${dtmf ? ` dtmf=${String(dtmf)}` : ""}${payload.clientActionId ? ` at ${String(payload.clientActionId)}` : ""}`;
  }
  const { answer, fallbackReason } = entry.body as { answer: { clientActionId?: string; callflow: { action: string }[] }; fallbackReason: string | null };
  const actions = answer.callflow.map((a) => a.action).join(", ");
  return `answer ${actions}${answer.clientActionId ? ` -> ${answer.clientActionId}` : ""}${fallbackReason ? ` (FALLBACK: ${fallbackReason})` : ""}`;
}

/** The outcome line: outcome, error code, duration and MOS, as far as the summary said. */
function outcomeLine(s: SessionRecord): string {
  if (s.outcome === null || s.outcome === undefined) return "none yet (no summary)";
  const parts: string[] = [s.outcome];
  if (s.errorCode !== null && s.errorCode !== undefined) parts.push(`error ${s.errorCode}`);
  if (s.durationSeconds !== null && s.durationSeconds !== undefined) parts.push(`connected ${formatSeconds(s.durationSeconds)}`);
  if (s.mos !== null && s.mos !== undefined) parts.push(`MOS ${s.mos}`);
  return parts.join(", ");
}

/** An outbound request and its attempts (retries are the attempts after the first). */
function outboundLines(outbound: NonNullable<ShownSession["outbound"]>): string[] {
  const r = outbound.request;
  const lines = [
    `outbound request ${r.requestId}${r.campaign ? ` (campaign ${r.campaign}${r.contactId ? `, contact ${r.contactId}` : ""})` : ""}`,
    `  call      ${r.from} -> ${r.to}, flow ${r.flow}`,
    `  state     ${r.state}${r.outcome ? `, last outcome ${r.outcome}` : ""}${r.lastErrorCode !== null ? ` (error ${r.lastErrorCode})` : ""}`,
    `  attempts  ${r.attempts}${r.attempts > 1 ? ` (${r.attempts - 1} ${r.attempts === 2 ? "retry" : "retries"})` : ""}`,
  ];
  if (r.state === "scheduled" && r.nextAttemptAt) lines.push(`  next      ${r.nextAttemptAt}${r.retryReason ? ` (retry after ${r.retryReason})` : ""}`);
  const rows = outbound.attempts.map((a) => [
    String(a.attempt),
    a.clientRequestId,
    a.state,
    a.sessionId ?? "",
    a.sessionStatus ?? "",
    a.outcome ?? "",
    a.errorCode === null ? "" : String(a.errorCode),
    a.openedAt,
  ]);
  const table = formatTable(["ATTEMPT", "CLIENT REQUEST ID", "STATE", "SESSION", "STATUS", "OUTCOME", "ERROR", "OPENED"], rows);
  return [...lines, ...table.trimEnd().split("\n").map((line) => `  ${line}`)];
}

/** One session as `sessions show` prints it. */
export function formatSessionDetail(detail: ShownSession): string {
  const s = detail.session;
  const lines = [
    `session  ${s.sessionId}`,
    `status   ${s.status}${detail.summary ? ` (summary received ${detail.summary.receivedAt})` : ""}`,
    `outcome  ${outcomeLine(s)}`,
    `call     ${s.callDirection ?? "?"} ${s.source ?? "?"} -> ${s.destination ?? "?"}`,
    `started  ${s.createdAt}`,
    `vars     ${JSON.stringify(s.vars)}`,
    ...(detail.outbound ? ["", ...outboundLines(detail.outbound)] : []),
    "",
    ...detail.timeline.map((t) => `${t.at}  ${describeEntry(t)}`),
  ];
  return `${lines.join("\n")}\n`;
}
