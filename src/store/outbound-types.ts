/**
 * The outbound port: what the followup module (`src/followup/`) stores to place calls, retry them
 * and run campaigns, durable and exactly once. Both adapters implement it beside `Store`, on the
 * same database, and one contract suite runs against each.
 *
 * Exactly once comes from conditional state changes, never from timing: an attempt is recorded
 * (`sending`) before it is sent, in the same transaction that takes its request off the schedule,
 * so two instances can never open the same request and a crash between sending and recording can
 * never send twice; an attempt is closed (ended, refused, unknown) only from `sending` or
 * `placed`, and the request's next step (a retry, or its final state) is written in that same
 * transaction, so a summary delivered three times, or two instances settling one attempt, yield
 * one retry.
 *
 * @example
 * await store.addOutboundRequests([{ requestId: "r1", to: "+6560000002", ... }]);
 * const opened = await store.openDueAttempts({ now, limit: 5, validForMs: 600_000 });
 * // send each opened attempt's callflow with clientRequestId = attempt.clientRequestId, then:
 * await store.placeAttempt(opened[0].attempt.clientRequestId, sessionId, now);
 */
import type { Store, StoredJob, StoredVariables } from "./types.js";

/**
 * Where an outbound request stands: `scheduled` (waiting for `nextAttemptAt`), `dialing` (an
 * attempt is open), or final: `completed`, `unreachable`, `failed`, `error` (its last attempt's
 * outcome, with no retry left or allowed) or `canceled` (its campaign was canceled first).
 */
export type OutboundState = "scheduled" | "dialing" | "completed" | "unreachable" | "failed" | "error" | "canceled";

/** The final states of a request. */
export const FINAL_OUTBOUND_STATES: readonly OutboundState[] = ["completed", "unreachable", "failed", "error", "canceled"];

/**
 * Where one attempt stands: `sending` (recorded, maybe sent: its outcome is unknown until 8x8
 * answers or its VSS arrives), `placed` (8x8 returned its sessionId), `ended` (its VSS arrived),
 * `refused` (8x8 refused the request: never retried) or `unknown` (no VSS by its `validUntil` plus a
 * grace period: 8x8 will not start it any more, so a retry cannot call twice).
 */
export type AttemptState = "sending" | "placed" | "ended" | "refused" | "unknown";

/** A call to place, with what it needs to be placed again. */
export interface OutboundRequestInput {
  /** Unique; attempt n's clientRequestId is `<requestId>-<n>`. */
  requestId: string;
  /** The campaign the request belongs to; null for a single call. */
  campaign: string | null;
  /** The contact's id in its campaign (its CSV `id`, or its line number); null for a single call. */
  contactId: string | null;
  /** The number called, E.164. */
  to: string;
  /** The virtual number calling, E.164. */
  from: string;
  /** The outbound flow's name, as the server loaded it. */
  flow: string;
  /** Variables for the flow's templates. */
  vars: Record<string, string>;
  /** The retry policy, as the followup module writes it (JSON). */
  policy: unknown;
  /** The contact's IANA time zone, which wins over the policy window's; null when none. */
  timezone: string | null;
  /** Each attempt's `validUntil` is its opening time plus this (8x8 will not start it later). */
  validForMs: number;
  /** The first attempt is not placed before this. */
  notBefore: Date;
  createdAt: Date;
}

