/**
 * The read side's SQL on PostgreSQL that depends on which filters a query uses: `listSessions`
 * (one statement per combination, so the planner sees only the columns filtered on; the same
 * rules as SQLite's `session-list.ts`) and the reports (`sessionStats`, `flowEdgeCounts`), whose
 * grouped rows `report-rows.ts` folds into the port's objects.
 *
 * @example
 * const { text, values } = listSessionsSql({ outcome: "error", limit: 50 }, undefined);
 */
import type pg from "pg";
import type { CursorKey } from "../cursor.js";
import { SEARCH_WINDOW } from "../report-rows.js";
import type { FlowEdgeQuery, ListSessionsQuery, OutcomeSeriesQuery, SessionStatsQuery } from "../types.js";
import { SESSION_COLUMNS } from "./queries.js";

const ORDER = "ORDER BY created_at DESC, session_id DESC";

/** Conditions on the sessions table's own columns, binding their values into `values`. */
function sessionConditions(query: ListSessionsQuery, after: CursorKey | undefined, values: unknown[]): string[] {
  const bind = (value: unknown, type: string) => `$${values.push(value)}::${type}`;
  const where: string[] = [];
  if (query.status !== undefined) where.push(`status = ${bind(query.status, "text")}`);
  if (query.outcome !== undefined) where.push(`outcome = ${bind(query.outcome, "text")}`);
  if (query.direction !== undefined) where.push(`call_direction = ${bind(query.direction, "text")}`);
  if (query.since !== undefined) where.push(`created_at >= ${bind(query.since, "timestamptz")}`);
  if (after !== undefined) where.push(`(created_at, session_id) < (${bind(after.createdAt, "timestamptz")}, ${bind(after.sessionId, "text")})`);
  return where;
}

const whereOf = (where: string[]) => (where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`);

/** A page of sessions: limit + 1 rows newest first (to tell whether another page follows), within `end` when given. */
export function listSessionsSql(query: ListSessionsQuery, after: CursorKey | undefined, end?: CursorKey): pg.QueryConfig {
  const values: unknown[] = [];
  const where = sessionConditions(query, after, values);
  if (end !== undefined) where.push(`(created_at, session_id) >= ($${values.push(end.createdAt)}::timestamptz, $${values.push(end.sessionId)}::text)`);
  if (query.q !== undefined) {
    const q = values.push(query.q);
    where.push(`(strpos(source, $${q}::text) > 0 OR strpos(destination, $${q}::text) > 0)`);
  }
  values.push(query.limit + 1);
  return { text: `SELECT ${SESSION_COLUMNS} FROM sessions s ${whereOf(where)} ${ORDER} LIMIT $${values.length}`, values };
}

/**
 * Where a number search's window ends: the last of the newest `searchWindow` sessions the other
 * filters let through, and the one after it when there is one (two rows: sessions follow the window).
 */
export function searchWindowEndSql(query: ListSessionsQuery, after: CursorKey | undefined): pg.QueryConfig {
  const values: unknown[] = [];
  const where = sessionConditions(query, after, values);
  values.push(query.searchWindow ?? SEARCH_WINDOW);
  return { text: `SELECT created_at, session_id FROM sessions ${whereOf(where)} ${ORDER} LIMIT 2 OFFSET $${values.length}::int - 1`, values };
}

/** The three queries of `sessionStats`: groups by direction and outcome, fallbacks by reason, retries. */
export function sessionStatsSql(query: SessionStatsQuery): { counts: pg.QueryConfig; fallbacks: pg.QueryConfig; retries: pg.QueryConfig } {
  const values = query.since === undefined ? [] : [query.since];
  const since = (column: string, join: "WHERE" | "AND") => (query.since === undefined ? "" : `${join} ${column} >= $1::timestamptz`);
  return {
    counts: {
      text: `SELECT call_direction, outcome, count(*) AS sessions, count(duration_seconds) AS durations, sum(duration_seconds) AS duration_total,
               count(mos) AS moses, sum(mos) AS mos_total
             FROM sessions ${since("created_at", "WHERE")} GROUP BY call_direction, outcome`,
      values,
    },
    fallbacks: {
      text:
        query.since === undefined
          ? "SELECT fallback_reason AS reason, count(*) AS count FROM vca_exchanges WHERE fallback_reason IS NOT NULL GROUP BY fallback_reason"
          : `SELECT e.fallback_reason AS reason, count(*) AS count FROM sessions s JOIN vca_exchanges e ON e.session_id = s.session_id
             WHERE s.created_at >= $1::timestamptz AND e.fallback_reason IS NOT NULL GROUP BY e.fallback_reason`,
      values,
    },
    retries: {
      text: `SELECT (SELECT count(*) FROM outbound_attempts WHERE attempt > 1 ${since("opened_at", "AND")}) AS placed,
               (SELECT count(*) FROM outbound_requests WHERE state IN ('scheduled', 'canceled') AND retry_reason IS NOT NULL ${since("updated_at", "AND")}) AS waiting`,
      values,
    },
  };
}

/** The two queries of `flowEdgeCounts`: exchanges by edge, and ended sessions by the menu their last answer prompted. */
export function flowEdgeSql(query: FlowEdgeQuery): { edges: pg.QueryConfig; hangups: pg.QueryConfig } {
  const values: unknown[] = [];
  const where: string[] = [];
  if (query.fingerprint !== undefined) where.push(`s.flow_fingerprint = $${values.push(query.fingerprint)}::text`);
  if (query.since !== undefined) where.push(`s.created_at >= $${values.push(query.since)}::timestamptz`);
  return {
    edges: {
      text: `SELECT s.flow_fingerprint, e.menu, e.keys, e.next_menu, count(DISTINCT e.session_id) AS count
             FROM sessions s JOIN vca_exchanges e ON e.session_id = s.session_id
             ${whereOf(where)} GROUP BY s.flow_fingerprint, e.menu, e.keys, e.next_menu`,
      values,
    },
    // A session's last step, from vca_exchanges_steps (schema 5) alone. For a window, a probe of
    // that index per session; for all time, one walk of the whole index keeping each session's
    // last entry, joined by hash (at 100,000 sessions ~0.1 s against ~0.2 s for 73,000 probes).
    hangups: {
      text: `SELECT s.flow_fingerprint, e.next_menu AS menu, count(*) AS sessions
             FROM sessions s JOIN ${
               query.since === undefined
                 ? "(SELECT DISTINCT ON (session_id) session_id, next_menu FROM vca_exchanges ORDER BY session_id DESC, seq DESC) e ON e.session_id = s.session_id"
                 : "LATERAL (SELECT x.next_menu FROM vca_exchanges x WHERE x.session_id = s.session_id ORDER BY x.seq DESC LIMIT 1) e ON true"
             }
             WHERE s.status <> 'ACTIVE' AND e.next_menu IS NOT NULL ${where.map((condition) => `AND ${condition}`).join(" ")}
             GROUP BY s.flow_fingerprint, e.next_menu`,
      values,
    },
  };
}

/** The query of `outcomeSeries`: sessions by bucket (epoch seconds, a multiple of the width) and outcome. */
export function outcomeSeriesSql(query: OutcomeSeriesQuery): pg.QueryConfig {
  const values: unknown[] = [query.bucketSeconds];
  const window = query.since === undefined ? "" : `WHERE created_at >= $${values.push(query.since)}::timestamptz`;
  return {
    text: `SELECT (floor(extract(epoch FROM created_at) / $1::int) * $1::int)::bigint AS bucket_start, outcome, count(*) AS sessions
           FROM sessions ${window} GROUP BY 1, outcome`,
    values,
  };
}
