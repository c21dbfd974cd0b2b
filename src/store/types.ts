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
import type { CallDirection, Outcome, VcaAnswer } from "../voice/index.js";
import type { StoreError } from "./errors.js";

/** Per-session values (collected digits, handler results); JSON-serialisable. */
export type StoredVariables = Record<string, unknown>;

/** A session's status: `ACTIVE` until its VSS arrives, then the VSS `sessionStatus`. */
export type StoredSessionStatus = string;
/** The status a session is stored with until its VSS arrives and brings the real outcome. */
export const ACTIVE_STATUS = "ACTIVE";

/** Why the server answered with its fallback instead of the app's answer. */
export type FallbackReason = "error" | "timeout" | "invalid" | "store_unavailable";

/** Everything one answered VCA leaves behind, written in one transaction. */
export interface VcaExchange {
  /** The delivery's eventId: the idempotency key. */
  eventId: string;
  /** The call's session; the first exchange of a session creates its row. */
  sessionId: string;
  /** From the VCA, kept on a new session; null when the delivery lacked it. */
  subAccountId: string | null;
  /** INBOUND or OUTBOUND, from the VCA; null when absent. */
  callDirection: string | null;
  /** The calling number, from the VCA; null when absent. */
  source: string | null;
  /** The called number, from the VCA; null when absent. */
  destination: string | null;
  /** The delivery as received (the whole envelope), for the timeline. */
  received: unknown;
  /**
   * Optional: `received` as the exact JSON text that arrived. The server has it already, so
   * adapters store it as given instead of serialising `received` again (and the timeline keeps
   * the sender's bytes). Must be the JSON of `received`; absent, adapters `JSON.stringify` it.
   */
  receivedText?: string;
  /** When the delivery arrived (the server's clock). */
  receivedAt: Date;
  /** The answer sent: the app's, or the fallback. */
  answer: VcaAnswer;
  /**
   * Optional: `answer` as the exact JSON text sent to the platform, stored as given so a replay
   * parses to the same answer without a second serialisation. Absent, adapters `JSON.stringify` it.
   */
  answerText?: string;
  /** When the answer was sent. */
  answeredAt: Date;
  /** Why the fallback was sent instead of the app's answer; null when the app answered. */
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
  /** The key(s) received (see `ExchangeStep`). */
  keys?: string | null;
  /** The menu the answer prompts next (see `ExchangeStep`). */
  nextMenu?: string | null;
}

/**
 * Where one answered VCA went in the flow, stored as columns so reports (the dashboard's per-edge
 * counts) need not parse the stored JSON: the menu whose prompt the caller answered (null for the
 * call's first VCA), the key(s) received (null when none), and the menu the answer prompts next
 * (null when it leads out of the menus: hangup, transfer).
 */
export interface ExchangeStep {
  /** The menu whose prompt the caller answered; null for the call's first VCA. */
  menu: string | null;
  /** The key(s) received; null when none. */
  keys: string | null;
  /** The menu the answer prompts next; null when it leads out of the menus. */
  nextMenu: string | null;
}

/** What `recordExchange` did: whether this delivery was the one recorded, and the answer to send. */
export interface RecordExchangeResult {
  /** False when another delivery of the same eventId was recorded first. */
  recorded: boolean;
  /** The answer to send: ours, or the first recorded one for a racing duplicate. */
  answer: VcaAnswer;
}

/** A VSS to store: the session's outcome, the whole payload, and the jobs it causes. */
export interface SessionSummaryInput {
  /** The session summarised; one summary is kept per sessionId. */
  sessionId: string;
  /** From the VSS; null when the delivery lacked it. */
  subAccountId: string | null;
  /** The VSS `sessionStatus`, which becomes the session's status (COMPLETED, BUSY, ...). */
  sessionStatus: string;
  /** The VSS payload, camel-cased. */
  payload: unknown;
  /** When the delivery arrived (the server's clock). */
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
  /** The job's unique key. */
  key: string;
  /** What the job is for, e.g. `retry`. */
  kind: string;
  /** The session whose summary made the job. */
  sessionId: string;
  /** When it may run (ISO-8601, UTC). */
  runAt: string;
  /** What the job needs, as given. */
  payload: unknown;
  /** When it was stored: its summary's `receivedAt` (ISO-8601, UTC). */
  createdAt: string;
}

