/**
 * The read side's reports on SQLite: `sessionStats` and `flowEdgeCounts`, as grouped counts the
 * shared `report-rows.ts` folds into the port's objects. They run in the store's worker thread,
 * like every read, so a long one delays that thread's other work but never the event loop.
 *
 * Cost at 100,000 sessions with about 260,000 exchanges (bench/dashboard-read.ts, docs/store.md):
 * every report reads index entries only (schema 7), never the rows with their JSON. The stats
 * read one entry per session in the window (~30 ms for all, a few ms for a day); the edge counts
 * one per exchange of the window's sessions and sort them to group (~0.1-0.3 s for all of one
 * flow's, a few ms for a day); the outcome series reads every session in the window, like the stats.
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
      // Both read index entries only (schema 7): the flow's sessions from sessions_by_flow, their
      // steps from vca_exchanges_steps. Grouping sorts every exchange counted, so one flow's
      // counts group by the step alone (a shorter sort key than with the fingerprint).
      const fingerprint = query.fingerprint === undefined ? "s.flow_fingerprint" : "@fingerprint";
      const edges = statement(`edges:${shape}`, `
        SELECT ${fingerprint} AS flow_fingerprint, e.menu, e.keys, e.next_menu, count(DISTINCT e.session_no) AS count
        FROM sessions s JOIN vca_exchanges e ON e.session_no = s.session_no
        ${where.length === 0 ? "" : `WHERE ${shape}`}
        GROUP BY ${query.fingerprint === undefined ? "s.flow_fingerprint, " : ""}e.menu, e.keys, e.next_menu`).all(params) as EdgeRow[];
      // A session's last exchange is its highest seq: the last entry of its run in vca_exchanges_steps.
      const hangups = statement(`hangups:${shape}`, `
        SELECT flow_fingerprint, menu, count(*) AS sessions FROM (
          SELECT ${fingerprint} AS flow_fingerprint,
            (SELECT x.next_menu FROM vca_exchanges x WHERE x.session_no = s.session_no ORDER BY x.seq DESC LIMIT 1) AS menu
          FROM sessions s WHERE s.status <> 'ACTIVE' ${where.map((condition) => `AND ${condition}`).join(" ")})
        WHERE menu IS NOT NULL
        GROUP BY ${query.fingerprint === undefined ? "flow_fingerprint, " : ""}menu`).all(params) as HangupRow[];
      return toFlowEdgeCounts(edges, hangups);
    },

    outcomeSeries(query) {
      const since = query.since?.toISOString();
      // A day or less: a range of the created_at index. Wider: `+` keeps SQLite off that index, so
      // it scans the covering (outcome, created_at) index instead of looking each session up
      // (at 100,000 sessions over 30 days, ~20 ms for 7 days where the lookups took ~200 ms).
      const narrow = query.since !== undefined && Date.now() - query.since.getTime() <= 86_400_000;
      const window = since === undefined ? "" : `WHERE ${narrow ? "" : "+"}created_at >= @since`;
      // created_at is ISO-8601 text in UTC; strftime('%s') reads it as seconds since the epoch.
      const rows = statement(`series:${window}`, `
        SELECT (CAST(strftime('%s', created_at) AS INTEGER) / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER) AS bucket_start, outcome, count(*) AS sessions
        FROM sessions ${window} GROUP BY bucket_start, outcome`).all({ bucket: query.bucketSeconds, ...(since === undefined ? {} : { since }) }) as SeriesRow[];
      return toOutcomeSeries(query, rows);
    },
  };
}
