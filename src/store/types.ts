/**
 * The persistence port: what the server needs to remember between webhook deliveries. Adapters
 * (SQLite embedded, PostgreSQL shared) implement `Store`; one contract suite
 * (`test/store-contract.ts`) runs against each of them.
 *
 * Times are passed in by the caller (the server owns the clock), so tests and the simulator can
 * run a whole call in zero wall time and get deterministic rows.
 *
 * @example
 * const { cachedAnswer, vars } = await store.loadForEvent(eventId, sessionId);
 * store.onIncident((incident) => log.error({ err: incident.error }, incident.kind));
 */
import type { VcaAnswer } from "../voice/index.js";
import type { StoreError } from "./errors.js";

/** Per-session values (collected digits, handler results); JSON-serialisable. */
export type StoredVariables = Record<string, unknown>;

/** A session's status: `ACTIVE` until its VSS arrives, then the VSS `sessionStatus`. */
export type StoredSessionStatus = string;
export const ACTIVE_STATUS = "ACTIVE";

/** Why the server answered with its fallback instead of the app's answer. */
export type FallbackReason = "error" | "timeout" | "invalid" | "store_unavailable";

/** Everything one answered VCA leaves behind, written in one transaction. */
export interface VcaExchange {
  eventId: string;
  sessionId: string;
  subAccountId: string | null;
  callDirection: string | null;
  source: string | null;
  destination: string | null;
  /** The delivery as received (the whole envelope), for the timeline. */
  received: unknown;
  /**
   * Optional: `received` as the exact JSON text that arrived. The server has it already, so
   * adapters store it as given instead of serialising `received` again (and the timeline keeps
   * the sender's bytes). Must be the JSON of `received`; absent, adapters `JSON.stringify` it.
   */
  receivedText?: string;
  receivedAt: Date;
  answer: VcaAnswer;
  /**
   * Optional: `answer` as the exact JSON text sent to the platform, stored as given so a replay
   * parses to the same answer without a second serialisation. Absent, adapters `JSON.stringify` it.
   */
  answerText?: string;
  answeredAt: Date;
  fallbackReason: FallbackReason | null;
  /** The session's variables after this answer; null keeps the stored ones (fallback). */
  vars: StoredVariables | null;
  /**
   * The fingerprint of the flow that answered (compiled flows have one; code handlers may not).
   * Kept on the session as the flow that answered it (the first one that did).
   */
  flowFingerprint?: string | null;
  /** Where this exchange went in the flow (see `ExchangeStep`); absent or null fields are unknown. */
  menu?: string | null;
  keys?: string | null;
  nextMenu?: string | null;
}

/**
 * Where one answered VCA went in the flow, stored as columns so reports (the dashboard's per-edge
 * counts) need not parse the stored JSON: the menu whose prompt the caller answered (null for the
 * call's first VCA), the key(s) received (null when none), and the menu the answer prompts next
 * (null when it leads out of the menus: hangup, transfer).
 */
export interface ExchangeStep {
  menu: string | null;
  keys: string | null;
  nextMenu: string | null;
}

export interface RecordExchangeResult {
  /** False when another delivery of the same eventId was recorded first. */
  recorded: boolean;
  /** The answer to send: ours, or the first recorded one for a racing duplicate. */
  answer: VcaAnswer;
}

export interface SessionSummaryInput {
  sessionId: string;
  subAccountId: string | null;
  sessionStatus: string;
  /** The VSS payload, camel-cased. */
  payload: unknown;
  receivedAt: Date;
  /**
   * Work this summary causes (a retry of a failed call, an outcome to forward), committed in the
   * summary's own transaction, and only when the summary is new: a redelivered VSS adds none.
   */
  jobs?: readonly JobInput[];
}

/** A job a summary leaves for later (see `SessionSummaryInput.jobs`). */
export interface JobInput {
  /** Unique among all jobs: a second job with the same key is not stored (it is the same work). */
  key: string;
  /** What the job is for (`retry`, `forward-outcome`): whoever runs that kind reads it. */
  kind: string;
  /** When it may run. */
  runAt: Date;
  /** What the job needs; JSON-serialisable. */
  payload: unknown;
}

/** A job as stored, with the session whose summary made it. */
export interface StoredJob {
  key: string;
  kind: string;
  sessionId: string;
  runAt: string;
  payload: unknown;
  createdAt: string;
}