/** Which stored jobs `listJobs` returns, oldest first. */
export interface ListJobsQuery {
  /** Only jobs of this kind; all kinds when absent. */
  kind?: string;
  /** 1..500. */
  limit: number;
}

/** A VCS to store: one leg's progress, kept once per eventId. */
export interface CallStatusInput {
  /** The delivery's eventId; a repeat is stored once. Null when the delivery lacked one (then never deduplicated). */
  eventId: string | null;
  /** The call's session. */
  sessionId: string;
  /** The leg; null when the delivery lacked it. */
  callId: string | null;
  /** The VCS `callStatus`, e.g. CALL_CONNECTED. */
  callStatus: string;
  /** The VCS payload, camel-cased. */
  payload: unknown;
  /** When the delivery arrived (the server's clock). */
  receivedAt: Date;
}

/** A session as listed by the read API. */
export interface SessionRecord {
  sessionId: string;
  subAccountId: string | null;
  /** `ACTIVE` until the VSS arrives, then its `sessionStatus`. */
  status: StoredSessionStatus;
  /** INBOUND or OUTBOUND, from the first VCA; null when unknown. */
  callDirection: string | null;
  /** The calling number, from the first VCA; null when unknown. */
  source: string | null;
  /** The called number, from the first VCA; null when unknown. */
  destination: string | null;
  /** How many VCAs the session has answered. */
  vcaCount: number;
  /** The fingerprint of the flow that answered the session; null when unknown (older rows, code handlers). */
  flowFingerprint: string | null;
  /** When the session was first stored (ISO-8601, UTC); sessions are listed newest first by it. */
  createdAt: string;
  /** When anything about the session was last stored (ISO-8601, UTC). */
  updatedAt: string;
  /** The session's variables after its latest answer. */
  vars: StoredVariables;
  /** What the session came to (`completed`, `unreachable`, `failed`, `error`), from its VSS; null until the VSS arrives. */
  outcome: Outcome | null;
  /** The VSS `errorDetails.errorCode` (a -20xx session error), or null. */
  errorCode: number | null;
  /** Seconds the first leg (the caller's; the callee's on an outbound call) was connected, from the VSS; null when unknown. */
  durationSeconds: number | null;
  /** That leg's MOS (call quality, 1.0-5.0), from the VSS; null when not measured. */
  mos: number | null;
  /**
   * The menu the session was last at: the one its latest answer prompted, else (an answer that led
   * out of the menus: hangup, transfer) the one that answer came from; null without a flow step.
   */
  lastMenu: string | null;
  /** The keys of the latest VCA that carried any; null when the caller pressed none. */
  lastKeys: string | null;
}

/** A timeline entry's kind: `vca` (a delivery received) or `answer` (the answer sent to it). */
export type TimelineKind = "vca" | "answer";

/** One step of a session, in the order it happened: a VCA received or an answer sent. */
export interface TimelineEntry {
  /** The entry's position in the session, from 1. */
  seq: number;
  kind: TimelineKind;
  /** The eventId of the VCA this entry belongs to. */
  eventId: string | null;
  /** When it happened (ISO-8601, UTC). */
  at: string;
  /** `vca`: the delivery as received. `answer`: `{ answer, fallbackReason }`. */
  body: unknown;
  /** `answer` entries: where the exchange went in the flow. */
  step?: ExchangeStep;
}

/** A session's stored VSS: the first one delivered. */
export interface StoredSummary {
  /** The VSS `sessionStatus`. */
  sessionStatus: string;
  /** When it arrived (ISO-8601, UTC). */
  receivedAt: string;
  /** The VSS payload, camel-cased. */
  payload: unknown;
}

/** A stored VCS: one leg's progress. */
export interface StoredCallStatus {
  eventId: string | null;
  callId: string | null;
  /** The VCS `callStatus`, e.g. CALL_CONNECTED. */
  callStatus: string;
  /** When it arrived (ISO-8601, UTC). */
  at: string;
  /** The VCS payload, camel-cased. */
  payload: unknown;
}

