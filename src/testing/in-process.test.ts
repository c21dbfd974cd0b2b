/**
 * `startTestPlatform({ inProcess: true })`: a call runs against our server with no server socket
 * (every webhook through its inject(), registered under a name nothing else resolves), what it
 * stored is read the same way, and a webhook a test points elsewhere still goes over HTTP.
 * restaurant.test.ts runs its whole suite both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadUrl } from "../../test/free-port.js";
import { startTestPlatform, type TestPlatform } from "./index.js";

const SECRET = "in-process-secret";
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ flow: "examples/restaurant.yaml", inProcess: true, authHeader: SECRET });
});

/** Points the VCA webhook at `url` (with `secret`) for one call, then back at the server. */
async function withVca<T>(url: string, secret: string | undefined, run: () => Promise<T>): Promise<T> {
  platform.simulator.registerWebhook({ type: "VCA", url, ...(secret !== undefined ? { httpAuthHeader: secret } : {}) });
  try {
    return await run();
  } finally {
    platform.simulator.registerWebhook({ type: "VCA", url: `${platform.serverUrl}/webhooks/vca`, httpAuthHeader: SECRET });
  }
}
afterAll(async () => {
  await platform?.close();
});

describe("startTestPlatform in process", () => {
  it("answers a call with the flow through the server's inject(), and reads what it stored", async () => {
    const call = await platform.dial({ press: ["3"] });
    expect(call.heard.at(-1)).toBe("Our restaurant hours are between 9AM and 9PM every day of the week.");
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
    expect(platform.serverUrl).toBe("http://switchboard-in-process.invalid");
    expect(new Set(call.webhooks.map((w) => new URL(w.url).origin))).toEqual(new Set([platform.serverUrl]));
    expect(call.webhooks.every((w) => w.status === 200)).toBe(true);
    expect((await call.stored())?.summary?.sessionStatus).toBe("COMPLETED");
    expect((await platform.sessions()).map((s) => s.sessionId)).toContain(call.sessionId);
  });

  it("refuses a delivery without the registered secret, as the server over HTTP does", async () => {
    const call = await withVca(`${platform.serverUrl}/webhooks/vca`, "not-the-secret", () => platform.dial({ press: ["3"] }));
    expect(call.webhooks.find((w) => w.type === "VCA")?.status).toBe(401);
    expect(call.summary.sessionStatus).toBe("ERROR");
  });

  it("still delivers a webhook registered elsewhere over HTTP: a dead port ends the call in ERROR (-2002)", async () => {
    const call = await withVca(await deadUrl("/webhooks/vca"), undefined, () => platform.dial({ press: ["3"] }));
    expect(call.summary).toMatchObject({ sessionStatus: "ERROR", errorDetails: { errorCode: -2002 } });
    expect(call.webhooks.find((w) => w.type === "VCA")).toMatchObject({ status: null, error: "ECONNREFUSED" });
    expect((await call.stored())?.session.status).toBe("ERROR");
  });

  it("answers again once the VCA webhook points back at it", async () => {
    expect((await platform.dial({ press: ["3"] })).summary.sessionStatus).toBe("COMPLETED");
  });
});
