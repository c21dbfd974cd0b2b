import type { ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { EventStreams } from "./event-streams.js";

/** A stream standing in for a client's response: `reads` says whether the client keeps up. */
function client(reads: boolean): { response: ServerResponse; received: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      // A client that does not read never acknowledges: what is written waits in the buffer.
      if (reads) done();
    },
  });
  return { response: stream as unknown as ServerResponse, received: () => chunks.join("") };
}

describe("the live event streams", () => {
  it("serialises nothing while nobody listens, and keeps no history for a later listener", () => {
    const streams = new EventStreams();
    expect(streams.listening).toBe(false);
    let serialised = 0;
    streams.publish("vca", { toJSON: () => ++serialised });
    expect(serialised).toBe(0);
    const late = client(true);
    streams.add(late.response);
    expect(late.received()).toBe("");
    streams.close();
  });

  it("sends each event to every open stream as a server-sent event with its type and JSON data", () => {
    const streams = new EventStreams();
    const a = client(true);
    const b = client(true);
    expect(streams.add(a.response)).toBeNull();
    expect(streams.add(b.response)).toBeNull();
    expect(streams.listening).toBe(true);
    streams.publish("summary", { sessionId: "s1", sessionStatus: "COMPLETED" });
    expect(a.received()).toBe('id: 1\nevent: summary\ndata: {"sessionId":"s1","sessionStatus":"COMPLETED"}\n\n');
    expect(b.received()).toBe(a.received());
    streams.close();
  });

  it("closes a stream that does not keep up, and keeps serving the others", () => {
    const streams = new EventStreams({ maxBufferedBytes: 1024 });
    const slow = client(false);
    const fast = client(true);
    streams.add(slow.response);
    streams.add(fast.response);
    for (let i = 0; i < 50; i++) streams.publish("vca", { sessionId: `s${i}`, padding: "x".repeat(100) });
    expect((slow.response as unknown as Writable).destroyed).toBe(true);
    expect(streams.size).toBe(1);
    expect(fast.received()).toContain('"sessionId":"s49"');
    streams.close();
  });

  it("refuses a stream over the limit, and any once closed; close ends the open ones", () => {
    const streams = new EventStreams({ maxStreams: 2 });
    const open = [client(true), client(true)];
    for (const { response } of open) expect(streams.add(response)).toBeNull();
    expect(streams.add(client(true).response)).toBe("full");
    streams.close();
    for (const { response } of open) expect((response as unknown as Writable).writableEnded).toBe(true);
    expect(streams.listening).toBe(false);
    expect(streams.add(client(true).response)).toBe("closed");
  });

  it("forgets a stream once its client goes away", async () => {
    const streams = new EventStreams();
    const gone = client(true);
    streams.add(gone.response);
    (gone.response as unknown as Writable).destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(streams.listening).toBe(false);
  });
});
