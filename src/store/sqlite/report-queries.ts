/**
 * The read side's reports on SQLite: `sessionStats` and `flowEdgeCounts`, as grouped counts the
 * shared `report-rows.ts` folds into the port's objects. They run in the store's worker thread,
 * like every read, so a long one delays that thread's other work but never the event loop.
 *
 * Cost at 100,000 sessions with about 260,000 exchanges (bench/dashboard-read.ts, docs/store.md):
 * every report reads index entries only (schema 7), never the rows with their JSON. The stats
 * read one entry per session in the window (~15 ms for all, a few ms for a day); the edge counts
 * read the per-day counts of ended sessions (schema 8) and count from the exchanges only the
 * sessions of the window's first part-day and those still ACTIVE (~5 ms for all time, was ~0.2 s
 * counting every exchange); the outcome series reads every session in the window, like the stats.
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
      // Ended sessions are counted per day already (flow_edge_days, flow_hangup_days: schema 8),
      // so a range reads its whole days there and counts from the exchanges only what those rows
      // do not hold: the sessions of the part-day at its start, and those still ACTIVE.
      const whole = query.since === undefined ? undefined : wholeDaysFrom(query.since);
      const flow = query.fingerprint === undefined ? "" : "AND flow_fingerprint = @fingerprint";
      const params = {
        ...(query.fingerprint === undefined ? {} : { fingerprint: query.fingerprint }),
        ...(query.since === undefined || whole === undefined ? {} : { since: query.since.toISOString(), wholeFrom: whole.from, wholeDay: whole.day }),
      };
      const partDay = "created_at >= @since AND created_at < @wholeFrom";
      const active = `SELECT session_no, flow_fingerprint FROM sessions WHERE status = 'ACTIVE' ${whole ? "AND created_at >= @wholeFrom" : ""} ${flow}`;
      const uncounted = whole ? `SELECT session_no, flow_fingerprint FROM sessions WHERE ${partDay} ${flow} UNION ALL ${active}` : active;
      const kept = whole ? "AND day >= @wholeDay" : "";
      const shape = `${flow}:${whole ? "since" : "all"}`;
      const edges = statement(`edges:${shape}`, `
        SELECT flow_fingerprint, menu, keys, next_menu, sum(count) AS count FROM (
          SELECT s.flow_fingerprint, e.menu, e.keys, e.next_menu, count(DISTINCT e.session_no) AS count
          FROM (${uncounted}) s JOIN vca_exchanges e ON e.session_no = s.session_no
          GROUP BY s.flow_fingerprint, e.menu, e.keys, e.next_menu
          UNION ALL
          SELECT flow_fingerprint, menu, keys, next_menu, sessions FROM flow_edge_days WHERE true ${flow} ${kept})
        GROUP BY flow_fingerprint, menu, keys, next_menu HAVING sum(count) > 0`).all(params) as EdgeRow[];
      // A session's last exchange is its highest seq: the last entry of its run in vca_exchanges_steps.
      const partDayHangups = `
          SELECT flow_fingerprint, menu, count(*) AS sessions FROM (
            SELECT s.flow_fingerprint, (SELECT x.next_menu FROM vca_exchanges x WHERE x.session_no = s.session_no ORDER BY x.seq DESC LIMIT 1) AS menu
            FROM sessions s WHERE s.status <> 'ACTIVE' AND ${partDay} ${flow})
          WHERE menu IS NOT NULL GROUP BY flow_fingerprint, menu
          UNION ALL`;
      const hangups = statement(`hangups:${shape}`, `
        SELECT flow_fingerprint, menu, sum(sessions) AS sessions FROM (${whole ? partDayHangups : ""}
          SELECT flow_fingerprint, menu, sessions FROM flow_hangup_days WHERE true ${flow} ${kept})
        GROUP BY flow_fingerprint, menu HAVING sum(sessions) > 0`).all(params) as HangupRow[];
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

/**
 * Where a range's whole UTC days begin: `since` itself at midnight, else the next midnight.
 * `from` is that instant as stored (ISO-8601), `day` its date as flow_edge_days keeps it.
 */
export function wholeDaysFrom(since: Date): { from: string; day: string } {
  const midnight = Math.ceil(since.getTime() / 86_400_000) * 86_400_000;
  const from = new Date(midnight).toISOString();
  return { from, day: from.slice(0, 10) };
}
