/**
 * The live feed behind `GET /api/events`: what the server publishes as webhooks arrive, written
 * to every open server-sent-events stream. The dashboard (and `switchboard sessions --follow`)
 * listen; the VCA path publishes, so publishing is built to cost nothing while nobody listens:
 * callers check `listening` (a size comparison) before building an event.
 *
 * - Event types: `vca` (a VCA arrived), `answer` (its answer was sent), `summary` (a VSS was
 *   stored), `outcome` (the follow-up module classified a session).
 * - Each event is serialised once, whatever the number of streams.
 * - A stream that does not keep up (more than `maxBufferedBytes` waiting to be sent) is closed:
 *   a dashboard reconnects and reloads, a slow reader never makes the server hold memory.
 * - At most `maxStreams` at once; a comment line every `heartbeatMs` keeps proxies from closing
 *   an idle stream and shows a dead one.
 * - `close()` ends every stream and refuses new ones: the server calls it first when stopping, so
 *   an open stream never holds up the drain.
 *
 * @example
 * const streams = new EventStreams();
 * if (streams.listening) streams.publish("summary", { sessionId, sessionStatus });
 * streams.add(reply.raw); // in the route, after writing the headers
 */
import type { ServerResponse } from "node:http";

/** The kinds of event `GET /api/events` sends. */
export type LiveEventType = "vca" | "answer" | "summary" | "outcome";

/** The stream's limits; the defaults are the documented ones. */
export interface EventStreamsOptions {
  /** Streams open at once; default 100. */
  maxStreams?: number;
  /** Bytes a stream may have waiting before it is closed; default 256 KB. */
  maxBufferedBytes?: number;
  /** How often an idle stream gets a comment line; default 15 s. */
  heartbeatMs?: number;
}

export const DEFAULT_MAX_STREAMS = 100;
const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024;
const DEFAULT_HEARTBEAT_MS = 15_000;
const HEARTBEAT = ": keep-alive\n\n";

/** Why `add` refused a stream. */
export type AddRefusal = "full" | "closed";

/** The open event streams of one mount of the server. */
export class EventStreams {
  private readonly streams = new Set<ServerResponse>();
  private readonly maxStreams: number;
  private readonly maxBufferedBytes: number;
  private readonly heartbeatMs: number;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  private nextId = 1;

  constructor(options: EventStreamsOptions = {}) {
    this.maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  }

  /** Whether any stream is open: check it before building an event to publish. */
  get listening(): boolean {
    return this.streams.size > 0;
  }

  /** How many streams are open. */
  get size(): number {
    return this.streams.size;
  }

  /** Sends one event to every open stream; `data` is serialised as JSON once. */
  publish(type: LiveEventType, data: unknown): void {
    if (this.streams.size === 0) return;
    const frame = `id: ${this.nextId++}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of this.streams) this.write(stream, frame);
  }

  /**
   * Adopts a response whose event-stream headers are written: it gets every event from now on
   * until it closes. Refuses it (returns why) when `maxStreams` are open or the server is stopping.
   */
  add(stream: ServerResponse): AddRefusal | null {
    if (this.closed) return "closed";
    if (this.streams.size >= this.maxStreams) return "full";
    this.streams.add(stream);
    stream.once("close", () => this.forget(stream));
    if (this.heartbeat === undefined) {
      this.heartbeat = setInterval(() => this.beat(), this.heartbeatMs);
      this.heartbeat.unref();
    }
    return null;
  }

  /** Ends every stream and refuses new ones; the server calls it before draining. */
  close(): void {
    this.closed = true;
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.stopHeartbeat();
  }

  private write(stream: ServerResponse, frame: string): void {
    // The browser reconnects and reloads; holding more for a reader this far behind only grows memory.
    if (stream.writableLength > this.maxBufferedBytes) {
      this.forget(stream);
      stream.destroy();
      return;
    }
    stream.write(frame);
  }

  private beat(): void {
    for (const stream of this.streams) this.write(stream, HEARTBEAT);
  }

  private forget(stream: ServerResponse): void {
    this.streams.delete(stream);
    if (this.streams.size === 0) this.stopHeartbeat();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
