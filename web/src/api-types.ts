/**
 * The read API's JSON as the dashboard reads it: the shapes `GET /api/sessions`,
 * `GET /api/sessions/:id` and `/api/session` answer with. Written out here rather than imported
 * from the server, so the bundle and its type check need nothing of the server;
 * test/dashboard/api-types.test.ts fails the type check when the store's types drift from these.
 */

/** A listed session (`SessionRecord`), plus the fields a newer read API adds, shown when present. */
export interface ListedSession {
  sessionId: string;
  subAccountId: string | null;
  /** `ACTIVE` until the VSS arrives, then its `sessionStatus`. */
  status: string;
  callDirection: string | null;
  source: string | null;
  destination: string | null;
  vcaCount: number;
  flowFingerprint: string | null;
  /** ISO-8601: when the session was first stored; the list is newest first by it. */
  createdAt: string;
  updatedAt: string;
  vars: Record<string, unknown>;
  /** The follow-up module's classification of the summary (answered, unreachable, ...). */
  outcome?: string | null;
  /** The caller's leg, connected, in seconds. */
  durationSeconds?: number | null;
  /** MOS of the caller's leg. */
  mos?: number | null;
  /** The menu the session was last at. */
  lastMenu?: string | null;
  /** The keys of the latest VCA that carried any. */
  lastKeys?: string | null;
}

/** One page of `GET /api/sessions`. */
export interface ListedPage {
  sessions: ListedSession[];
  nextCursor: string | null;
}

/** Where one answered VCA went in the flow. */
export interface ExchangeStep {
  menu: string | null;
  keys: string | null;
  nextMenu: string | null;
}

/** One entry of a session's timeline: a VCA received, or the answer sent to it. */
export interface TimelineEntry {
  seq: number;
  kind: "vca" | "answer";
  eventId: string | null;
  at: string;
  /** `vca`: the delivery as received. `answer`: `{ answer, fallbackReason }`. */
  body: unknown;
  step?: ExchangeStep;
}

/** A stored VCS. */
export interface StoredCallStatus {
  eventId: string | null;
  callId: string | null;
  callStatus: string;
  at: string;
  payload: unknown;
}

/** A stored VSS. */
export interface StoredSummary {
  sessionStatus: string;
  receivedAt: string;
  payload: unknown;
}

/** `GET /api/sessions/:id`. */
export interface SessionDetail {
  session: ListedSession;
  summary: StoredSummary | null;
  timeline: TimelineEntry[];
  callStatuses: StoredCallStatus[];
  /** The outbound call that made the session: null for any other; absent when the server has no outbound side. */
  outbound?: SessionOutbound | null;
}

/** An outbound request (`OutboundRequest`): who was called, on which flow, where it stands. */
export interface OutboundRequestView {
  requestId: string;
  campaign: string | null;
  contactId: string | null;
  to: string;
  from: string;
  flow: string;
  vars: Record<string, string>;
  timezone: string | null;
  /** scheduled, dialing, completed, unreachable, failed, error or canceled. */
  state: string;
  attempts: number;
  /** When the next attempt may be placed; null unless scheduled. */
  nextAttemptAt: string | null;
  /** Why it is scheduled again (`BUSY`, `ERROR -2010`, `unknown`), or null. */
  retryReason: string | null;
  outcome: string | null;
  lastSessionId: string | null;
  lastErrorCode: number | null;
  createdAt: string;
  updatedAt: string;
}

/** One attempt of an outbound request (`OutboundAttempt`). */
export interface OutboundAttemptView {
  clientRequestId: string;
  requestId: string;
  attempt: number;
  /** sending, placed, ended, refused or unknown. */
  state: string;
  sessionId: string | null;
  validUntil: string;
  openedAt: string;
  placedAt: string | null;
  endedAt: string | null;
  sessionStatus: string | null;
  outcome: string | null;
  errorCode: number | null;
  detail: string | null;
}

/** A session's outbound request and its attempts, oldest first. */
export interface SessionOutbound {
  request: OutboundRequestView;
  attempts: OutboundAttemptView[];
}

/** `GET/POST/DELETE /api/session`: sign-in state. */
export interface SignInState {
  authRequired: boolean;
  signedIn: boolean;
  csrfToken: string | null;
  /** The query parameters `GET /api/sessions` filters on. */
  filters: string[];
}

/** The server's refusal body. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** A node of a flow's graph (`GET /api/flows`). */
export interface FlowGraphNode {
  id: string;
  kind: "start" | "menu" | "end";
  label: string;
  menu?: string;
  prompt?: string;
  exit?: "hangup" | "transfer" | "say" | "play" | "handler" | "back";
}

