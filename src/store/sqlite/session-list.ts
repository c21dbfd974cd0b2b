/**
 * `listSessions` on SQLite: one statement per combination of filters, built and prepared the first
 * time that combination is asked for, so each names only the columns it filters on and SQLite
 * picks the index that answers it (a generic `(@x IS NULL OR col = @x)` hides every column from
 * the planner). Sessions come newest first by (created_at, session_id), the cursor's key.
 *
 * What answers each filter (measured on 100,000 sessions, docs/store.md): status, outcome and
 * direction each have an index led by the column and ordered like the list; `since` and the
 * cursor bound the range of whichever index is used; a combination walks one index and checks the
 * rest on the rows. A match inside a number (`q`) has no index: it examines the rows in list
 * order, at most `searchWindow` per page, then pages on from where it stopped.
 *
 * @example
 * const list = sessionLister(db);
 * list({ outcome: "error", direction: "OUTBOUND", since: new Date(Date.now() - 3_600_000), limit: 50 });
 */
import type Database from "better-sqlite3";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { SEARCH_WINDOW } from "../report-rows.js";
import { toSessionRecord, type SessionRow } from "../rows.js";
import type { ListSessionsQuery, SessionPage } from "../types.js";
import { SESSION_COLUMNS } from "./statements.js";

const ORDER = "ORDER BY created_at DESC, session_id DESC";

/** The filters a query uses besides `q`, as SQL over the sessions table's own columns. */
function conditions(query: ListSessionsQuery): string[] {
  const where: string[] = [];
  if (query.status !== undefined) where.push("status = @status");
  if (query.outcome !== undefined) where.push("outcome = @outcome");
  if (query.direction !== undefined) where.push("call_direction = @direction");
  if (query.since !== undefined) where.push("created_at >= @since");
  if (query.cursor !== undefined) where.push("(created_at, session_id) < (@after_created, @after_session)");
  return where;
}

const whereOf = (where: string[]) => (where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`);
const MATCHES = "(instr(source, @q) > 0 OR instr(destination, @q) > 0)";

/** Lists sessions a page at a time (see the module comment); a cursor it did not hand out is BAD_CURSOR. */
export function sessionLister(db: Database.Database): (query: ListSessionsQuery) => SessionPage {
  const prepared = new Map<string, Database.Statement>();
  const statement = (key: string, sql: () => string) => {
    let found = prepared.get(key);
    if (!found) prepared.set(key, (found = db.prepare(sql())));
    return found;
  };
  return (query) => {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const where = conditions(query);
    const filters = {
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.outcome !== undefined ? { outcome: query.outcome } : {}),
      ...(query.direction !== undefined ? { direction: query.direction } : {}),
      ...(query.since !== undefined ? { since: query.since.toISOString() } : {}),
      ...(after ? { after_created: after.createdAt, after_session: after.sessionId } : {}),
    };
    const params = { ...filters, limit: query.limit + 1 };
    const shape = where.join(" AND ");
    if (query.q === undefined) {
      const rows = statement(shape, () => `SELECT ${SESSION_COLUMNS} FROM sessions s ${whereOf(where)} ${ORDER} LIMIT @limit`).all(params) as SessionRow[];
      return page(rows, query.limit);
    }
    // The window: the newest `window` sessions the other filters let through. Its far end is found
    // first (a walk along the index that orders the list), then the list's own order is walked down to it with the
    // match checked on each row, stopping at a page of matches: a common number costs a page.
    const window = query.searchWindow ?? SEARCH_WINDOW;
    const edge = statement(`edge:${shape}`, () => `SELECT created_at, session_id FROM sessions ${whereOf(where)} ${ORDER} LIMIT 2 OFFSET @window - 1`)
      .all({ ...filters, window }) as { created_at: string; session_id: string }[];
    const end = edge[0];
    const within = end === undefined ? where : [...where, "(created_at, session_id) >= (@end_created, @end_session)"];
    const rows = statement(`q:${within.join(" AND ")}`, () => `SELECT ${SESSION_COLUMNS} FROM sessions s ${whereOf([...within, MATCHES])} ${ORDER} LIMIT @limit`)
      .all({ ...params, q: query.q, ...(end ? { end_created: end.created_at, end_session: end.session_id } : {}) }) as SessionRow[];
    if (rows.length > query.limit || edge.length < 2 || end === undefined) return page(rows, query.limit);
    // Fewer matches than a page, and sessions follow the window: the next page searches on from its end.
    return { sessions: rows.map(toSessionRecord), nextCursor: encodeCursor({ createdAt: end.created_at, sessionId: end.session_id }) };
  };
}

function page(rows: SessionRow[], limit: number): SessionPage {
  const sessions = rows.slice(0, limit).map(toSessionRecord);
  const last = sessions[sessions.length - 1];
  return { sessions, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
