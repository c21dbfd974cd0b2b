/**
 * Calls the IVR (flow.yaml with the handlers in handlers.ts) as 8x8 would: switchboard-ivr/testing
 * starts a local 8x8 platform (the simulator, on an instant clock) and the Switchboard server,
 * places calls, presses keys, and hands back what the caller heard, the session summary 8x8 sent
 * and the variables the server stored. Docs: node_modules/switchboard-ivr/docs/testing.md
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "switchboard-ivr/testing";

const ASK = "Welcome back to ABC Restaurant. Please enter your 6 digit booking number.";

let platform: TestPlatform;
beforeAll(async () => {
  // inProcess: the server answers without opening a socket; every webhook still takes its whole HTTP path.
  platform = await startTestPlatform({ flow: "handlers.ts", inProcess: true });
});
afterAll(async () => {
  await platform?.close();
});

describe("booking lookup IVR", () => {
  it("reads back a booking that exists and confirms it", async () => {
    const call = await platform.dial({ press: ["123456", "1"] });
    expect(call.heard).toEqual([
      ASK,
      "Booking 1 2 3 4 5 6 is a table for 4 on Friday the 14th at 7 PM. Press 1 to keep it, press 2 to speak to a representative, or press star to hear this again.",
      "Thank you, see you on Friday the 14th.",
    ]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
  });

  it("keeps what the handler found in the session's variables", async () => {
    const call = await platform.dial({ press: ["654321", "1"] });
    const stored = await call.stored();
    expect(stored?.session.vars).toEqual({ bookingNumber: "654321", booking: { guests: 2, date: "Saturday the 15th", time: "8 PM" } });
  });

  it("says a booking is not found and transfers the caller who asks for a representative", async () => {
    const call = await platform.dial({ press: ["999999", "2"] });
    expect(call.heard).toEqual([ASK, "We could not find booking 9 9 9 9 9 9. Press 1 to try again, press 2 to speak to a representative.", "Connecting you now."]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
  });
});
