/**
 * Reads a server-sent event stream over real HTTP for tests: every `event:`/`data:` frame is
 * parsed (comments kept apart), and `until` waits, bounded, for a frame that matches.
 *
 * @example
 * const stream = await openEventStream(`${sim.url}/_sim/sessions/${id}/events`);
 * await stream.until((e) => e.event === "end");
 * stream.close();
 */

/** One frame of the stream. */
export interface SseFrame {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface EventStream {
  readonly status: number;
  readonly contentType: string | null;
  /** Every frame so far, in order. */
  readonly frames: SseFrame[];
  /** Comment lines so far (`: keep-alive`). */
  readonly comments: string[];
  /** Whether the server closed the stream. */
  readonly ended: boolean;
  /** The first frame (from the start) matching `match`; rejects after `ms` or when the stream ends without one. */
  until(match: (frame: SseFrame) => boolean, ms?: number): Promise<SseFrame>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const frames: SseFrame[] = [];
  const comments: string[] = [];
  let ended = false;
  let changed: () => void = () => {};
  const pump = async () => {
    if (!response.body || response.status !== 200) return;
    const decoder = new TextDecoder();
    let text = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        for (let cut = text.indexOf("\n\n"); cut >= 0; cut = text.indexOf("\n\n")) {
          const block = text.slice(0, cut);
          text = text.slice(cut + 2);
          let event = "message";
          let data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line.slice(1).trim());
            else if (line.startsWith("event: ")) event = line.slice(7);
            else if (line.startsWith("data: ")) data += line.slice(6);
          }
          if (data !== "") frames.push({ event, data: JSON.parse(data) });
        }
        changed();
      }
    } catch {
      // Aborted by close().
    }
    ended = true;
    changed();
  };
  void pump();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    frames,
    comments,
    get ended() {
      return ended;
    },
    until(match, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => fail(`no matching frame within ${ms} ms`), ms);
        const fail = (why: string) => {
          clearTimeout(timer);
          changed = () => {};
          reject(new Error(`${why}; frames: ${JSON.stringify(frames.map((f) => [f.event, f.data?.kind ?? f.data?.state]))}`));
        };
        const check = () => {
          const found = frames.find(match);
          if (found) {
            clearTimeout(timer);
            changed = () => {};
            resolve(found);
          } else if (ended) fail("the stream ended");
        };
        changed = check;
        check();
      });
    },
    close: () => controller.abort(),
  };
}
