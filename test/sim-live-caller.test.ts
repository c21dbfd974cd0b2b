/**
 * An interactive call into the restaurant through our real IVR server (the test kit's platform,
 * whose simulator runs on the instant clock): the call itself runs in real time, its events
 * stream over HTTP, a key typed during the welcome picks the hours, the flow says them and hangs
 * up, the stream ends with the summary, and the server stored the session the call made.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../src/testing/index.js";
import { openEventStream } from "./sse-reader.js";

const FLOW = fileURLToPath(new URL("../examples/restaurant.yaml", import.meta.url));

describe("an interactive call into the restaurant on the test platform", () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ flow: FLOW });
  });
  afterAll(async () => {
    await platform?.close();
  });

  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${platform.simulatorUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("hears the welcome, takes 3 typed ahead, says the hours and ends as the flow ends it", async () => {
    const placed = await post("/_sim/calls", { to: "+6560000001", interactive: true });
    expect(placed.status).toBe(201);
    const sessionId = placed.body.sessionId as string;
    const stream = await openEventStream(`${platform.simulatorUrl}/_sim/sessions/${sessionId}/events`);
    await stream.until((f) => f.event === "entry" && f.data.kind === "prompt" && /^Welcome to ABC Restaurant/.test(f.data.text));
    expect(await post(`/_sim/sessions/${sessionId}/keys`, { keys: "3" })).toEqual({ status: 202, body: { accepted: "3" } });
    await stream.until((f) => f.event === "entry" && f.data.kind === "prompt" && /^Our restaurant hours/.test(f.data.text), 40_000);
    const end = await stream.until((f) => f.event === "end", 40_000);
    expect(end.data).toMatchObject({ sessionId, state: "ended", summary: { sessionStatus: "COMPLETED" } });
    expect(end.data.heard).toEqual([expect.stringMatching(/^Welcome/), expect.stringMatching(/^Our restaurant hours/)]);
    expect(end.data.transcript.find((e: { kind: string }) => e.kind === "hangup")).toMatchObject({ by: "app" });
    expect(await post(`/_sim/sessions/${sessionId}/keys`, { keys: "1" })).toMatchObject({ status: 409, body: { code: "SB_SIM_SESSION_ENDED" } });

    const stored = await platform.session(sessionId);
    expect(stored?.summary?.sessionStatus).toBe("COMPLETED");
  });
});
