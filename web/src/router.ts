/**
 * Where the dashboard is, kept in the address's fragment (`#/sessions/abc`,
 * `#/?status=COMPLETED`), so the server serves one page at one path (under any prefix) and the
 * back button, bookmarks and reloads work.
 */
import { useEffect, useState } from "preact/hooks";

/** A view and its parameters. */
export type Route = { name: "sessions"; query: URLSearchParams } | { name: "session"; id: string } | { name: "flow"; fingerprint: string | null } | { name: "phone" } | { name: "stats" } | { name: "campaigns"; campaign: string | null };

/** The route of a fragment such as `#/sessions/abc` or `#/?status=ACTIVE`. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "");
  const at = raw.indexOf("?");
  const path = at < 0 ? raw : raw.slice(0, at);
  const query = new URLSearchParams(at < 0 ? "" : raw.slice(at + 1));
  const match = /^\/sessions\/(.+)$/.exec(path);
  if (match) return { name: "session", id: decodeURIComponent(match[1]!) };
  const flow = /^\/flow(?:\/(.*))?$/.exec(path);
  if (flow) return { name: "flow", fingerprint: flow[1] ? decodeURIComponent(flow[1]) : null };
  if (path === "/phone") return { name: "phone" };
  const campaigns = /^\/campaigns(?:\/(.+))?$/.exec(path);
  if (campaigns) return { name: "campaigns", campaign: campaigns[1] ? decodeURIComponent(campaigns[1]) : null };
  if (path === "/stats") return { name: "stats" };
  return { name: "sessions", query };
}

/** The fragment of a session's page. */
export function sessionHref(sessionId: string): string {
  return `#/sessions/${encodeURIComponent(sessionId)}`;
}

/** The fragment of the campaigns page, or of one campaign's. */
export function campaignHref(name?: string): string {
  return name === undefined ? "#/campaigns" : `#/campaigns/${encodeURIComponent(name)}`;
}

/** The fragment of the sessions list with these filters. */
export function sessionsHref(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search === "" ? "#/" : `#/?${search}`;
}

/** The current route, following the fragment. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", changed);
    return () => removeEventListener("hashchange", changed);
  }, []);
  return route;
}
