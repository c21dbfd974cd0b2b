/**
 * Calls the IVR in flow.yaml as 8x8 would: switchboard-ivr/testing starts a local 8x8 platform
 * (the simulator, on an instant clock) and the Switchboard server with your flow, places calls,
 * presses keys, and hands back what the caller heard and the session summary 8x8 sent.
 * Docs: node_modules/switchboard-ivr/docs/testing.md
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "switchboard-ivr/testing";

const MAIN = "Dear customer, Thank you for contacting Xyz technical support recently. If you have resolved your issue already, press one. Or press two to speak to an agent.";
const SORRY = "Sorry, we did not understand your response. If you have resolved your issue already, press one. Or press two to speak to an agent.";
const GOODBYE = "Sorry, we could not help you on this call. Please call again later. Goodbye.";

let platform: TestPlatform;
beforeAll(async () => {
  // inProcess: the server answers without opening a socket; every webhook still takes its whole HTTP path.
  platform = await startTestPlatform({ flow: "flow.yaml", inProcess: true });
});
afterAll(async () => {
  await platform?.close();
});

describe("Simple IVR", () => {
  it("hangs up on 1 (issue resolved)", async () => {
    const call = await platform.dial({ press: ["1"] });
    expect(call.heard).toEqual([MAIN]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
  });

  it("transfers the caller to an agent on 2", async () => {
    const call = await platform.dial({ press: ["2"] });
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
  });

  it("repeats the menu on any other key, and the caller can still choose", async () => {
    const call = await platform.dial({ press: ["9", "1"] });
    expect(call.heard).toEqual([MAIN, SORRY]);
    expect(call.summary.lastAction).toBe("HANGUP");
  });

  it("says goodbye after three wrong answers", async () => {
    const call = await platform.dial({ press: ["9", "9", "9", "9"] });
    expect(call.heard).toEqual([MAIN, SORRY, SORRY, SORRY, GOODBYE]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
  });

  it("stores the session and the summary the platform sent", async () => {
    const call = await platform.dial({ press: ["1"] });
    expect((await call.stored())?.summary?.sessionStatus).toBe("COMPLETED");
  });
});
