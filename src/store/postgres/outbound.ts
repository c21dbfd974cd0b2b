/**
 * The outbound port (`outbound-types.ts`) on PostgreSQL, for several server instances sharing one
 * database: due requests and due jobs are taken under `FOR UPDATE SKIP LOCKED`, so two instances
 * never open the same request or run the same job, and every state change is conditional on the
 * state it leaves, as on SQLite. Each method is one transaction, committed before it resolves.
 */
import type pg from "pg";
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

/** Runs `work` in one transaction on a pooled client; errors become StoreErrors. */
export type Transaction = <T>(operation: string, work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/** JSON columns read as text, so every adapter parses them alike. */
const REQUEST_SELECT = REQUEST_COLUMNS.replace("vars, policy", "vars::text AS vars, policy::text AS policy");
const CAMPAIGN_SELECT = "name, state, flow, from_number, rate, concurrency, policy::text AS policy, settings::text AS settings, created_at, updated_at";

export function postgresOutbound(tx: Transaction): OutboundStore {
  const requestOf = async (client: pg.PoolClient, requestId: string) => {
    const { rows } = await client.query<OutboundRequestRow>(`SELECT ${REQUEST_SELECT} FROM outbound_requests WHERE request_id = $1`, [requestId]);
    return rows[0] ? toOutboundRequest(rows[0]) : null;
  };
  const attemptById = async (client: pg.PoolClient, clientRequestId: string) => {
    const { rows } = await client.query<OutboundAttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE client_request_id = $1`, [clientRequestId]);
    return rows[0];
  };
  const withRequest = async (client: pg.PoolClient, row: OutboundAttemptRow): Promise<AttemptWithRequest | null> => {
    const request = await requestOf(client, row.request_id);
    return request ? { request, attempt: toOutboundAttempt(row) } : null;
  };
  const insertRequests = async (client: pg.PoolClient, requests: readonly OutboundRequestInput[]): Promise<number> => {
    if (requests.length === 0) return 0;
    const result = await client.query(
      `INSERT INTO outbound_requests (request_id, campaign, contact_id, to_number, from_number, flow, vars, policy, timezone, valid_for_ms, state, attempts, next_attempt_at, created_at, updated_at)
       SELECT r.id, r.campaign, r.contact, r.to_number, r.from_number, r.flow, r.vars::json, r.policy::json, r.tz, r.valid_for, 'scheduled', 0, r.not_before, r.created, r.created
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::timestamptz[], $12::timestamptz[])
         WITH ORDINALITY AS r(id, campaign, contact, to_number, from_number, flow, vars, policy, tz, valid_for, not_before, created, n)
       ORDER BY r.n
       ON CONFLICT (request_id) DO NOTHING`,
      [
        requests.map((r) => r.requestId),
        requests.map((r) => r.campaign),
        requests.map((r) => r.contactId),
        requests.map((r) => r.to),
        requests.map((r) => r.from),
        requests.map((r) => r.flow),
        requests.map((r) => JSON.stringify(r.vars)),
        requests.map((r) => JSON.stringify(r.policy ?? null)),
        requests.map((r) => r.timezone),
        requests.map((r) => r.validForMs),
        requests.map((r) => r.notBefore),
        requests.map((r) => r.createdAt),
      ],
    );
    return result.rowCount ?? 0;
  };
  const scopeOf = (campaign: string | null | undefined) => (campaign === undefined ? "all" : campaign === null ? "single" : "campaign");
  const campaignRecord = async (client: pg.PoolClient, row: CampaignRow): Promise<CampaignRecord> => {
    const { rows } = await client.query<{ state: string; count: string }>("SELECT state, count(*) AS count FROM outbound_requests WHERE campaign = $1 GROUP BY state", [row.name]);
    return toCampaignRecord(row, rows);
  };

  return {
    addOutboundRequests: (requests) => tx("addOutboundRequests", async (client) => ({ added: await insertRequests(client, requests) })),

    getOutboundRequest: (requestId) =>
      tx("getOutboundRequest", async (client) => {
        const request = await requestOf(client, requestId);
        if (!request) return null;
        const { rows } = await client.query<OutboundAttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE request_id = $1 ORDER BY attempt`, [requestId]);
        return { request, attempts: rows.map(toOutboundAttempt) };
      }),

    findAttempt: (by) =>
      tx("findAttempt", async (client) => {
        let row = by.clientRequestId ? await attemptById(client, by.clientRequestId) : undefined;
        if (!row && by.sessionId) {
          const { rows } = await client.query<OutboundAttemptRow>(
            `SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE session_id = $1 ORDER BY opened_at DESC LIMIT 1`,
            [by.sessionId],
          );
          row = rows[0];
        }
        return row ? withRequest(client, row) : null;
      }),

    openDueAttempts: (query) =>
      tx("openDueAttempts", async (client) => {
        const { rows: due } = await client.query<{ request_id: string; attempts: number; valid_for_ms: string }>(
          `SELECT r.request_id, r.attempts, r.valid_for_ms FROM outbound_requests r
           WHERE r.state = 'scheduled' AND r.next_attempt_at <= $1
             AND (CASE
               WHEN $2 = 'all' THEN r.campaign IS NULL OR EXISTS (SELECT 1 FROM campaigns c WHERE c.name = r.campaign AND c.state = 'RUNNING')
               WHEN $2 = 'single' THEN r.campaign IS NULL
               ELSE r.campaign = $3 AND EXISTS (SELECT 1 FROM campaigns c WHERE c.name = r.campaign AND c.state = 'RUNNING')
             END)
           ORDER BY r.next_attempt_at, r.request_id LIMIT $4
           FOR UPDATE OF r SKIP LOCKED`,
          [query.now, scopeOf(query.campaign), query.campaign ?? null, query.limit],
        );
        const opened: AttemptWithRequest[] = [];
        for (const row of due) {
          const attempt = Number(row.attempts) + 1;
          const clientRequestId = clientRequestIdOf(row.request_id, attempt);
          await client.query(
            "UPDATE outbound_requests SET state = 'dialing', attempts = attempts + 1, next_attempt_at = NULL, updated_at = $1 WHERE request_id = $2",
            [query.now, row.request_id],
          );
          await client.query(
            "INSERT INTO outbound_attempts (client_request_id, request_id, attempt, state, valid_until, opened_at) VALUES ($1, $2, $3, 'sending', $4, $5)",
            [clientRequestId, row.request_id, attempt, new Date(query.now.getTime() + Number(row.valid_for_ms)), query.now],
          );
          opened.push({ request: (await requestOf(client, row.request_id))!, attempt: toOutboundAttempt((await attemptById(client, clientRequestId))!) });
        }
        return opened;
      }),

    placeAttempt: (clientRequestId, sessionId, at) =>
      tx("placeAttempt", async (client) => {
        const { rows } = await client.query<{ request_id: string }>(
          "UPDATE outbound_attempts SET state = 'placed', session_id = $1, placed_at = $2 WHERE client_request_id = $3 AND state = 'sending' RETURNING request_id",
          [sessionId, at, clientRequestId],
        );
        if (!rows[0]) return false;
        await client.query("UPDATE outbound_requests SET last_session_id = $1, updated_at = $2 WHERE request_id = $3", [sessionId, at, rows[0].request_id]);
        return true;
      }),

    closeAttempt: (input) =>
      tx("closeAttempt", async (client) => {
        const { rows } = await client.query<{ request_id: string }>(
          `UPDATE outbound_attempts SET state = $2, ended_at = $3, session_id = coalesce($4, session_id), session_status = $5, outcome = $6, error_code = $7, detail = $8
           WHERE client_request_id = $1 AND state IN ('sending', 'placed') RETURNING request_id`,
          [input.clientRequestId, input.state, input.at, input.sessionId ?? null, input.sessionStatus ?? null, input.outcome, input.errorCode ?? null, input.detail ?? null],
        );
        if (!rows[0]) return false;
        const common = [rows[0].request_id, input.outcome, input.sessionId ?? null, input.errorCode ?? null, input.at];
        if ("retryAt" in input.next) {
          await client.query(
            // A request whose campaign was canceled while it was dialing ends canceled, not scheduled.
            `UPDATE outbound_requests SET
               state = CASE WHEN (SELECT c.state FROM campaigns c WHERE c.name = outbound_requests.campaign) = 'CANCELED' THEN 'canceled' ELSE 'scheduled' END,
               next_attempt_at = CASE WHEN (SELECT c.state FROM campaigns c WHERE c.name = outbound_requests.campaign) = 'CANCELED' THEN NULL ELSE $6::timestamptz END,
               retry_reason = $7, outcome = $2,
               last_session_id = coalesce($3, last_session_id), last_error_code = $4, updated_at = $5 WHERE request_id = $1`,
            [...common, input.next.retryAt, input.next.reason],
          );
        } else {
          await client.query(
            `UPDATE outbound_requests SET state = $6, next_attempt_at = NULL, outcome = $2,
               last_session_id = coalesce($3, last_session_id), last_error_code = $4, updated_at = $5 WHERE request_id = $1`,
            [...common, input.next.final],
          );
        }
        return true;
      }),

    withdrawAttempt: (clientRequestId, retryAt) =>
      tx("withdrawAttempt", async (client) => {
        const { rows } = await client.query<{ request_id: string }>(
          "DELETE FROM outbound_attempts WHERE client_request_id = $1 AND state = 'sending' RETURNING request_id",
          [clientRequestId],
        );
        if (!rows[0]) return false;
        await client.query(
          "UPDATE outbound_requests SET state = 'scheduled', attempts = attempts - 1, next_attempt_at = $1, updated_at = $1 WHERE request_id = $2",
          [retryAt, rows[0].request_id],
        );
        return true;
      }),

    listExpiredAttempts: (query) =>
      tx("listExpiredAttempts", async (client) => {
        const { rows } = await client.query<OutboundAttemptRow>(
          `SELECT ${ATTEMPT_COLUMNS} FROM outbound_attempts WHERE state IN ('sending', 'placed') AND valid_until < $1 ORDER BY valid_until LIMIT $2`,
          [query.validBefore, query.limit],
        );
        const found = await Promise.all(rows.map((row) => withRequest(client, row)));
        return found.filter((f): f is AttemptWithRequest => f !== null);
      }),

    countOpenAttempts: (campaign) =>
      tx("countOpenAttempts", async (client) => {
        const { rows } = await client.query<{ count: string }>(
          `SELECT count(*) AS count FROM outbound_attempts a JOIN outbound_requests r ON r.request_id = a.request_id
           WHERE a.state IN ('sending', 'placed') AND ($1 = 'all' OR ($1 = 'single' AND r.campaign IS NULL) OR r.campaign = $2)`,
          [scopeOf(campaign), campaign ?? null],
        );
        return Number(rows[0]?.count ?? 0);
      }),

    listOutboundRequests: (query) =>
      tx("listOutboundRequests", async (client) => {
        const { rows } = await client.query<OutboundRequestRow>(
          `SELECT ${REQUEST_SELECT} FROM outbound_requests
           WHERE campaign IS NOT DISTINCT FROM $1 AND request_id > $2 ORDER BY request_id LIMIT $3`,
          [query.campaign, query.after ?? "", query.limit],
        );
        return rows.map(toOutboundRequest);
      }),

    listOutboundResults: (query) =>
      tx("listOutboundResults", async (client) => {
        const { rows } = await client.query<OutboundRequestRow>(
          `SELECT ${REQUEST_SELECT} FROM outbound_requests
           WHERE campaign IS NOT DISTINCT FROM $1 AND request_id > $2 ORDER BY request_id LIMIT $3`,
          [query.campaign, query.after ?? "", query.limit],
        );
        const requests = rows.map(toOutboundRequest);
        const ids = requests.flatMap((r) => (r.lastSessionId === null ? [] : [r.lastSessionId]));
        if (ids.length === 0) return requests.map((request) => ({ request, session: null }));
        const found = await client.query<LastSessionRow>(
          `SELECT s.session_id, s.status, s.duration_seconds, s.vars::text AS vars,
             (SELECT coalesce(json_agg(e.keys ORDER BY e.seq), '[]'::json)::text FROM vca_exchanges e WHERE e.session_id = s.session_id AND e.keys IS NOT NULL) AS keys
           FROM sessions s WHERE s.session_id = ANY($1::text[])`,
          [ids],
        );
        const sessions = lastSessions(found.rows);
        return requests.map((request) => ({ request, session: (request.lastSessionId !== null && sessions.get(request.lastSessionId)) || null }));
      }),

    createCampaign: (campaign, requests) =>
      tx("createCampaign", async (client) => {
        const inserted = await client.query(
          `INSERT INTO campaigns (name, state, flow, from_number, rate, concurrency, policy, settings, created_at, updated_at)
           VALUES ($1, 'CREATED', $2, $3, $4, $5, $6::json, $7::json, $8, $8) ON CONFLICT (name) DO NOTHING`,
          [campaign.name, campaign.flow, campaign.from, campaign.rate, campaign.concurrency, JSON.stringify(campaign.policy ?? null), JSON.stringify(campaign.settings ?? null), campaign.createdAt],
        );
        if (inserted.rowCount === 0) return { created: false };
        await insertRequests(client, requests);
        return { created: true };
      }),

    getCampaign: (name) =>
      tx("getCampaign", async (client) => {
        const { rows } = await client.query<CampaignRow>(`SELECT ${CAMPAIGN_SELECT} FROM campaigns WHERE name = $1`, [name]);
        return rows[0] ? campaignRecord(client, rows[0]) : null;
      }),

    listCampaigns: () =>
      tx("listCampaigns", async (client) => {
        const { rows } = await client.query<CampaignRow>(`SELECT ${CAMPAIGN_SELECT} FROM campaigns ORDER BY created_at, name`);
        const records: CampaignRecord[] = [];
        for (const row of rows) records.push(await campaignRecord(client, row));
        return records;
      }),

    getCampaignProgress: (name) =>
      tx("getCampaignProgress", async (client) => {
        const { rows } = await client.query<{ attempts: string; retrying: string }>(
          `SELECT coalesce(sum(attempts), 0) AS attempts, count(*) FILTER (WHERE state = 'scheduled' AND attempts > 0) AS retrying
           FROM outbound_requests WHERE campaign = $1`,
          [name],
        );
        return { attempts: Number(rows[0]?.attempts ?? 0), retrying: Number(rows[0]?.retrying ?? 0) };
      }),

    setCampaignState: (name, from, to, at) =>
      tx("setCampaignState", async (client) => {
        const { rows } = await client.query<{ state: string }>("SELECT state FROM campaigns WHERE name = $1 FOR UPDATE", [name]);
        const state = rows[0]?.state;
        if (state === undefined || !from.includes(state as never)) return false;
        if (to === "COMPLETE") {
          const busy = await client.query("SELECT 1 FROM outbound_requests WHERE campaign = $1 AND state IN ('scheduled', 'dialing') LIMIT 1", [name]);
          if ((busy.rowCount ?? 0) > 0) return false;
        }
        await client.query("UPDATE campaigns SET state = $1, updated_at = $2 WHERE name = $3", [to, at, name]);
        if (to === "CANCELED") {
          await client.query("UPDATE outbound_requests SET state = 'canceled', next_attempt_at = NULL, updated_at = $1 WHERE campaign = $2 AND state = 'scheduled'", [at, name]);
        }
        return true;
      }),

    claimJobs: (query) =>
      tx("claimJobs", async (client) => {
        const { rows } = await client.query<JobRow & { tries: number }>(
          `UPDATE jobs SET lease_owner = $4, lease_until = $5
           WHERE job_no IN (
             SELECT job_no FROM jobs
             WHERE done_at IS NULL AND kind = ANY($1::text[]) AND run_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
             ORDER BY run_at, job_no LIMIT $3
             FOR UPDATE SKIP LOCKED)
           RETURNING job_key, kind, session_id, run_at, payload::text AS payload, created_at, tries, job_no`,
          [query.kinds, query.now, query.limit, query.owner, new Date(query.now.getTime() + query.leaseMs)],
        );
        const ordered = rows.sort((a, b) => +new Date(a.run_at) - +new Date(b.run_at) || Number((a as { job_no?: string }).job_no) - Number((b as { job_no?: string }).job_no));
        return ordered.map((row) => ({ ...toStoredJob(row), tries: Number(row.tries) }));
      }),

    finishJob: (key, owner, at) =>
      tx("finishJob", async (client) => {
        const result = await client.query(
          "UPDATE jobs SET done_at = $3, lease_owner = NULL, lease_until = NULL WHERE job_key = $1 AND lease_owner = $2 AND done_at IS NULL",
          [key, owner, at],
        );
        return (result.rowCount ?? 0) > 0;
      }),

    deferJob: (key, owner, runAt, error) =>
      tx("deferJob", async (client) => {
        const result = await client.query(
          `UPDATE jobs SET run_at = $3, tries = tries + 1, last_error = $4, lease_owner = NULL, lease_until = NULL
           WHERE job_key = $1 AND lease_owner = $2 AND done_at IS NULL`,
          [key, owner, runAt, error],
        );
        return (result.rowCount ?? 0) > 0;
      }),

    nextDueAt: (query) =>
      tx("nextDueAt", async (client) => {
        const { rows } = await client.query<{ due: Date | null }>(
          `SELECT least(
             (SELECT min(r.next_attempt_at) FROM outbound_requests r
              WHERE r.state = 'scheduled' AND (r.campaign IS NULL OR EXISTS (SELECT 1 FROM campaigns c WHERE c.name = r.campaign AND c.state = 'RUNNING'))),
             (SELECT min(greatest(run_at, coalesce(lease_until, run_at))) FROM jobs WHERE done_at IS NULL AND kind = ANY($1::text[])),
             (SELECT min(valid_until) FROM outbound_attempts WHERE state IN ('sending', 'placed')) + $2 * interval '1 millisecond'
           ) AS due`,
          [query.jobKinds, query.openAttemptGraceMs],
        );
        return rows[0]?.due ? new Date(rows[0].due) : null;
      }),
  };
}
