/**
 * Calls the IVR in flow.yaml as 8x8 would: switchboard-ivr/testing starts a local 8x8 platform
 * (the simulator, on an instant clock) and the Switchboard server with your flow, places calls,
 * presses keys, and hands back what the caller heard and the session summary 8x8 sent.
 * Docs: node_modules/switchboard-ivr/docs/testing.md
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "switchboard-ivr/testing";

const MAIN = "Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.";

let platform: TestPlatform;
beforeAll(async () => {
  // inProcess: the server answers without opening a socket; every webhook still takes its whole HTTP path.
  platform = await startTestPlatform({ flow: "flow.yaml", inProcess: true });
});
afterAll(async () => {
  await platform?.close();
});

describe("ABC Restaurant IVR", () => {
  it("reads the opening hours on 3, then hangs up", async () => {
    const call = await platform.dial({ press: ["3"] });
    expect(call.heard).toEqual([MAIN, "Our restaurant hours are between 9AM and 9PM every day of the week."]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
  });

  it("books a table for tomorrow on 1, 1, 2", async () => {
    const call = await platform.dial({ press: ["1", "1", "2"] });
    expect(call.heard.at(-1)).toBe("We have booked your table for tomorrow, thank you.");
  });

  it("connects the caller to a representative on 2, 1", async () => {
    const call = await platform.dial({ press: ["2", "1"] });
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
  });

  it("reports BUSY when the representative's line is busy", async () => {
    platform.setCallee("+6561115777", "busy");
    const call = await platform.dial({ press: ["2", "1"] });
    expect(call.summary.sessionStatus).toBe("BUSY");
    platform.setCallee("+6561115777", "answer");
  });

  it("ends the call politely for a caller who never presses anything", async () => {
    const call = await platform.dial({ press: ["-", "-"] }); // "-": silent for one prompt
    expect(call.heard).toEqual([MAIN, MAIN, "Invalid input, please call again."]);
  });

  it("stores the session and the summary the platform sent", async () => {
    const call = await platform.dial({ press: ["3"] });
    const stored = await call.stored();
    expect(stored?.summary?.sessionStatus).toBe("COMPLETED");
    expect(stored?.session.vcaCount).toBe(2);
  });
});