/** A stored outbound request. */
export interface OutboundRequest {
  requestId: string;
  campaign: string | null;
  contactId: string | null;
  to: string;
  from: string;
  flow: string;
  vars: Record<string, string>;
  policy: unknown;
  timezone: string | null;
  validForMs: number;
  state: OutboundState;
  /** Attempts opened so far. */
  attempts: number;
  /** When the next attempt may be placed (ISO-8601, UTC); null unless `scheduled`. */
  nextAttemptAt: string | null;
  /** Why it is scheduled again (`BUSY`, `ERROR -2010`, `unknown`), or null. */
  retryReason: string | null;
  /** The last attempt's outcome (completed, unreachable, failed, error, unknown), or null. */
  outcome: string | null;
  /** The last attempt's sessionId, when 8x8 gave one. */
  lastSessionId: string | null;
  /** The last attempt's error code (a -10xx refusal or a -20xx session error), or null. */
  lastErrorCode: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A stored attempt. */
export interface OutboundAttempt {
  /** `<requestId>-<attempt>`: what 8x8 echoes in the VSS. */
  clientRequestId: string;
  requestId: string;
  /** 1 for the first attempt. */
  attempt: number;
  state: AttemptState;
  /** The session 8x8 returned (or the VSS named); null until known. */
  sessionId: string | null;
  /** The `validUntil` sent with it (ISO-8601, UTC). */
  validUntil: string;
  openedAt: string;
  placedAt: string | null;
  endedAt: string | null;
  /** The VSS sessionStatus, when it ended. */
  sessionStatus: string | null;
  /** completed, unreachable, failed, error or unknown; null while open. */
  outcome: string | null;
  errorCode: number | null;
  /** 8x8's message for a refusal or error, when there was one. */
  detail: string | null;
}

/** An open attempt with its request. */
export interface AttemptWithRequest {
  request: OutboundRequest;
  attempt: OutboundAttempt;
}

/** Which scheduled requests `openDueAttempts` opens. */
export interface OpenDueAttemptsQuery {
  /** Requests whose `nextAttemptAt` is at or before now. */
  now: Date;
  /** At most this many (1..500). Each opened attempt's validUntil is now plus its request's `validForMs`. */
  limit: number;
  /**
   * A campaign's name: only its requests, and only while it is RUNNING. `null`: only requests of
   * no campaign (single calls). Absent: single calls and the requests of RUNNING campaigns.
   */
  campaign?: string | null;
}

/** How an attempt closes, and what its request does next. */
export interface CloseAttemptInput {
  clientRequestId: string;
  state: "ended" | "refused" | "unknown";
  at: Date;
  /** The session, when the closing VSS names it (an attempt whose send answer was lost). */
  sessionId?: string | null;
  sessionStatus?: string | null;
  /** completed, unreachable, failed, error or unknown. */
  outcome: string;
  errorCode?: number | null;
  detail?: string | null;
  /** The request is scheduled again at `retryAt` (with its reason), or ends in `final`. */
  next: { retryAt: Date; reason: string } | { final: OutboundState };
}

/** A campaign's lifecycle, after 8x8's campaign model (SPEC 5a). */
export type CampaignState = "CREATED" | "RUNNING" | "PAUSED" | "COMPLETE" | "CANCELED";

/** A campaign to create, with its settings as the followup module writes them. */
export interface CampaignInput {
  name: string;
  flow: string;
  from: string;
  /** Calls per second, retries included. */
  rate: number;
  /** Sessions in progress at once. */
  concurrency: number;
  /** The campaign's retry policy (JSON). */
  policy: unknown;
  /** Anything else the runner needs back (the source file's name, options); JSON. */
  settings: unknown;
  createdAt: Date;
}

/** A stored campaign, with its requests counted by state. */
export interface CampaignRecord {
  name: string;
  state: CampaignState;
  flow: string;
  from: string;
  rate: number;
  concurrency: number;
  policy: unknown;
  settings: unknown;
  createdAt: string;
  updatedAt: string;
  /** Its requests by state (absent states are 0). */
  counts: Partial<Record<OutboundState, number>>;
  /** Its requests in all. */
  total: number;
}

/** A page of a campaign's (or all single calls') requests, in `requestId` order. */
export interface ListOutboundRequestsQuery {
  /** The campaign, or null for single calls. */
  campaign: string | null;
  /** Requests after this requestId. */
  after?: string;
  /** 1..1000. */
  limit: number;
}

/** What the last session of a request left, as an export reports it. */
export interface LastSession {
  sessionId: string;
  /** `ACTIVE` until its summary arrives, then the VSS sessionStatus. */
  status: string;
  /** Seconds the callee's leg was connected, from the summary; null when it does not say. */
  durationSeconds: number | null;
  /** The session's variables after its latest answer. */
  vars: StoredVariables;
  /** The keys the callee pressed, one entry per answered prompt, in order. */
  keys: string[];
}

/** A request with its last session (null when it has none stored): one row of a campaign's export. */
export interface OutboundResult {
  request: OutboundRequest;
  session: LastSession | null;
}

/** How far a campaign has got, beyond its requests counted by state. */
export interface CampaignProgress {
  /** Attempts opened across its requests: calls placed, retries included. */
  attempts: number;
  /** Requests scheduled again after at least one attempt (waiting for a retry). */
  retrying: number;
}

/** Which jobs `claimJobs` leases. */
export interface ClaimJobsQuery {
  kinds: readonly string[];
  /** Jobs due at or before now, and not leased by anyone past now. */
  now: Date;
  /** Each claimed job is leased to `owner` until now + leaseMs. */
  leaseMs: number;
  owner: string;
  /** 1..500. */
  limit: number;
}

/** A job leased by `claimJobs`: as stored, with how many times it was tried before. */
export interface ClaimedJob extends StoredJob {
  /** Earlier runs that failed (`deferJob`). */
  tries: number;
}

/** What `nextDueAt` looks at. */
export interface NextDueQuery {
  /** Jobs of these kinds count (the kinds someone claims); others are ignored. */
  jobKinds: readonly string[];
  /** An open attempt is due this long after its validUntil (when it would turn `unknown`). */
  openAttemptGraceMs: number;
}

/** Outbound requests, their attempts, campaigns, and leased jobs. */
export interface OutboundStore {
  /** Stores new requests in one transaction; a requestId already stored is kept as it is. */
  addOutboundRequests(requests: readonly OutboundRequestInput[]): Promise<{ added: number }>;
  /** A request with its attempts (oldest first), or null. */
  getOutboundRequest(requestId: string): Promise<{ request: OutboundRequest; attempts: OutboundAttempt[] } | null>;
  /** The attempt a VSS belongs to: by clientRequestId, else by sessionId; null when it is none of ours. */
  findAttempt(by: { clientRequestId?: string | null; sessionId?: string | null }): Promise<AttemptWithRequest | null>;
  /** Opens an attempt (state `sending`) for each due request, oldest due first; see the module comment. */
  openDueAttempts(query: OpenDueAttemptsQuery): Promise<AttemptWithRequest[]>;
  /** `sending` → `placed` with 8x8's sessionId; false when the attempt was not `sending`. */
  placeAttempt(clientRequestId: string, sessionId: string, at: Date): Promise<boolean>;
  /** Closes an open attempt and moves its request on; false (and nothing written) when it was not open. */
  closeAttempt(input: CloseAttemptInput): Promise<boolean>;
  /**
   * Takes back a `sending` attempt that was certainly not started (8x8 answered 429, or the
   * request never left): it is deleted and its request scheduled at `retryAt`, its attempt count
   * as before. False when it was not `sending`.
   */
  withdrawAttempt(clientRequestId: string, retryAt: Date): Promise<boolean>;
  /** Open attempts (`sending`, `placed`) whose validUntil is before `validBefore`, oldest first. */
  listExpiredAttempts(query: { validBefore: Date; limit: number }): Promise<AttemptWithRequest[]>;
  /** Open attempts (`sending`, `placed`): of one campaign, of single calls (null), or of all (absent). */
  countOpenAttempts(campaign?: string | null): Promise<number>;
  /** A page of requests in requestId order. */
  listOutboundRequests(query: ListOutboundRequestsQuery): Promise<OutboundRequest[]>;
  /** A page of requests as `listOutboundRequests` gives it, each with its last session: one read per page, for exports. */
  listOutboundResults(query: ListOutboundRequestsQuery): Promise<OutboundResult[]>;