/** An edge of a flow's graph: `menu` and `keys` are those the server stores with each exchange. */
export interface FlowGraphEdge {
  id: string;
  from: string;
  to: string;
  kind: "start" | "option" | "invalid" | "no-input" | "then";
  menu?: string;
  keys?: string;
  label: string;
}

/** A flow's graph. */
export interface FlowGraph {
  entry: string;
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

/** One flow of `GET /api/flows`. */
export interface ListedFlow {
  fingerprint: string | null;
  name: string;
  current: boolean;
  graph: FlowGraph | null;
}

/** A number the dev phone can call (`GET /api/phone`). */
export interface PhoneNumber {
  msisdn: string;
  /** What answers it: the flow's name. */
  label: string;
}

/** `GET /api/phone`: only in `switchboard dev`; the first number is the default. */
export interface PhoneInfo {
  numbers: PhoneNumber[];
  /** The caller's number unless the page gives another. */
  from: string;
}

/**
 * One entry of a simulated call's transcript, as the dev phone's event stream sends it
 * (`event: entry`): its kind, when, the leg, and the fields of that kind.
 */
export interface PhoneTranscriptEntry {
  kind: string;
  /** ISO-8601, in the call's time. */
  at: string;
  /** Milliseconds since the call began. */
  t: number;
  leg?: string;
  [field: string]: unknown;
}

/** A simulated call's outcome in short, from its VSS. */
export interface PhoneCallSummary {
  sessionStatus: string;
  callCount: number;
  lastAction: string;
  durationSeconds: number;
  errorDetails?: unknown;
}

/** The simulator's view of a call (`event: end`): the whole transcript and the summary. */
export interface PhoneCallView {
  sessionId: string;
  state: string;
  transcript: PhoneTranscriptEntry[];
  summary: PhoneCallSummary | null;
  heard: string[];
  pressed: string[];
}

/** One edge as callers took it (`GET /api/flows/edges`): from a menu (null: the call's first VCA), with keys, to the next menu. */
export interface FlowEdgeCount {
  fingerprint: string | null;
  menu: string | null;
  keys: string | null;
  nextMenu: string | null;
  count: number;
}

/** Ended sessions whose last answer prompted `menu`: the caller hung up there. */
export interface FlowHangupCount {
  fingerprint: string | null;
  menu: string;
  sessions: number;
}

/** `GET /api/flows/edges`. */
export interface FlowEdgeCounts {
  edges: FlowEdgeCount[];
  hangups: FlowHangupCount[];
}

/** `GET /api/stats`: the same definitions as `/metrics`, over the stored sessions first stored since `since`. */
export interface SessionStats {
  since: string | null;
  sessions: number;
  counts: { direction: string | null; outcome: string | null; sessions: number }[];
  completionRate: number | null;
  averageDurationSeconds: number | null;
  averageMos: number | null;
  fallbacks: Record<string, number>;
  retries: { scheduled: number; placed: number };
}

/** One bucket of `GET /api/stats/series`: sessions first stored in it, by outcome (`none`: no outcome yet). */
export interface OutcomeBucket {
  start: string;
  sessions: number;
  outcomes: Record<string, number>;
}

/** `GET /api/stats/series`: buckets holding any session, oldest first; `until` is the server's clock. */
export interface OutcomeSeries {
  since: string | null;
  until: string;
  bucketSeconds: number;
  buckets: OutcomeBucket[];
}

/** Where a campaign's contacts stand (`CampaignCounts`). */
export interface CampaignCounts {
  placed: number;
  inProgress: number;
  completed: number;
  unreachable: number;
  failed: number;
  error: number;
  canceled: number;
  retrying: number;
  left: number;
}

/** `GET /api/campaigns/:name`: a campaign's settings, state and progress. */
export interface CampaignStatus {
  name: string;
  /** CREATED, RUNNING, PAUSED, COMPLETE or CANCELED. */
  state: string;
  flow: string;
  from: string;
  rate: number;
  concurrency: number;
  maxAttempts: number;
  window: string | null;
  timezone: string | null;
  file: string | null;
  skipped: number;
  createdAt: string;
  updatedAt: string;
  total: number;
  done: number;
  progress: CampaignCounts;
}

/** One contact's result (`ExportRow`). */
export interface CampaignRow {
  id: string;
  phone: string;
  outcome: string;
  attempts: number;
  lastSessionId: string | null;
  lastStatus: string | null;
  errorCode: number | null;
  durationSeconds: number | null;
  digits: string[];
  variables: Record<string, unknown>;
}

/** `GET /api/campaigns/:name/export?format=json&limit=N`: one page of rows; `next` is the following page's cursor. */
export interface CampaignRowsPage {
  campaign: string;
  rows: CampaignRow[];
  next: string | null;
}
