/**
 * The read side's reports on SQLite: `sessionStats` and `flowEdgeCounts`, as grouped counts the
 * shared `report-rows.ts` folds into the port's objects. They run in the store's worker thread,
 * like every read, so a long one delays that thread's other work but never the event loop.
 *
 * Cost at 100,000 sessions with about 350,000 exchanges (docs/store.md): the stats read every
 * session in the window (a table scan without `since`, ~0.1 s); the edge counts read every
 * exchange of the window's sessions (~1 s for all of them, far less for a day or one flow); the
 * outcome series reads every session in the window, like the stats.
 *
 * @example
 * const reports = sessionReports(db);
 * reports.sessionStats({ since: new Date(Date.now() - 86_400_000) });
 */
import type Database from "better-sqlite3";
import { toFlowEdgeCounts, toSessionStats, type EdgeRow, type HangupRow, type OutcomeGroupRow } from "../report-rows.js";
import { toOutcomeSeries, type SeriesRow } from "../series-rows.js";
import type { FlowEdgeCounts, FlowEdgeQuery, OutcomeSeries, OutcomeSeriesQuery, SessionStats, SessionStatsQuery } from "../types.js";

/** The reports over one connection; each statement is prepared the first time its filters are used. */
export function sessionReports(db: Database.Database): {
  sessionStats(query: SessionStatsQuery): SessionStats;
  flowEdgeCounts(query: FlowEdgeQuery): FlowEdgeCounts;
  outcomeSeries(query: OutcomeSeriesQuery): OutcomeSeries;
} {
  const prepared = new Map<string, Database.Statement>();
  const statement = (key: string, sql: string) => {
    let found = prepared.get(key);
    if (!found) prepared.set(key, (found = db.prepare(sql)));
    return found;
  };
  return {
    sessionStats(query) {
      const since = query.since?.toISOString();
      const params = since === undefined ? {} : { since };
      const window = since === undefined ? "" : "created_at >= @since";
      const counts = statement(`counts:${window}`, `
        SELECT call_direction, outcome, count(*) AS sessions, count(duration_seconds) AS durations, total(duration_seconds) AS duration_total,
          count(mos) AS moses, total(mos) AS mos_total
        FROM sessions ${window ? `WHERE ${window}` : ""} GROUP BY call_direction, outcome`).all(params) as OutcomeGroupRow[];
      const fallbacks = statement(`fallbacks:${window}`, since === undefined
        ? "SELECT fallback_reason AS reason, count(*) AS count FROM vca_exchanges WHERE fallback_reason IS NOT NULL GROUP BY fallback_reason"
        : `SELECT e.fallback_reason AS reason, count(*) AS count FROM sessions s JOIN vca_exchanges e ON e.session_no = s.session_no
           WHERE s.created_at >= @since AND e.fallback_reason IS NOT NULL GROUP BY e.fallback_reason`).all(params) as { reason: string; count: number }[];
      const retries = statement(`retries:${window}`, `
        SELECT (SELECT count(*) FROM outbound_attempts WHERE attempt > 1 ${since === undefined ? "" : "AND opened_at >= @since"}) AS placed,
          (SELECT count(*) FROM outbound_requests WHERE state IN ('scheduled', 'canceled') AND retry_reason IS NOT NULL
            ${since === undefined ? "" : "AND updated_at >= @since"}) AS waiting`).get(params) as { placed: number; waiting: number };
      return toSessionStats(query.since, { counts, fallbacks, retries: { placed: retries.placed, scheduled: retries.placed + retries.waiting } });
    },

    flowEdgeCounts(query) {
      const where = [
        ...(query.fingerprint === undefined ? [] : ["s.flow_fingerprint = @fingerprint"]),
        ...(query.since === undefined ? [] : ["s.created_at >= @since"]),
      ];
      const params = {
        ...(query.fingerprint === undefined ? {} : { fingerprint: query.fingerprint }),
        ...(query.since === undefined ? {} : { since: query.since.toISOString() }),
      };
      const shape = where.join(" AND ");
      const edges = statement(`edges:${shape}`, `
        SELECT s.flow_fingerprint, e.menu, e.keys, e.next_menu, count(*) AS count
        FROM sessions s JOIN vca_exchanges e ON e.session_no = s.session_no
        ${where.length === 0 ? "" : `WHERE ${shape}`}
        GROUP BY s.flow_fingerprint, e.menu, e.keys, e.next_menu`).all(params) as EdgeRow[];
      // A session's last exchange is its highest seq, found through the (session_no, seq) index.
      const hangups = statement(`hangups:${shape}`, `
        SELECT s.flow_fingerprint, e.next_menu AS menu, count(*) AS sessions
        FROM sessions s JOIN vca_exchanges e ON e.seq = (SELECT max(x.seq) FROM vca_exchanges x WHERE x.session_no = s.session_no)
        WHERE s.status <> 'ACTIVE' AND e.next_menu IS NOT NULL ${where.map((condition) => `AND ${condition}`).join(" ")}
        GROUP BY s.flow_fingerprint, e.next_menu`).all(params) as HangupRow[];
      return toFlowEdgeCounts(edges, hangups);
    },

    outcomeSeries(query) {
      const since = query.since?.toISOString();
      const window = since === undefined ? "" : "WHERE created_at >= @since";
      // created_at is ISO-8601 text in UTC; strftime('%s') reads it as seconds since the epoch.
      const rows = statement(`series:${window}`, `
        SELECT (CAST(strftime('%s', created_at) AS INTEGER) / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS bucket_start, outcome, count(*) AS sessions
        FROM sessions ${window} GROUP BY bucket_start, outcome`).all({ bucket: query.bucketSeconds, ...(since === undefined ? {} : { since }) }) as SeriesRow[];
      return toOutcomeSeries(query, rows);
    },
  };
}
