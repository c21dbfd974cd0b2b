/**
 * The outbound port (`outbound-types.ts`) as plain synchronous SQLite operations on the store's
 * one connection: the worker thread serves them beside `database.ts`'s, and `DirectSqliteStore`
 * calls them in-thread. Each state change is one IMMEDIATE transaction whose updates are
 * conditional on the state they leave, which is what makes retries exactly once (see the port).
 * Outbound writes commit with synchronous=FULL: an attempt recorded before it is sent must still
 * be there after a power cut, or a restart could call the same person twice.
 */
import type Database from "better-sqlite3";
import {
  ATTEMPT_COLUMNS,
  REQUEST_COLUMNS,
  clientRequestIdOf,
  toCampaignRecord,
  toOutboundAttempt,
  toOutboundRequest,
  type CampaignRow,
  type OutboundAttemptRow,
  type OutboundRequestRow,
} from "../outbound-rows.js";
import type { AttemptWithRequest, CampaignRecord, OutboundRequestInput, OutboundStore } from "../outbound-types.js";
import { lastSessions, type LastSessionRow } from "../outbound-results.js";
import { toStoredJob, type JobRow } from "../rows.js";
import { durableTransaction } from "./durable-transaction.js";

/** A port whose methods return their results instead of promises of them. */
export type Synchronous<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never };

/** The outbound port as synchronous operations. */
export type SqliteOutboundOperations = Synchronous<OutboundStore>;

const iso = (at: Date): string => at.toISOString();

