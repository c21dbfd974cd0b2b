import { createServer, type Server } from "node:http";
import { getEventListeners } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { placeCall } from "./control-client.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

/** A control API whose call stays scheduled for `polls` reads, then completes. */
async function controlApi(polls: number): Promise<string> {
  let reads = 0;
  server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    if (request.method === "POST") {
      response.statusCode = 201;
      response.end(JSON.stringify({ requestId: "call-1", clientRequestId: "call-1-1" }));
      return;
    }
    reads++;
    const state = reads > polls ? "completed" : "scheduled";
    response.end(JSON.stringify({ request: { requestId: "call-1", state, outcome: null, attempts: 0, lastSessionId: null }, attempts: [] }));
  });
  await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("placeCall", () => {
  it("follows a call with --wait without leaving a listener on the caller's signal per poll", async () => {
    const base = await controlApi(20);
    const controller = new AbortController();
    const placed = await placeCall({ server: base, controlAuthHeader: "c0ntrol", to: "+6590000002", from: "+6560000001", wait: true, pollMs: 1, signal: controller.signal });
    expect(placed.state).toBe("completed");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
