/**
 * examples/booking.yaml end to end with its TypeScript handler (examples/handlers.ts, loaded at
 * run time through tsx): the caller types a booking number, the handler looks it up, and the
 * next prompt reads the booking from the session's variables, which the server stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../src/testing/index.js";
import { assertBuilt } from "../cli-helpers.js";
import { promptOf, readFlow } from "./flow-texts.js";

const flow = readFlow("examples/booking.yaml");
const ASK = promptOf(flow, "ask_number");

let platform: TestPlatform;
beforeAll(async () => {
  // handlers.ts imports "switchboard-ivr", which resolves to dist/ through the package's self-reference.
  assertBuilt();
  // In process: what is tested is the flow and its handler, not the socket (restaurant.test.ts covers both).
  platform = await startTestPlatform({ flow: "examples/booking.yaml", inProcess: true });
});
afterAll(async () => {
  await platform?.close();
});

describe("booking example (flow + TypeScript handler) through the simulator and our server", () => {
  it("reads back a booking that exists and confirms it", async () => {
    const call = await platform.dial({ press: ["123456", "1"] });
    expect(call.heard).toEqual([
      ASK,
      "Booking 1 2 3 4 5 6 is a table for 4 on Friday the 14th at 7 PM. Press 1 to keep it, press 2 to speak to a representative, or press star to hear this again.",
      "Thank you, see you on Friday the 14th.",
    ]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    const stored = await call.stored();
    expect(stored?.session.vars).toEqual({ bookingNumber: "123456", booking: { guests: 4, date: "Friday the 14th", time: "7 PM" } });
    expect(stored?.summary?.sessionStatus).toBe("COMPLETED");
  });

  it("says a booking is not found and transfers the caller who asks for a representative", async () => {
    const call = await platform.dial({ press: ["999999", "2"] });
    expect(call.heard).toEqual([ASK, "We could not find booking 9 9 9 9 9 9. Press 1 to try again, press 2 to speak to a representative.", "Connecting you now."]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
    expect((await call.stored())?.session.vars).toEqual({ bookingNumber: "999999", booking: null });
  });

  it("lets a caller whose booking was not found try again", async () => {
    const call = await platform.dial({ press: ["111111", "1", "654321", "1"] });
    expect(call.heard[2]).toBe(ASK);
    expect(call.heard.at(-1)).toBe("Thank you, see you on Saturday the 15th.");
    expect((await call.stored())?.session.vars).toMatchObject({ bookingNumber: "654321", booking: { guests: 2 } });
  });
});