export function outboundOperations(db: Database.Database): SqliteOutboundOperations {
  const durably = durableTransaction(db);
  const sql = {
    insertRequest: db.prepare(`
      INSERT INTO outbound_requests (request_id, campaign, contact_id, to_number, from_number, flow, vars, policy, timezone, valid_for_ms, state, attempts, next_attempt_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', 0, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`),
    request: db.prepare(`SELECT ${REQUEST_COLUMNS} FROM outbound_requests WHERE request_id = ?`),
    attemptsOf: db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE request_id = ? ORDER BY attempt`),
    attemptById: db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE client_request_id = ?`),
    attemptBySession: db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE session_id = ? ORDER BY opened_at DESC LIMIT 1`),
    due: db.prepare(`
      SELECT ${REQUEST_COLUMNS} FROM outbound_requests r
      WHERE state = 'scheduled' AND next_attempt_at <= @now
        AND (CASE
          WHEN @scope = 'all' THEN campaign IS NULL OR (SELECT state FROM campaigns c WHERE c.name = r.campaign) = 'RUNNING'
          WHEN @scope = 'single' THEN campaign IS NULL
          ELSE campaign = @campaign AND (SELECT state FROM campaigns c WHERE c.name = r.campaign) = 'RUNNING'
        END)
      ORDER BY next_attempt_at, request_id LIMIT @limit`),
    markDialing: db.prepare(
      "UPDATE outbound_requests SET state = 'dialing', attempts = attempts + 1, next_attempt_at = NULL, updated_at = ? WHERE request_id = ? AND state = 'scheduled'",
    ),
    insertAttempt: db.prepare(`
      INSERT INTO outbound_attempts (client_request_id, request_id, attempt, state, valid_until, opened_at) VALUES (?, ?, ?, 'sending', ?, ?)`),
    place: db.prepare(
      "UPDATE outbound_attempts SET state = 'placed', session_id = ?, placed_at = ? WHERE client_request_id = ? AND state = 'sending'",
    ),
    requestSession: db.prepare("UPDATE outbound_requests SET last_session_id = ?, updated_at = ? WHERE request_id = ?"),
    close: db.prepare(`
      UPDATE outbound_attempts SET state = @state, ended_at = @at, session_id = coalesce(@session_id, session_id),
        session_status = @session_status, outcome = @outcome, error_code = @error_code, detail = @detail
      WHERE client_request_id = @id AND state IN ('sending', 'placed')`),
    // A request whose campaign was canceled while it was dialing ends canceled instead of waiting
    // for a retry nobody will place.
    requestRetry: db.prepare(`
      UPDATE outbound_requests SET
        state = CASE WHEN (SELECT c.state FROM campaigns c WHERE c.name = outbound_requests.campaign) = 'CANCELED' THEN 'canceled' ELSE 'scheduled' END,
        next_attempt_at = CASE WHEN (SELECT c.state FROM campaigns c WHERE c.name = outbound_requests.campaign) = 'CANCELED' THEN NULL ELSE @retry_at END,
        retry_reason = @reason, outcome = @outcome,
        last_session_id = coalesce(@session_id, last_session_id), last_error_code = @error_code, updated_at = @at
      WHERE request_id = @request_id`),
    requestFinal: db.prepare(`
      UPDATE outbound_requests SET state = @final, next_attempt_at = NULL, outcome = @outcome,
        last_session_id = coalesce(@session_id, last_session_id), last_error_code = @error_code, updated_at = @at
      WHERE request_id = @request_id`),
    deleteSending: db.prepare("DELETE FROM outbound_attempts WHERE client_request_id = ? AND state = 'sending'"),
    requestWithdrawn: db.prepare(
      "UPDATE outbound_requests SET state = 'scheduled', attempts = attempts - 1, next_attempt_at = ?, updated_at = ? WHERE request_id = ?",
    ),
    expired: db.prepare(
      `SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE state IN ('sending', 'placed') AND valid_until < ? ORDER BY valid_until LIMIT ?`,
    ),
    countOpen: db.prepare(`
      SELECT count(*) FROM outbound_attempts a JOIN outbound_requests r ON r.request_id = a.request_id
      WHERE a.state IN ('sending', 'placed') AND (@scope = 'all' OR (@scope = 'single' AND r.campaign IS NULL) OR r.campaign = @campaign)`).pluck(),
    page: db.prepare(`
      SELECT ${REQUEST_COLUMNS} FROM outbound_requests
      WHERE (campaign = @campaign OR (@campaign IS NULL AND campaign IS NULL)) AND request_id > @after
      ORDER BY request_id LIMIT @limit`),
    // A page's last sessions and the keys pressed in them, by the page's session ids (a JSON array).
    lastSessions: db.prepare(`
      SELECT session_id, status, duration_seconds, vars,
        (SELECT json_group_array(keys ORDER BY seq) FROM vca_exchanges e WHERE e.session_no = s.session_no AND keys IS NOT NULL) AS keys
      FROM sessions s WHERE session_id IN (SELECT value FROM json_each(?))`),
    progress: db.prepare(`
      SELECT coalesce(sum(attempts), 0) AS attempts, coalesce(sum(CASE WHEN state = 'scheduled' AND attempts > 0 THEN 1 ELSE 0 END), 0) AS retrying
      FROM outbound_requests WHERE campaign = ?`),
    insertCampaign: db.prepare(`
      INSERT INTO campaigns (name, state, flow, from_number, rate, concurrency, policy, settings, created_at, updated_at)
      VALUES (?, 'CREATED', ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`),
    campaign: db.prepare("SELECT name, state, flow, from_number, rate, concurrency, policy, settings, created_at, updated_at FROM campaigns WHERE name = ?"),
    campaigns: db.prepare("SELECT name, state, flow, from_number, rate, concurrency, policy, settings, created_at, updated_at FROM campaigns ORDER BY created_at, name"),
    campaignCounts: db.prepare("SELECT state, count(*) AS count FROM outbound_requests WHERE campaign = ? GROUP BY state"),
    campaignState: db.prepare("SELECT state FROM campaigns WHERE name = ?").pluck(),
    setCampaignState: db.prepare("UPDATE campaigns SET state = ?, updated_at = ? WHERE name = ?"),
    campaignBusy: db.prepare("SELECT count(*) FROM outbound_requests WHERE campaign = ? AND state IN ('scheduled', 'dialing')").pluck(),
    cancelScheduled: db.prepare(
      "UPDATE outbound_requests SET state = 'canceled', next_attempt_at = NULL, updated_at = ? WHERE campaign = ? AND state = 'scheduled'",
    ),
    dueJobs: db.prepare(`
      SELECT job_key, kind, session_id, run_at, payload, created_at, tries FROM jobs
      WHERE done_at IS NULL AND kind IN (SELECT value FROM json_each(@kinds)) AND run_at <= @now
        AND (lease_until IS NULL OR lease_until <= @now)
      ORDER BY run_at, job_no LIMIT @limit`),
    lease: db.prepare("UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE job_key = ?"),
    finishJob: db.prepare("UPDATE jobs SET done_at = ?, lease_owner = NULL, lease_until = NULL WHERE job_key = ? AND lease_owner = ? AND done_at IS NULL"),
    deferJob: db.prepare(`
      UPDATE jobs SET run_at = ?, tries = tries + 1, last_error = ?, lease_owner = NULL, lease_until = NULL
      WHERE job_key = ? AND lease_owner = ? AND done_at IS NULL`),
    nextRequest: db.prepare(`
      SELECT min(next_attempt_at) FROM outbound_requests r
      WHERE state = 'scheduled' AND (campaign IS NULL OR (SELECT state FROM campaigns c WHERE c.name = r.campaign) = 'RUNNING')`).pluck(),
    nextJob: db.prepare(`
      SELECT min(CASE WHEN lease_until > run_at THEN lease_until ELSE run_at END) FROM jobs
      WHERE done_at IS NULL AND kind IN (SELECT value FROM json_each(?))`).pluck(),
    firstValidUntil: db.prepare("SELECT min(valid_until) FROM outbound_attempts WHERE state IN ('sending', 'placed')").pluck(),
  };

  const requestOf = (requestId: string) => {
    const row = sql.request.get(requestId) as OutboundRequestRow | undefined;
    return row ? toOutboundRequest(row) : null;
  };
  const withRequest = (row: OutboundAttemptRow): AttemptWithRequest | null => {
    const request = requestOf(row.request_id);
    return request ? { request, attempt: toOutboundAttempt(row) } : null;
  };
  const insertRequests = (requests: readonly OutboundRequestInput[]): number => {
    let added = 0;
    for (const r of requests) {
      const at = iso(r.createdAt);
      added += sql.insertRequest.run(
        r.requestId, r.campaign, r.contactId, r.to, r.from, r.flow, JSON.stringify(r.vars), JSON.stringify(r.policy ?? null), r.timezone, r.validForMs, iso(r.notBefore), at, at,
      ).changes;
    }
    return added;
  };
  const scopeOf = (campaign: string | null | undefined) =>
    campaign === undefined ? { scope: "all", campaign: null } : campaign === null ? { scope: "single", campaign: null } : { scope: "campaign", campaign };
  const campaignRecord = (row: CampaignRow): CampaignRecord =>
    toCampaignRecord(row, sql.campaignCounts.all(row.name) as { state: string; count: number }[]);

  return {
    addOutboundRequests(requests) {
      return { added: durably(() => insertRequests(requests)) };
    },

    getOutboundRequest(requestId) {
      const request = requestOf(requestId);
      if (!request) return null;
      return { request, attempts: (sql.attemptsOf.all(requestId) as OutboundAttemptRow[]).map(toOutboundAttempt) };
    },

    findAttempt(by) {
      const row = ((by.clientRequestId ? sql.attemptById.get(by.clientRequestId) : undefined) ??
        (by.sessionId ? sql.attemptBySession.get(by.sessionId) : undefined)) as OutboundAttemptRow | undefined;
      return row ? withRequest(row) : null;
    },

    openDueAttempts(query) {
      const now = iso(query.now);
      return durably(() => {
        const due = sql.due.all({ now, limit: query.limit, ...scopeOf(query.campaign) }) as OutboundRequestRow[];
        const opened: AttemptWithRequest[] = [];
        for (const row of due) {
          if (sql.markDialing.run(now, row.request_id).changes === 0) continue;
          const attempt = Number(row.attempts) + 1;
          const clientRequestId = clientRequestIdOf(row.request_id, attempt);
          const validUntil = iso(new Date(query.now.getTime() + Number(row.valid_for_ms)));
          sql.insertAttempt.run(clientRequestId, row.request_id, attempt, validUntil, now);
          opened.push({
            request: requestOf(row.request_id)!,
            attempt: toOutboundAttempt(sql.attemptById.get(clientRequestId) as OutboundAttemptRow),
          });
        }
        return opened;
      });
    },

    placeAttempt(clientRequestId, sessionId, at) {
      return durably(() => {
        if (sql.place.run(sessionId, iso(at), clientRequestId).changes === 0) return false;
        const attempt = sql.attemptById.get(clientRequestId) as OutboundAttemptRow;
        sql.requestSession.run(sessionId, iso(at), attempt.request_id);
        return true;
      });
    },

    closeAttempt(input) {
      return durably(() => {
        const closed = sql.close.run({
          id: input.clientRequestId,
          state: input.state,
          at: iso(input.at),
          session_id: input.sessionId ?? null,
          session_status: input.sessionStatus ?? null,
          outcome: input.outcome,
          error_code: input.errorCode ?? null,
          detail: input.detail ?? null,
        });
        if (closed.changes === 0) return false;
        const attempt = sql.attemptById.get(input.clientRequestId) as OutboundAttemptRow;
        const common = {
          request_id: attempt.request_id,
          outcome: input.outcome,
          session_id: input.sessionId ?? null,
          error_code: input.errorCode ?? null,
          at: iso(input.at),
        };
        if ("retryAt" in input.next) sql.requestRetry.run({ ...common, retry_at: iso(input.next.retryAt), reason: input.next.reason });
        else sql.requestFinal.run({ ...common, final: input.next.final });
        return true;
      });
    },

    withdrawAttempt(clientRequestId, retryAt) {
      return durably(() => {
        const row = sql.attemptById.get(clientRequestId) as OutboundAttemptRow | undefined;
        if (!row || sql.deleteSending.run(clientRequestId).changes === 0) return false;
        sql.requestWithdrawn.run(iso(retryAt), iso(retryAt), row.request_id);
        return true;
      });
    },

    listExpiredAttempts(query) {
      const rows = sql.expired.all(iso(query.validBefore), query.limit) as OutboundAttemptRow[];
      return rows.map(withRequest).filter((found): found is AttemptWithRequest => found !== null);
    },

    countOpenAttempts(campaign) {
      return sql.countOpen.get(scopeOf(campaign)) as number;
    },

    listOutboundRequests(query) {
      const rows = sql.page.all({ campaign: query.campaign, after: query.after ?? "", limit: query.limit }) as OutboundRequestRow[];
      return rows.map(toOutboundRequest);
    },

    listOutboundResults(query) {
      // One snapshot for the page and its sessions.
      return db.transaction(() => {
        const requests = (sql.page.all({ campaign: query.campaign, after: query.after ?? "", limit: query.limit }) as OutboundRequestRow[]).map(toOutboundRequest);
        const ids = requests.flatMap((r) => (r.lastSessionId === null ? [] : [r.lastSessionId]));
        const sessions = lastSessions(ids.length === 0 ? [] : (sql.lastSessions.all(JSON.stringify(ids)) as LastSessionRow[]));
        return requests.map((request) => ({ request, session: (request.lastSessionId !== null && sessions.get(request.lastSessionId)) || null }));
      })();
    },

    createCampaign(campaign, requests) {
      return durably(() => {
        const at = iso(campaign.createdAt);
        const inserted = sql.insertCampaign.run(
          campaign.name, campaign.flow, campaign.from, campaign.rate, campaign.concurrency, JSON.stringify(campaign.policy ?? null), JSON.stringify(campaign.settings ?? null), at, at,
        );
        if (inserted.changes === 0) return { created: false };
        insertRequests(requests);
        return { created: true };
      });
    },

    getCampaign(name) {
      const row = sql.campaign.get(name) as CampaignRow | undefined;
      return row ? campaignRecord(row) : null;
    },

    listCampaigns() {
      return (sql.campaigns.all() as CampaignRow[]).map(campaignRecord);
    },

    getCampaignProgress(name) {
      const row = sql.progress.get(name) as { attempts: number; retrying: number };
      return { attempts: Number(row.attempts), retrying: Number(row.retrying) };
    },

    setCampaignState(name, from, to, at) {
      return durably(() => {
        const state = sql.campaignState.get(name) as string | undefined;
        if (state === undefined || !from.includes(state as never)) return false;
        if (to === "COMPLETE" && (sql.campaignBusy.get(name) as number) > 0) return false;
        sql.setCampaignState.run(to, iso(at), name);
        if (to === "CANCELED") sql.cancelScheduled.run(iso(at), name);
        return true;
      });
    },

    claimJobs(query) {
      const now = iso(query.now);
      const until = iso(new Date(query.now.getTime() + query.leaseMs));
      return durably(() => {
        const rows = sql.dueJobs.all({ kinds: JSON.stringify(query.kinds), now, limit: query.limit }) as (JobRow & { tries: number })[];
        for (const row of rows) sql.lease.run(query.owner, until, row.job_key);
        return rows.map((row) => ({ ...toStoredJob(row), tries: Number(row.tries) }));
      });
    },

    finishJob(key, owner, at) {
      return durably(() => sql.finishJob.run(iso(at), key, owner).changes > 0);
    },

    deferJob(key, owner, runAt, error) {
      return durably(() => sql.deferJob.run(iso(runAt), error, key, owner).changes > 0);
    },

    nextDueAt(query) {
      // One snapshot for the three reads.
      return db.transaction(() => {
        const request = sql.nextRequest.get() as string | null;
        const job = sql.nextJob.get(JSON.stringify(query.jobKinds)) as string | null;
        const validUntil = sql.firstValidUntil.get() as string | null;
        const times = [
          ...(request ? [Date.parse(request)] : []),
          ...(job ? [Date.parse(job)] : []),
          ...(validUntil ? [Date.parse(validUntil) + query.openAttemptGraceMs] : []),
        ];
        return times.length === 0 ? null : new Date(Math.min(...times));
      })();
    },
  };
}
