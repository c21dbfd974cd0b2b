/**
 * The live feed (`GET /api/events`, server-sent events) shared by every view: one EventSource,
 * with listeners for the events and for the connection's state. EventSource reconnects by
 * itself; after a reconnect the views reload what they show, since events sent while the
 * connection was down are not replayed.
 */

/** An event of the feed: its type and its parsed data. */
export interface LiveEvent {
  type: "vca" | "answer" | "summary" | "outcome";
  data: { sessionId?: string } & Record<string, unknown>;
}

/** `live` while connected; `connecting` before the first connection and while reconnecting; `off` when closed. */
export type LiveState = "connecting" | "live" | "off";

const TYPES: LiveEvent["type"][] = ["vca", "answer", "summary", "outcome"];

/** One connection to the feed and its listeners. */
export class LiveFeed {
  private source: EventSource | null = null;
  private readonly eventListeners = new Set<(event: LiveEvent) => void>();
  private readonly stateListeners = new Set<(state: LiveState, reconnected: boolean) => void>();
  private state: LiveState = "off";
  private everOpen = false;

  /** Opens the connection (again). */
  start(): void {
    this.stop();
    const source = new EventSource("api/events");
    this.source = source;
    this.setState("connecting", false);
    source.onopen = () => {
      const reconnected = this.everOpen;
      this.everOpen = true;
      this.setState("live", reconnected);
    };
    source.onerror = () => {
      // CLOSED: refused (signed out, too many streams); EventSource does not try again.
      this.setState(source.readyState === EventSource.CLOSED ? "off" : "connecting", false);
    };
    for (const type of TYPES) {
      source.addEventListener(type, (message) => {
        let data: LiveEvent["data"];
        try {
          data = JSON.parse((message as MessageEvent<string>).data) as LiveEvent["data"];
        } catch {
          return;
        }
        for (const listener of this.eventListeners) listener({ type, data });
      });
    }
  }

  /** Closes the connection. */
  stop(): void {
    this.source?.close();
    this.source = null;
    this.everOpen = false;
    this.setState("off", false);
  }

  /** Hears every event until the returned function is called. */
  onEvent(listener: (event: LiveEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Hears the connection's state (now, then on each change); `reconnected` after a drop. */
  onState(listener: (state: LiveState, reconnected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state, false);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: LiveState, reconnected: boolean): void {
    if (state === this.state && !reconnected) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state, reconnected);
  }
}

/** The dashboard's one feed. */
export const live = new LiveFeed();
