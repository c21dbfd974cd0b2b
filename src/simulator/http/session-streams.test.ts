/**
 * SessionStreams over real HTTP (a bare node:http server): once `close()` has ended the open
 * streams (the simulator stopping), a session still running during the drain may write entries;
 * they must go nowhere, not throw "write after end" (an uncaught error, which stops the process).
 * A reader who left before its stream opened holds none of the simulator's places for streams.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createClock } from "../clock.js";
import { createSession, note } from "../session.js";
import { MAX_SESSION_STREAMS, SessionStreams } from "./session-streams.js";

const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);
afterEach(() => {
  process.off("uncaughtException", onUncaught);
});

it("drops the entries a session writes after close() ended its stream, and the reader sees the stream end", async () => {
  const session = createSession({ id: "s1", subAccountId: "a", direction: "INBOUND", from: "+6591234567", to: "+6560000001", clock: createClock({ mode: "instant" }).forSession() });
  const streams = new SessionStreams();
  let opened!: (response: ServerResponse) => void;
  const ready = new Promise<ServerResponse>((resolve) => (opened = resolve));
  const server = createServer((_request, response) => {
    streams.open(session, response);
    opened(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  try {
    const reply = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { signal: AbortSignal.timeout(5_000) });
    await ready;
    process.on("uncaughtException", onUncaught);
    streams.close();
    // The session goes on during the simulator's drain.
    note(session, { kind: "silence" });
    expect(await reply.text()).toBe(": connected\n\n");
    await new Promise((resolve) => setImmediate(resolve));
    expect(uncaught.map(String)).toEqual([]);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

it("holds no place for a reader that left before its stream was opened", async () => {
  const session = createSession({ id: "s2", subAccountId: "a", direction: "INBOUND", from: "+6591234567", to: "+6560000001", clock: createClock({ mode: "instant" }).forSession() });
  const streams = new SessionStreams();
  let opened = 0;
  // The reader's connection closes while the request is on its way to the handler.
  const server = createServer((request, response) => {
    response.once("close", () => {
      streams.open(session, response);
      opened += 1;
    });
    request.socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (let i = 0; i < MAX_SESSION_STREAMS; i += 1) await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    await expect.poll(() => opened, { timeout: 5_000 }).toBe(MAX_SESSION_STREAMS);
    expect(streams.accepting).toBe(true);
  } finally {
    streams.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
