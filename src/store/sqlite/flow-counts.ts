/**
 * A flow's counts of ended sessions, per UTC day of their creation (`flow_edge_days`,
 * `flow_hangup_days`: schema 8), kept in the transaction that changes them, so the dashboard
 * reads whole days without counting exchanges (report-queries.ts):
 *
 * - a session's summary ends it: each edge (menu, keys, next menu) it took counts it once, and
 *   the menu its last answer prompted counts it as a hang-up there;
 * - an exchange stored for a session that has ended already (its summary came first, or a VCA
 *   came late) counts its edge if the session had not taken it, and moves the hang-up from the
 *   menu the previous answer prompted to the one this answer prompts.
 *
 * The second needs each exchange's session's status. Reading it costs a VCA ~2 µs (as a trigger,
 * measured), so this thread remembers the sessions it knows are ACTIVE (it inserted their row,
 * or read their status once) and reads only for the others. A summary written by another process
 * sharing the file is not seen here: processes sharing one SQLite file (`exclusive: false`) may
 * miss the rare exchange stored after its session ended (docs/store.md).
 *
 * @example
 * const counts = flowCounts(db);
 * counts.sessionsEnded(["s-1", "s-2"]);
 */
import type Database from "better-sqlite3";
import { ACTIVE_STATUS } from "../types.js";

/** Sessions remembered as ACTIVE; past this many the memory starts over (and reads again). */
const ACTIVE_REMEMBERED = 100_000;

/** The step an exchange recorded. */
export interface StoredStep {
  menu: string | null;
  keys: string | null;
  nextMenu: string | null;
}

export interface FlowCounts {
  /** Their summaries were stored, so the sessions ended: count what each took (one statement per table for the group). */
  sessionsEnded(sessionIds: readonly string[]): void;
  /** This thread inserted the session's row, ACTIVE. */
  sessionStarted(sessionId: string): void;
  /** An exchange was stored (`seq` its key): if its session has ended, count it as above. */
  exchangeStored(sessionId: string, rowKey: number, seq: number, step: StoredStep): void;
  /** A write rolled back: what this thread knew may be gone with it. */
  forget(): void;
}

export function flowCounts(db: Database.Database): FlowCounts {
  const sql = prepare(db);
  const active = new Set<string>();
  return {
    sessionsEnded(sessionIds) {
      if (sessionIds.length === 0) return;
      for (const id of sessionIds) active.delete(id);
      const ids = JSON.stringify(sessionIds);
      sql.endedEdges.run(ids);
      sql.endedHangup.run(ids);
    },
    sessionStarted(sessionId) {
      if (active.size >= ACTIVE_REMEMBERED) active.clear();
      active.add(sessionId);
    },
    exchangeStored(sessionId, rowKey, seq, step) {
      if (active.has(sessionId)) return;
      if (sql.status.get(rowKey) === ACTIVE_STATUS) {
        this.sessionStarted(sessionId);
        return;
      }
      const params = { no: rowKey, seq, menu: step.menu, keys: step.keys, next: step.nextMenu };
      sql.lateEdge.run(params);
      sql.lateHangupOff.run(params);
      sql.lateHangupOn.run(params);
    },
    forget() {
      active.clear();
    },
  };
}

function prepare(db: Database.Database) {
  return {
    status: db.prepare("SELECT status FROM sessions WHERE session_no = ?").pluck(),
    // A group's sessions together: one upsert per step they share, not one per session.
    endedEdges: db.prepare(`
      INSERT INTO flow_edge_days (day, step, flow_fingerprint, menu, keys, next_menu, sessions)
      SELECT day, json_array(flow_fingerprint, menu, keys, next_menu), flow_fingerprint, menu, keys, next_menu, count(*) FROM (
        SELECT DISTINCT s.session_no, substr(s.created_at, 1, 10) AS day, s.flow_fingerprint, e.menu, e.keys, e.next_menu
        FROM json_each(?) ids JOIN sessions s ON s.session_id = ids.value JOIN vca_exchanges e ON e.session_no = s.session_no
        WHERE s.status <> 'ACTIVE')
      WHERE true GROUP BY day, flow_fingerprint, menu, keys, next_menu
      ON CONFLICT (day, step) DO UPDATE SET sessions = sessions + excluded.sessions`),
    endedHangup: db.prepare(`
      INSERT INTO flow_hangup_days (day, step, flow_fingerprint, menu, sessions)
      SELECT day, json_array(flow_fingerprint, menu), flow_fingerprint, menu, count(*) FROM (
        SELECT substr(s.created_at, 1, 10) AS day, s.flow_fingerprint,
          (SELECT e.next_menu FROM vca_exchanges e WHERE e.session_no = s.session_no ORDER BY e.seq DESC LIMIT 1) AS menu
        FROM json_each(?) ids JOIN sessions s ON s.session_id = ids.value WHERE s.status <> 'ACTIVE')
      WHERE menu IS NOT NULL GROUP BY day, flow_fingerprint, menu
      ON CONFLICT (day, step) DO UPDATE SET sessions = sessions + excluded.sessions`),
    lateEdge: db.prepare(`
      INSERT INTO flow_edge_days (day, step, flow_fingerprint, menu, keys, next_menu, sessions)
      SELECT substr(s.created_at, 1, 10), json_array(s.flow_fingerprint, @menu, @keys, @next), s.flow_fingerprint, @menu, @keys, @next, 1
      FROM sessions s WHERE s.session_no = @no
        AND NOT EXISTS (SELECT 1 FROM vca_exchanges e WHERE e.session_no = @no AND e.seq < @seq
          AND e.menu IS @menu AND e.keys IS @keys AND e.next_menu IS @next)
      ON CONFLICT (day, step) DO UPDATE SET sessions = sessions + 1`),
    lateHangupOff: db.prepare(`
      UPDATE flow_hangup_days SET sessions = sessions - 1
      WHERE (day, step) = (
        SELECT substr(s.created_at, 1, 10), json_array(s.flow_fingerprint, previous.next_menu)
        FROM sessions s, (SELECT e.next_menu FROM vca_exchanges e WHERE e.session_no = @no AND e.seq < @seq ORDER BY e.seq DESC LIMIT 1) previous
        WHERE s.session_no = @no AND previous.next_menu IS NOT NULL)`),
    lateHangupOn: db.prepare(`
      INSERT INTO flow_hangup_days (day, step, flow_fingerprint, menu, sessions)
      SELECT substr(s.created_at, 1, 10), json_array(s.flow_fingerprint, @next), s.flow_fingerprint, @next, 1
      FROM sessions s WHERE s.session_no = @no AND @next IS NOT NULL
      ON CONFLICT (day, step) DO UPDATE SET sessions = sessions + 1`),
  };
}
