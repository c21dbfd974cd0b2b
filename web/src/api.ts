/**
 * The dashboard's calls to the server: the read API, the sign-in and the CSRF token. Paths are
 * relative (`api/sessions`), so the dashboard works at the root and under a plugin prefix alike;
 * the browser sends the session cookie by itself (same origin), never the secret after sign-in.
 */
import type { CampaignRowsPage, CampaignStatus, ErrorBody, FlowEdgeCounts, ListedFlow, ListedPage, OutcomeSeries, PhoneInfo, SessionDetail, SessionStats, SignInState } from "./api-types.js";

/** A refusal or failure, with the server's code and message when it gave them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
const signedOutListeners = new Set<() => void>();

/** Calls `listener` whenever a request is refused for want of a sign-in (the session expired). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, probe = false): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken !== null) headers["x-switchboard-csrf"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: "same-origin", ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal ? { signal } : {}) });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError("cannot reach the server; is it running?", 0, null);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const refusal = (json as ErrorBody | undefined)?.error;
    if (response.status === 401 && path !== "api/session" && !probe) for (const listener of signedOutListeners) listener();
    throw new ApiError(refusal?.message ?? `the server answered HTTP ${response.status}`, response.status, refusal?.code ?? null);
  }
  return json as T;
}

function remember(state: SignInState): SignInState {
  csrfToken = state.csrfToken;
  return state;
}

/** Whether this browser is signed in, and what the server offers. */
export async function signInState(): Promise<SignInState> {
  return remember(await request<SignInState>("GET", "api/session"));
}

/** Signs in with the read secret or a one-time code from a `?code=` link. */
export async function signIn(credentials: { secret: string } | { code: string }): Promise<SignInState> {
  return remember(await request<SignInState>("POST", "api/session", credentials));
}

/** Signs out: the server forgets the session and clears the cookie. */
export async function signOut(): Promise<SignInState> {
  return remember(await request<SignInState>("DELETE", "api/session"));
}

/** The filters of the sessions list, as query parameters. */
export type SessionQuery = Partial<Record<"status" | "outcome" | "direction" | "since" | "q" | "cursor", string>>;

/** One page of sessions, newest first. */
export function listSessions(query: SessionQuery, limit: number, signal?: AbortSignal): Promise<ListedPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  params.set("limit", String(limit));
  return request<ListedPage>("GET", `api/sessions?${params.toString()}`, undefined, signal);
}

/** Everything stored about one session; null when the server has no such session. */
export async function getSession(sessionId: string, signal?: AbortSignal): Promise<SessionDetail | null> {
  try {
    return await request<SessionDetail>("GET", `api/sessions/${encodeURIComponent(sessionId)}`, undefined, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

let flows: Promise<ListedFlow[]> | null = null;

/**
 * The flows the server answers with, current first. Kept for the page's life: a flow never
 * changes once loaded; `fresh` asks again (a reloaded flow is a new one with a new fingerprint).
 */
export function listFlows(fresh = false): Promise<ListedFlow[]> {
  if (flows === null || fresh) {
    flows = request<{ flows: ListedFlow[] }>("GET", "api/flows").then((body) => body.flows);
    flows.catch(() => (flows = null));
  }
  return flows;
}

/** The flow with this fingerprint, asking the server again once when it is not known yet. */
export async function findFlow(fingerprint: string): Promise<ListedFlow | null> {
  const known = (await listFlows()).find((flow) => flow.fingerprint === fingerprint);
  if (known) return known;
  return (await listFlows(true)).find((flow) => flow.fingerprint === fingerprint) ?? null;
}

/** The dev phone's numbers; null when the server has no dev phone (`serve` rather than `dev`). */
export async function phoneInfo(): Promise<PhoneInfo | null> {
  try {
    return await request<PhoneInfo>("GET", "api/phone");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Places a call from the dev phone into the IVR; resolves with the simulator's session id. */
export async function placePhoneCall(call: { to?: string; from?: string }): Promise<string> {
  return (await request<{ sessionId: string }>("POST", "api/phone/calls", call)).sessionId;
}

/** The path of a dev phone call's own resources (`api/phone/calls/abc/keys`). */
export function phoneCallPath(sessionId: string, what: "keys" | "hangup" | "events"): string {
  return `api/phone/calls/${encodeURIComponent(sessionId)}/${what}`;
}

/** Presses keys on a dev phone call (0-9, * and #). */
export async function sendPhoneKeys(sessionId: string, keys: string): Promise<void> {
  await request("POST", phoneCallPath(sessionId, "keys"), { keys });
}

/** Hangs up a dev phone call as the caller. */
export async function hangUpPhoneCall(sessionId: string): Promise<void> {
  await request("POST", phoneCallPath(sessionId, "hangup"), {});
}

/** How often callers took each edge of one flow, and where they hung up, since `since` (a span such as `24h`; every session when absent). */
export function flowEdgeCounts(fingerprint: string, since: string | undefined, signal?: AbortSignal): Promise<FlowEdgeCounts> {
  const params = new URLSearchParams({ fingerprint });
  if (since) params.set("since", since);
  return request<FlowEdgeCounts>("GET", `api/flows/edges?${params.toString()}`, undefined, signal);
}

/** The stats since `since` (`GET /api/stats`) and the outcomes over time (`GET /api/stats/series`), both at once. */
export async function sessionStats(since: string | undefined, signal?: AbortSignal): Promise<{ stats: SessionStats; series: OutcomeSeries }> {
  const query = since ? `?since=${encodeURIComponent(since)}` : "";
  const [stats, series] = await Promise.all([request<SessionStats>("GET", `api/stats${query}`, undefined, signal), request<OutcomeSeries>("GET", `api/stats/series${query}`, undefined, signal)]);
  return { stats, series };
}

/**
 * Every campaign with its state and progress; null when the server has no outbound side (404).
 * As a `probe` (is there a campaigns page?), a 401 is null too, without signing the page out: a
 * host app that gave the followup module no read access lets only the control secret read them.
 */
export async function listCampaigns(signal?: AbortSignal, probe = false): Promise<CampaignStatus[] | null> {
  try {
    return (await request<{ campaigns: CampaignStatus[] }>("GET", "api/campaigns", undefined, signal, probe)).campaigns;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || (probe && error.status === 401))) return null;
    throw error;
  }
}

/** One campaign's status; null when there is no such campaign. */
export async function getCampaign(name: string, signal?: AbortSignal): Promise<CampaignStatus | null> {
  try {
    return await request<CampaignStatus>("GET", `api/campaigns/${encodeURIComponent(name)}`, undefined, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** One page of a campaign's contacts and their outcomes (its export's rows, in id order). */
export function campaignRows(name: string, limit: number, after?: string, signal?: AbortSignal): Promise<CampaignRowsPage> {
  const params = new URLSearchParams({ format: "json", limit: String(limit) });
  if (after) params.set("after", after);
  return request<CampaignRowsPage>("GET", `api/campaigns/${encodeURIComponent(name)}/export?${params.toString()}`, undefined, signal);
}