export interface ListJobsQuery {
  kind?: string;
  /** 1..500. */
  limit: number;
}

export interface CallStatusInput {
  eventId: string | null;
  sessionId: string;
  callId: string | null;
  callStatus: string;
  payload: unknown;
  receivedAt: Date;
}

/** A session as listed by the read API. */
export interface SessionRecord {
  sessionId: string;
  subAccountId: string | null;
  status: StoredSessionStatus;
  callDirection: string | null;
  source: string | null;
  destination: string | null;
  vcaCount: number;
  /** The fingerprint of the flow that answered the session; null when unknown (older rows, code handlers). */
  flowFingerprint: string | null;
  createdAt: string;
  updatedAt: string;
  vars: StoredVariables;
}

export type TimelineKind = "vca" | "answer";

/** One step of a session, in the order it happened: a VCA received or an answer sent. */
export interface TimelineEntry {
  seq: number;
  kind: TimelineKind;
  eventId: string | null;
  at: string;
  /** `vca`: the delivery as received. `answer`: `{ answer, fallbackReason }`. */
  body: unknown;
  /** `answer` entries: where the exchange went in the flow. */
  step?: ExchangeStep;
}

export interface StoredSummary {
  sessionStatus: string;
  receivedAt: string;
  payload: unknown;
}

export interface StoredCallStatus {
  eventId: string | null;
  callId: string | null;
  callStatus: string;
  at: string;
  payload: unknown;
}

export interface SessionDetail {
  session: SessionRecord;
  summary: StoredSummary | null;
  timeline: TimelineEntry[];
  callStatuses: StoredCallStatus[];
}

export interface ListSessionsQuery {
  status?: string;
  /** 1..500. */
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface SessionPage {
  sessions: SessionRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** What the VCA path reads before it answers. */
export interface LoadedEvent {
  /** The answer first sent for this eventId, for a repeated delivery; else null. */
  cachedAnswer: VcaAnswer | null;
  /** The session's variables (empty for a new session); the caller's own copy. */
  vars: StoredVariables;
}

/**
 * Something that went wrong outside any call, which the server must log and count:
 * - `writes-lost`: writes a call had already acknowledged could not be committed after all (a
 *   store that commits after answering, as SQLite's write-behind does); `count` of them.
 * - `stopped`: the store stopped working for good; every later call fails until it is opened again.
 */
export type StoreIncident =
  | { kind: "writes-lost"; operation: "recordExchange"; error: StoreError; count: number }
  | { kind: "stopped"; error: StoreError };

/** The VCA hot path: idempotency cache and variables, then one write per answered event. */
export interface SessionStore {
  /** The cached answer for a repeated eventId (or null), and the session's variables. */
  loadForEvent(eventId: string, sessionId: string): Promise<LoadedEvent>;
  /**
   * Records one answered VCA (timeline, answer cache, variables), all or nothing. Resolves once
   * this store answers reads with it: a repeated eventId then gets this answer. Whether it is
   * also durable by then is the store's promise (see docs/store.md); a write acknowledged and
   * then lost is reported as a `writes-lost` incident.
   */
  recordExchange(exchange: VcaExchange): Promise<RecordExchangeResult>;
}

/** VSS: written durably before the platform is told 200; stored once per sessionId. */
export interface SummaryStore {
  /**
   * `created` is false when a summary for this sessionId was already stored (kept as it was, and
   * this one's jobs are not added). The summary and its jobs commit together or not at all.
   */
  saveSummary(summary: SessionSummaryInput): Promise<{ created: boolean }>;
}

/** VCS: best-effort telemetry; a repeated eventId is stored once. */
export interface TelemetryStore {
  recordCallStatus(status: CallStatusInput): Promise<void>;
}

/** The read side used by the read API (CLI, dashboard). */
export interface SessionReader {
  listSessions(query: ListSessionsQuery): Promise<SessionPage>;
  getSession(sessionId: string): Promise<SessionDetail | null>;
  /** Stored jobs, oldest first. */
  listJobs(query: ListJobsQuery): Promise<StoredJob[]>;
}

export interface Store extends SessionStore, SummaryStore, TelemetryStore, SessionReader {
  /** `sqlite` or `postgres`, for logs and /healthz. */
  readonly kind: string;
  /** Hears of every incident (see `StoreIncident`) from now on. */
  onIncident(listener: (incident: StoreIncident) => void): void;
  /** Resolves when the store can serve requests; rejects with a StoreError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
