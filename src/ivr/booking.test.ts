/**
 * examples/booking.yaml with examples/handlers.ts: a code handler called from a flow, its result
 * kept in vars and read by the next prompt. The handlers module imports "switchboard-ivr",
 * which resolves to dist/: build first (npx tsc -p tsconfig.build.json).
 */
import { describe, expect, it } from "vitest";
import { Caller, heard } from "../../test/ivr-caller.js";
import { loadIvr } from "./index.js";

describe("booking example (a TypeScript handler called from YAML)", () => {
  it.each([["examples/booking.yaml"], ["examples/handlers.ts"]])("loads from %s and reads the found booking back to the caller", async (path) => {
    const caller = new Caller(await loadIvr(path));
    expect(heard(await caller.start())).toEqual(["ask: Welcome back to ABC Restaurant. Please enter your 6 digit booking number."]);
    expect(heard(await caller.press("123456"))).toEqual([
      "ask: Booking 1 2 3 4 5 6 is a table for 4 on Friday the 14th at 7 PM. Press 1 to keep it, press 2 to speak to a representative, or press star to hear this again.",
    ]);
    expect(caller.vars).toMatchObject({ bookingNumber: "123456", booking: { guests: 4, date: "Friday the 14th" } });
    expect(heard(await caller.press("1"))).toEqual(["say: Thank you, see you on Friday the 14th.", "hangup"]);
  });

  it("goes to the not-found menu for an unknown booking number and lets the caller try again", async () => {
    const caller = new Caller(await loadIvr("examples/booking.yaml"));
    await caller.start();
    expect(heard(await caller.press("999999"))).toEqual([
      "ask: We could not find booking 9 9 9 9 9 9. Press 1 to try again, press 2 to speak to a representative.",
    ]);
    expect(heard(await caller.press("1"))).toEqual(["ask: Welcome back to ABC Restaurant. Please enter your 6 digit booking number."]);
  });

  it("repeats the found booking on *", async () => {
    const caller = new Caller(await loadIvr("examples/booking.yaml"));
    await caller.start();
    const found = await caller.press("654321");
    expect(heard(await caller.press("*"))).toEqual(heard(found));
  });

  it("loads a module whose default export is a single handler as the whole IVR", async () => {
    const app = await loadIvr("test/fixtures/ivr/echo-handler.ts");
    const caller = new Caller(app);
    expect(heard(await caller.start())).toEqual(["say: You called +6568888888.", "hangup"]);
  });
});
