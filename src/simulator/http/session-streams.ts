/**
 * A session's transcript as server-sent events (`GET /_sim/sessions/{id}/events`): the entries
 * written so far, then each entry as it is written (`event: entry`), then `event: end` with the
 * session's view once it has ended and its VSS deliveries are over, and the stream closes. A
 * comment line every 15 s keeps proxies from closing an idle stream. A reader that falls more
 * than 1 MB behind is cut off; `close()` (the simulator stopping) ends every open stream.
 *
 * @example
 * const streams = new SessionStreams();
 * streams.open(session, reply.raw); // after reply.hijack()
 */
import type { ServerResponse } from "node:http";
import type { Session } from "../session.js";
import { sessionView } from "../view.js";

const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Streams open at once on one simulator; more are refused with 503. */
export const MAX_SESSION_STREAMS = 200;

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class SessionStreams {
  private readonly open_ = new Set<ServerResponse>();
  private closed = false;

  /** Whether another stream may open now (not stopping, under the limit). */
  get accepting(): boolean {
    return !this.closed && this.open_.size < MAX_SESSION_STREAMS;
  }

  /** Writes the headers and the replay, then follows the session until it ends or the reader leaves. */
  open(session: Session, response: ServerResponse): void {
    // The reader left before its stream opened: its `close` has passed, so nothing would clean up.
    if (response.destroyed) return;
    this.open_.add(response);
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    });
    response.write(": connected\n\n");
    const write = (text: string) => {
      // Ended by close() (the simulator stopping) before its `close` event cleaned up: a write
      // now would be an uncaught "write after end".
      if (response.writableEnded || response.destroyed) return;
      if (response.writableLength > MAX_BUFFERED_BYTES) {
        response.destroy();
        return;
      }
      response.write(text);
    };
    for (const entry of session.transcript) write(frame("entry", entry));
    const watcher = (entry: unknown) => write(frame("entry", entry));
    session.watchers.add(watcher);
    const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      session.watchers.delete(watcher);
      this.open_.delete(response);
    };
    response.once("close", cleanup);
    void session.done.then(() => {
      cleanup();
      if (response.destroyed || response.writableEnded) return;
      response.end(frame("end", sessionView(session)));
    });
  }

  /** Ends every open stream and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const response of this.open_) response.end();
    this.open_.clear();
  }
}
