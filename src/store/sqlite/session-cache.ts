/**
 * The SQLite store's hot sessions: what the VCA path needs of a session, kept in memory on the
 * main thread so `loadForEvent` normally sends nothing to the store's worker and runs no SQL.
 * Part of the write-behind store (`write-behind.ts`), which keeps its rules.
 * Bounded, least recently used first out.
 *
 * An entry is complete or absent: it holds every eventId the session has answered (committed or
 * still queued for the group commit), because it is either made by the session's first exchange
 * in this process or read whole from the database. So an entry without an eventId means "not
 * answered before", with no lookup.
 *
 * @example
 * const cache = new SessionCache(10_000, (evicted) => flushQueue());
 * cache.add(hotSession);
 * cache.get("session-id")?.eventIds.has("event-id");
 */
import type { LoadedSession } from "./records.js";

/** One session as the VCA path sees it. */
export interface HotSession {
  readonly sessionId: string;
  /**
   * The session row's key (`session_no`), sent with its exchanges so the worker updates the row by
   * it; null until the worker has told us (it reads the key on a miss, or learns it by the commit
   * that inserts the row).
   */
  rowKey: number | null;
  /** The session's variables as JSON text: parsed per load, so every caller gets its own copy. */
  varsText: string;
  /** Every eventId answered in this session, committed or queued. */
  readonly eventIds: Set<string>;
  /**
   * How many of its exchanges wait in the queue, not yet sent to the worker; such an entry is not
   * dropped before they are sent (a later miss must read them back).
   */
  queued: number;
}

export class SessionCache {
  // A Map iterates in insertion order: re-inserting on each use keeps the least recent first.
  private readonly entries = new Map<string, HotSession>();
  private readonly capacity: number;

  /**
   * @param capacity sessions kept (at least 1).
   * @param commitQueued called before an entry with queued exchanges is dropped; it must send
   *   them to the worker, ahead of any later read of the session.
   */
  constructor(
    capacity: number,
    private readonly commitQueued: (session: HotSession) => void,
  ) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether the session is cached, without counting as a use. */
  has(sessionId: string): boolean {
    return this.entries.has(sessionId);
  }

  /** The session's entry, now the most recently used; undefined when not cached. */
  get(sessionId: string): HotSession | undefined {
    const entry = this.entries.get(sessionId);
    if (entry) {
      this.entries.delete(sessionId);
      this.entries.set(sessionId, entry);
    }
    return entry;
  }

  /** Caches a complete entry, dropping the least recently used ones beyond the capacity. */
  add(entry: HotSession): void {
    this.entries.delete(entry.sessionId);
    this.entries.set(entry.sessionId, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.values().next().value as HotSession;
      if (oldest.queued > 0) this.commitQueued(oldest);
      this.entries.delete(oldest.sessionId);
    }
  }

  /** Drops this entry (not a newer one for the same session): the database is the truth again. */
  forget(entry: HotSession): void {
    if (this.entries.get(entry.sessionId) === entry) this.entries.delete(entry.sessionId);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A session's entry: as read from the database, or empty for a session the database does not hold. */
export function hotSession(sessionId: string, stored: LoadedSession | null): HotSession {
  return stored
    ? { sessionId, rowKey: stored.rowKey, varsText: stored.varsText, eventIds: new Set(stored.eventIds), queued: 0 }
    : { sessionId, rowKey: null, varsText: "{}", eventIds: new Set(), queued: 0 };
}
