/**
 * A small client for our server's read API (`GET /api/sessions`, `GET /api/sessions/:id`), so a
 * test asserts on what the server stored the way the CLI and the dashboard see it.
 *
 * @example
 * const reader = readApi("http://127.0.0.1:3000", token);
 * const sessions = await reader.sessions();
 */
import type { SessionDetail, SessionPage, SessionRecord } from "../store/index.js";

/** A client of our server's read API (from `readApi`): stored sessions, listed or one at a time. */
export interface ReadApi {
  /** Every stored session, newest first (all pages, at most `maxSessions`, default 10,000). */
  sessions(options?: { status?: string; maxSessions?: number }): Promise<SessionRecord[]>;
  /** One session with its summary, timeline and call statuses; null when the server has none. */
  session(sessionId: string): Promise<SessionDetail | null>;
}

const PAGE_SIZE = 500;

/** A read API error: the HTTP status and the server's message (never the token). */
export class ReadApiError extends Error {
  override readonly name = "ReadApiError";
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
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
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const url = new URL(path, baseUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: authHeader === undefined ? {} : { authorization: authHeader },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new ReadApiError(`cannot reach the read API at ${url.origin} (${(error as Error).message})`, null);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  };
  const fail = (what: string, status: number, body: unknown): never => {
    // Our server answers `{ error: { code, message } }`; anything else (Fastify's own 404) has `message`.
    const shaped = body as { error?: { message?: unknown }; message?: unknown } | undefined;
    const message = typeof shaped?.error === "object" ? shaped.error.message : shaped?.message;
    const hint = status === 404 ? " (is it a switchboard server with the read API?)" : status === 401 ? " (wrong or missing read token)" : "";
    throw new ReadApiError(`${what}: HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}${hint}`, status);
  };

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
