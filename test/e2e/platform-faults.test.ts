/**
 * What the platform does when things go wrong, seen end to end: a VCA endpoint that is down
 * (the session ends in ERROR and the server still gets the summary), and duplicate VSS
 * deliveries (at-least-once) that the server must store once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../src/testing/index.js";
import { deadUrl } from "../free-port.js";

let platform: TestPlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

describe("platform faults end to end", () => {
  it("a VCA endpoint that is down ends the call in ERROR (-2002), and our server stores that summary", async () => {
    platform = await startTestPlatform({ flow: "examples/restaurant.yaml" });
    // VSS and VCS still reach our server; only the VCA webhook points at a closed port.
    platform.simulator.registerWebhook({ type: "VCA", url: await deadUrl("/webhooks/vca") });
    const call = await platform.dial({ press: ["3"] });
    expect(call.heard).toEqual([]);
    expect(call.summary.sessionStatus).toBe("ERROR");
    expect(call.summary.errorDetails?.errorCode).toBe(-2002);
    expect(call.webhooks.find((w) => w.type === "VCA")).toMatchObject({ status: null });
    const stored = await call.stored();
    expect(stored?.session.status).toBe("ERROR");
    expect(stored?.summary?.payload).toMatchObject({ sessionStatus: "ERROR", errorDetails: { errorCode: -2002 } });
  });

  it("a whole server that is down: the call ends in ERROR with errorDetails, nothing crashes", async () => {
    const url = await deadUrl();
    platform = await startTestPlatform({ url });
    const call = await platform.dial({ press: ["1"] });
    expect(call.summary).toMatchObject({ sessionStatus: "ERROR", errorDetails: { errorCode: -2002 } });
    expect(call.webhooks.filter((w) => w.type === "VSS").every((w) => w.status === null)).toBe(true);
  });

  it("duplicate VSS deliveries are all acknowledged but stored once: the read API shows one session", async () => {
    platform = await startTestPlatform({ flow: "examples/restaurant.yaml", simulator: { vssDuplicates: 2 } });
    const call = await platform.dial({ press: ["3"] });
    const vss = call.webhooks.filter((w) => w.type === "VSS");
    expect(vss).toHaveLength(3);
    expect(vss.map((w) => w.status)).toEqual([200, 200, 200]);
    expect(vss.filter((w) => w.duplicate)).toHaveLength(2);
    const sessions = await platform.sessions();
    expect(sessions.map((s) => s.sessionId)).toEqual([call.sessionId]);
    expect(sessions[0]?.status).toBe("COMPLETED");
    expect((await call.stored())?.summary?.sessionStatus).toBe("COMPLETED");
  });

  it("refuses deliveries without the registered secret: a platform with the wrong auth header gets ERROR", async () => {
    platform = await startTestPlatform({ flow: "examples/restaurant.yaml" });
    platform.simulator.registerWebhook({ type: "VCA", url: `${platform.serverUrl}/webhooks/vca`, httpAuthHeader: "not-the-secret" });
    const call = await platform.dial({ press: ["3"] });
    expect(call.webhooks.find((w) => w.type === "VCA")?.status).toBe(401);
    expect(call.summary.sessionStatus).toBe("ERROR");
  });
});
