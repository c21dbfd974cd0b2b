/**
 * A small client for our server's read API (`GET /api/sessions`, `GET /api/sessions/:id`), so a
 * test asserts on what the server stored the way the CLI and the dashboard see it. Over HTTP
 * (`readApi`), or through any function that answers a GET (`readApiOver`: the in-process
 * platform passes one that calls the server's `inject()`).
 *
 * @example
 * const reader = readApi("http://127.0.0.1:3000", token);
 * const sessions = await reader.sessions();
 */
import type { SessionDetail, SessionPage, SessionRecord } from "../store/index.js";
import { ReadApiError } from "./errors.js";

export { ReadApiError } from "./errors.js";

/** What a test reads of a server's stored sessions. */
export interface ReadApi {
  /** Every stored session, newest first (all pages, at most `maxSessions`, default 10,000). */
  sessions(options?: { status?: string; maxSessions?: number }): Promise<SessionRecord[]>;
  /** One session with its summary, timeline and call statuses; null when the server has none. */
  session(sessionId: string): Promise<SessionDetail | null>;
}

/** One GET of the read API: the status and the parsed JSON body (undefined when not JSON). */
export type ReadApiGet = (path: string) => Promise<{ status: number; body: unknown }>;

const PAGE_SIZE = 500;

/** The parsed JSON of a body, or undefined. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A read API client for the server at `baseUrl`, sending `authHeader` as the Authorization header.
 *
 * @example
 * const detail = await readApi(url, token).session(call.sessionId);
 * detail?.summary?.sessionStatus; // "COMPLETED"
 */
export function readApi(baseUrl: string, authHeader: string | undefined): ReadApi {
  return readApiOver(async (path) => {
    const url = new URL(path, baseUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: authHeader === undefined ? {} : { authorization: authHeader },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new ReadApiError("SB_TESTING_READ_API_UNREACHABLE", `cannot reach the read API at ${url.origin} (${(error as Error).message})`, null);
    }
    return { status: response.status, body: parseBody(await response.text()) };
  });
}

function fail(what: string, status: number, body: unknown): never {
  // Our server answers `{ error: { code, message } }`; anything else (Fastify's own 404) has `message`.
  const shaped = body as { error?: { message?: unknown }; message?: unknown } | undefined;
  const message = typeof shaped?.error === "object" ? shaped.error.message : shaped?.message;
  const said = `${what}: HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}`;
  if (status === 401) throw new ReadApiError("SB_TESTING_READ_AUTH_REFUSED", `${said} (wrong or missing read token)`, status);
  if (status === 404) throw new ReadApiError("SB_TESTING_NO_READ_API", `${said} (is it a switchboard server with the read API?)`, status);
  throw new ReadApiError("SB_TESTING_READ_API_FAILED", said, status);
}

/**
 * A read API client over `get`, which answers one GET of a read API path.
 *
 * @example
 * const reader = readApiOver(async (path) => ({ status: 200, body: { sessions: [], nextCursor: null } }));
 */
export function readApiOver(get: ReadApiGet): ReadApi {
  return {
    async sessions(options = {}) {
      const max = options.maxSessions ?? 10_000;
      const out: SessionRecord[] = [];
      let cursor: string | null = null;
      // Bounded: at most enough pages for `max` sessions, even if a server kept handing out cursors.
      for (let page = 0; page < Math.ceil(max / PAGE_SIZE) + 1 && out.length < max; page += 1) {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (options.status) query.set("status", options.status);
        if (cursor) query.set("cursor", cursor);
        const { status, body } = await get(`/api/sessions?${query}`);
        if (status !== 200) fail("list sessions", status, body);
        const result = body as SessionPage;
        out.push(...result.sessions);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return out.slice(0, max);
    },
    async session(sessionId) {
      const { status, body } = await get(`/api/sessions/${encodeURIComponent(sessionId)}`);
      // A 404 from the route itself (an error code) means "no such session"; a 404 without one
      // means there is no read API at all, which must not pass for an empty result.
      const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
      if (status === 404 && typeof code === "string" && code.endsWith("NOT_FOUND")) return null;
      if (status !== 200) fail(`read session ${sessionId}`, status, body);
      return body as SessionDetail;
    },
  };
}
