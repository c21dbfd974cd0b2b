/**
 * The sessions list: recent sessions newest first, a page at a time (cursor paging), with the
 * filters the server supports; new calls appear as they happen (the live feed reloads the first
 * page, and marks the rows that are new).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { listSessions } from "../api.js";
import type { ListedSession } from "../api-types.js";
import { formatDuration, formatWhen, words } from "../format.js";
import { apiQuery, DIRECTIONS, filtersFrom, OUTCOMES, RANGES, STATUSES, type Filters } from "../filters.js";
import { live } from "../live.js";
import { sessionHref, sessionsHref } from "../router.js";

const PAGE_SIZE = 50;
/** Calls arriving together (a VCA, its VCS, the VSS) cause one reload, not one each. */
const RELOAD_DELAY_MS = 250;

/** Optional columns: shown when the server's records carry the field. */
const OPTIONAL = [
  { key: "outcome", label: "Outcome" },
  { key: "durationSeconds", label: "Duration" },
  { key: "lastMenu", label: "Last menu" },
  { key: "lastKeys", label: "Last keys" },
] as const;

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status.toLowerCase()}`}>{words(status)}</span>;
}

function optionalCell(session: ListedSession, key: (typeof OPTIONAL)[number]["key"]): string {
  const value = session[key];
  if (value === null || value === undefined || value === "") return "—";
  return key === "durationSeconds" ? formatDuration(value as number) : String(value);
}

/** The list, for the filters in `query`; `filters` names the ones the server supports. */
export function SessionsView({ query, filters }: { query: URLSearchParams; filters: string[] }) {
  const chosen = useMemo(() => filtersFrom(query, filters), [query.toString(), filters.join()]);
  const key = JSON.stringify(chosen);
  // Paging belongs to one set of filters: a new filter starts from the newest page.
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key, cursors: [] });
  const cursors = paging.key === key ? paging.cursors : [];
  const setCursors = (next: string[]) => setPaging({ key, cursors: next });
  const [sessions, setSessions] = useState<ListedSession[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [announcement, setAnnouncement] = useState("");
  const [missed, setMissed] = useState(0);
  const [reloads, setReloads] = useState(0);
  /** The ids on the newest page when it was last loaded with these filters, to mark the new ones. */
  const known = useRef<{ key: string; ids: Set<string> } | null>(null);
  const fromLive = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const cursor = cursors.at(-1);

  useEffect(() => {
    const abort = new AbortController();
    listSessions({ ...apiQuery(chosen, Date.now()), ...(cursor ? { cursor } : {}) }, PAGE_SIZE, abort.signal)
      .then((page) => {
        const before = known.current?.key === key && cursor === undefined ? known.current.ids : null;
        const added = before === null || !fromLive.current ? [] : page.sessions.filter((s) => !before.has(s.sessionId)).map((s) => s.sessionId);
        if (cursor === undefined) known.current = { key, ids: new Set(page.sessions.map((s) => s.sessionId)) };
        fromLive.current = false;
        setSessions(page.sessions);
        setNextCursor(page.nextCursor);
        setError(null);
        setFresh(new Set(added));
        if (added.length > 0) setAnnouncement(`${added.length} new session${added.length === 1 ? "" : "s"}`);
      })
      .catch((failure: Error) => {
        if (failure.name !== "AbortError") setError(failure.message);
      });
    return () => abort.abort();
  }, [key, cursor, reloads]);

  // Live: on the newest page, reload it when calls happen; on an older page, count what was missed.
  useEffect(() => {
    let timer: number | undefined;
    const reload = () => {
      if (timer !== undefined) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        fromLive.current = true;
        setReloads((n) => n + 1);
      }, RELOAD_DELAY_MS);
    };
    const offEvent = live.onEvent((event) => {
      if (event.type === "answer") return;
      if (cursor === undefined) reload();
      else if (event.type === "vca" && event.data.callStatus === "CALL_RECEIVED") setMissed((n) => n + 1);
    });
    const offState = live.onState((_state, reconnected) => {
      if (reconnected && cursor === undefined) reload();
    });
    return () => {
      offEvent();
      offState();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [cursor]);

  const navigate = (next: Filters) => {
    location.hash = sessionsHref({ ...next });
  };
  const columns = OPTIONAL.filter((column) => sessions?.some((s) => column.key in s));
  const offers = (name: string) => filters.includes(name);

  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title" ref={heading} tabIndex={-1}>
        Sessions
      </h1>
      <form class="filters" role="search" aria-label="Filter sessions" onSubmit={(event) => event.preventDefault()}>
        {offers("status") && (
          <label>
            Status
            <select value={chosen.status ?? ""} onChange={(event) => navigate({ ...chosen, status: (event.target as HTMLSelectElement).value })}>
              <option value="">Any status</option>
              {STATUSES.map((status) => (
                <option value={status}>{words(status)}</option>
              ))}
            </select>
          </label>
        )}
        {offers("outcome") && (
          <label>
            Outcome
            <select value={chosen.outcome ?? ""} onChange={(event) => navigate({ ...chosen, outcome: (event.target as HTMLSelectElement).value })}>
              <option value="">Any outcome</option>
              {OUTCOMES.map((outcome) => (
                <option value={outcome}>{outcome}</option>
              ))}
            </select>
          </label>
        )}
        {offers("direction") && (
          <label>
            Direction
            <select value={chosen.direction ?? ""} onChange={(event) => navigate({ ...chosen, direction: (event.target as HTMLSelectElement).value })}>
              <option value="">Both directions</option>
              {DIRECTIONS.map((direction) => (
                <option value={direction}>{words(direction)}</option>
              ))}
            </select>
          </label>
        )}
        {offers("since") && (
          <label>
            Time
            <select value={chosen.range ?? ""} onChange={(event) => navigate({ ...chosen, range: (event.target as HTMLSelectElement).value })}>
              <option value="">Any time</option>
              {RANGES.map((range) => (
                <option value={range.value}>{range.label}</option>
              ))}
            </select>
          </label>
        )}
        {offers("q") && <NumberSearch value={chosen.q ?? ""} onSearch={(q) => navigate({ ...chosen, q })} />}
      </form>

      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {missed > 0 && cursor !== undefined && (
        <p class="notice">
          {missed} new call{missed === 1 ? "" : "s"} since this page loaded.{" "}
          <button type="button" class="link" onClick={() => (setMissed(0), setCursors([]))}>
            Show the newest
          </button>
        </p>
      )}
      {error !== null && (
        <p class="error" role="alert">
          Could not load sessions: {error}
        </p>
      )}
      {sessions === null && error === null && <p aria-busy="true">Loading…</p>}
      {sessions !== null && sessions.length === 0 && <p class="empty">No sessions{Object.keys(chosen).length > 0 ? " match these filters" : " yet: place a call"}.</p>}
      {sessions !== null && sessions.length > 0 && (
        <div class="table-wrap">
          <table class="sessions">
            <caption class="visually-hidden">Sessions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Caller</th>
                <th scope="col">Called</th>
                <th scope="col">Direction</th>
                <th scope="col">Status</th>
                {columns.map((column) => (
                  <th scope="col">{column.label}</th>
                ))}
                <th scope="col">Steps</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.sessionId} class={fresh.has(session.sessionId) ? "fresh" : undefined} data-session-id={session.sessionId}>
                  <td data-label="Started">
                    <a href={sessionHref(session.sessionId)} title={session.createdAt}>
                      <time dateTime={session.createdAt}>{formatWhen(session.createdAt)}</time>
                    </a>
                  </td>
                  <td data-label="Caller" class="number">{session.source ?? "—"}</td>
                  <td data-label="Called" class="number">{session.destination ?? "—"}</td>
                  <td data-label="Direction">{session.callDirection ? words(session.callDirection) : "—"}</td>
                  <td data-label="Status">
                    <StatusBadge status={session.status} />
                  </td>
                  {columns.map((column) => (
                    <td data-label={column.label}>{optionalCell(session, column.key)}</td>
                  ))}
                  <td data-label="Steps" title="VCAs answered">
                    {session.vcaCount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={cursor === undefined} onClick={() => (setMissed(0), setCursors(cursors.slice(0, -1)))}>
          ← Newer
        </button>
        <button type="button" disabled={nextCursor === null} onClick={() => nextCursor !== null && setCursors([...cursors, nextCursor])}>
          Older →
        </button>
      </nav>
    </section>
  );
}

function NumberSearch({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = window.setTimeout(() => onSearch(text.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [text]);
  return (
    <label>
      Number contains
      <input type="search" inputMode="tel" autocomplete="off" maxLength={40} value={text} onInput={(event) => setText((event.target as HTMLInputElement).value)} />
    </label>
  );
}