  /** Creates a campaign (state CREATED) and its requests in one transaction; false when the name is taken. */
  createCampaign(campaign: CampaignInput, requests: readonly OutboundRequestInput[]): Promise<{ created: boolean }>;
  getCampaign(name: string): Promise<CampaignRecord | null>;
  listCampaigns(): Promise<CampaignRecord[]>;
  /** Attempts made and requests waiting for a retry, across a campaign's requests (zeros for a name with none). */
  getCampaignProgress(name: string): Promise<CampaignProgress>;
  /**
   * Moves a campaign to `to` when it is in one of `from`; false otherwise. To CANCELED, its
   * scheduled requests become `canceled` in the same transaction (attempts already open finish).
   * To COMPLETE, only when none of its requests is scheduled or dialing.
   */
  setCampaignState(name: string, from: readonly CampaignState[], to: CampaignState, at: Date): Promise<boolean>;

  /** Leases due jobs of these kinds (FOR UPDATE SKIP LOCKED on PostgreSQL), oldest due first. */
  claimJobs(query: ClaimJobsQuery): Promise<ClaimedJob[]>;
  /** Marks a job its owner has done (kept, so its key stays taken); false when the lease was lost. */
  finishJob(key: string, owner: string, at: Date): Promise<boolean>;
  /** Releases a job to run again at `runAt` after a failed run, counting the try; false when the lease was lost. */
  deferJob(key: string, owner: string, runAt: Date, error: string): Promise<boolean>;

  /**
   * The earliest time something becomes due, null when nothing ever will: a scheduled request's
   * `nextAttemptAt` (single calls and RUNNING campaigns only), an unfinished job's `runAt` (or the
   * end of its lease, when later), an open attempt's `validUntil` plus `openAttemptGraceMs`. What
   * a simulated clock jumps to when the dispatcher has nothing to do (`serve --clock instant`).
   */
  nextDueAt(query: NextDueQuery): Promise<Date | null>;
}

/** A store with the outbound port beside it, on the same database: what `openStore` returns. */
export interface StoreWithOutbound extends Store {
  /** Outbound requests, attempts, campaigns and job leases (see `OutboundStore`). */
  readonly outbound: OutboundStore;
}