/** Everything stored about one session, as `getSession` (and `GET /api/sessions/:id`) returns it. */
export interface SessionDetail {
  session: SessionRecord;
  /** The VSS, or null while the session is active (or when its VSS never came). */
  summary: StoredSummary | null;
  /** The VCAs received and the answers sent, in order. */
  timeline: TimelineEntry[];
  /** The VCS deliveries, in the order they were stored. */
  callStatuses: StoredCallStatus[];
}

/**
 * Which sessions `listSessions` returns, newest first, a page at a time. Every filter given must
 * hold; each one absent lets every session through.
 */
export interface ListSessionsQuery {
  /** Only sessions with this status (`ACTIVE`, `COMPLETED`, ...). */
  status?: string;
  /** Only sessions first stored at or after this time. */
  since?: Date;
  /** Only sessions with this outcome (so only sessions whose VSS arrived). */
  outcome?: Outcome;
  /** Only sessions in this direction (from the first VCA, or the VSS's first leg when no VCA came). */
  direction?: CallDirection;
  /**
   * Only sessions whose source or destination number contains this text (digits, `+`). No index
   * can answer a match inside a number, so a page examines at most `searchWindow` sessions (those
   * the other filters let through, newest first): when it finds fewer than `limit`, it ends with a
   * `nextCursor` from where it stopped, and the next page searches on from there.
   */
  q?: string;
  /** With `q`: how many sessions a page examines at most; default `SEARCH_WINDOW` (50,000). */
  searchWindow?: number;
  /** 1..500. */
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** One page of `listSessions`. */
export interface SessionPage {
  /** At most `limit` sessions, newest first. */
  sessions: SessionRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Which sessions `sessionStats` counts: those first stored at or after `since` (all when absent). */
export interface SessionStatsQuery {
  since?: Date;
}

/** How many sessions of one direction came to one outcome (`null`: unknown direction, or no VSS yet). */
export interface OutcomeCount {
  direction: CallDirection | null;
  outcome: Outcome | null;
  sessions: number;
}

/** What `sessionStats` reports over the sessions first stored since a time. */
export interface SessionStats {
  /** The window's start (ISO-8601, UTC); null for every stored session. */
  since: string | null;
  /** Sessions in the window. */
  sessions: number;
  /**
   * Sessions by direction and outcome, only the pairs that occur, ordered INBOUND, OUTBOUND, then
   * unknown, and by outcome as `OUTCOMES` lists them, then none (no VSS yet).
   */
  counts: OutcomeCount[];
  /** Completed sessions over sessions with an outcome (0..1); null when none has one. */
  completionRate: number | null;
  /** Mean of the known durations (seconds, first leg); null when none is known. */
  averageDurationSeconds: number | null;
  /** Mean of the measured MOS values (first leg); null when none was measured. */
  averageMos: number | null;
  /**
   * The window's VCAs answered with the fallback, by reason, as the store holds them: the reasons
   * of `switchboard_vca_fallbacks_total`, each present (0 when none). A fallback sent while the
   * store was down was never stored, so `store_unavailable` counts only what reached it.
   */
  fallbacks: Record<FallbackReason, number>;
  /**
   * Outbound retries: `placed` counts attempts after a request's first one opened in the window;
   * `scheduled` adds the retries decided and not placed: requests waiting for their next attempt
   * after a failed one, or canceled (with their campaign) while waiting, last changed in the window.
   */
  retries: { scheduled: number; placed: number };
}

/** Which sessions `outcomeSeries` counts, in buckets of how many seconds. */
export interface OutcomeSeriesQuery {
  /** Only sessions first stored at or after this time; every session when absent. */
  since?: Date;
  /** Each bucket's width in seconds, a whole number from 1 up; buckets start at multiples of it since the Unix epoch (UTC). */
  bucketSeconds: number;
}

/** The sessions first stored in one bucket of time, by outcome. */
export interface OutcomeBucket {
  /** The bucket's start (ISO-8601, UTC). */
  start: string;
  /** Sessions first stored in the bucket. */
  sessions: number;
  /** By outcome, each of `OUTCOMES` present (0 when none); `none`: no VSS yet, or one no outcome was given. */
  outcomes: Record<Outcome | "none", number>;
}

/** What `outcomeSeries` returns: the buckets that hold any session, oldest first (empty ones left out). */
export interface OutcomeSeries {
  /** The window's start (ISO-8601, UTC); null for every stored session. */
  since: string | null;
  bucketSeconds: number;
  buckets: OutcomeBucket[];
}

/** Which exchanges `flowEdgeCounts` counts: of sessions answered by one flow, first stored since a time. */
export interface FlowEdgeQuery {
  /** Only sessions answered by the flow with this fingerprint; every flow when absent. */
  fingerprint?: string;
  /** Only sessions first stored at or after this time. */
  since?: Date;
}

/** One edge of a flow's graph, as callers took it: from a menu, with keys, to the next menu. */
export interface FlowEdge {
  /** The flow's fingerprint; null for sessions no compiled flow answered. */
  fingerprint: string | null;
  /** The menu whose prompt the caller answered; null for the call's first VCA. */
  menu: string | null;
  /** The keys received; null when none. */
  keys: string | null;
  /** The menu the answer prompted; null when it led out of the menus (hangup, transfer). */
  nextMenu: string | null;
  /** Sessions that took this edge (each once, however often it took it: a replayed menu is one). */
  count: number;
}

/** Ended sessions whose last answer prompted this menu: the caller hung up there. */
export interface FlowHangup {
  fingerprint: string | null;
  menu: string;
  sessions: number;
}

/** What `flowEdgeCounts` returns, each list ordered by fingerprint, menu, keys, next menu (null first). */
export interface FlowEdgeCounts {
  edges: FlowEdge[];
  /** Per menu, the ended sessions (status not ACTIVE) whose last answer prompted it and no VCA followed. */
  hangups: FlowHangup[];
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
  /** Stores one VCS; a repeated eventId is ignored. */
  recordCallStatus(status: CallStatusInput): Promise<void>;
}

/** The read side used by the read API (CLI, dashboard). */
export interface SessionReader {
  /** Sessions newest first, a page at a time; a cursor this store did not hand out is `SB_STORE_BAD_CURSOR`. */
  listSessions(query: ListSessionsQuery): Promise<SessionPage>;
  /** Everything stored about one session, or null when it is unknown. */
  getSession(sessionId: string): Promise<SessionDetail | null>;
  /** Stored jobs, oldest first. */
  listJobs(query: ListJobsQuery): Promise<StoredJob[]>;
  /** Counts over the sessions first stored since a time: outcomes by direction, averages, fallbacks, retries. */
  sessionStats(query: SessionStatsQuery): Promise<SessionStats>;
  /** How often callers took each edge of each flow, and where they hung up (the dashboard's flow view). */
  flowEdgeCounts(query: FlowEdgeQuery): Promise<FlowEdgeCounts>;
  /** Sessions by outcome over time, in buckets (the dashboard's stats chart); the same outcomes as `sessionStats`. */
  outcomeSeries(query: OutcomeSeriesQuery): Promise<OutcomeSeries>;
}

/**
 * The persistence port: everything the server remembers between webhook deliveries (sessions
 * and their variables, each VCA exchange, which doubles as the idempotency cache, summaries with
 * the jobs they cause, call statuses) and the read side over them. `openStore` picks an adapter
 * from a URL; `openSqliteStore` and `openPostgresStore` open one directly. Every method rejects
 * with a `StoreError` (`SB_STORE_UNAVAILABLE` when the database cannot be used, so the server can
 * answer 503). Times come from the caller, never from a clock inside the store. Whether an
 * acknowledged `recordExchange` is already durable is each adapter's promise (docs/store.md);
 * a summary always is.
 */
export interface Store extends SessionStore, SummaryStore, TelemetryStore, SessionReader {
  /** `sqlite` or `postgres`, for logs and /healthz. */
  readonly kind: string;
  /** Hears of every incident (see `StoreIncident`) from now on. */
  onIncident(listener: (incident: StoreIncident) => void): void;
  /** Resolves when the store can serve requests; rejects with a StoreError otherwise. */
  ping(): Promise<void>;
  /** Commits what is still queued, then releases the database; the store is not used after it. */
  close(): Promise<void>;
}
