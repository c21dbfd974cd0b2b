/**
 * Every path of examples/restaurant.yaml (8x8's Advanced IVR guide), inbound and outbound,
 * with the guide's texts; every answer is checked by validateCallflow in answer mode.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Caller, heard } from "../../test/ivr-caller.js";
import { validateCallflow } from "../voice/index.js";
import { loadIvr, outboundCallflow, type FlowApp } from "./index.js";

const MAIN = "ask: Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.";
const RESERVATIONS = "ask: Press 1 to make a new reservation, press 2 to reschedule an existing reservation, press 3 to return to main menu.";
const CONNECT = "ask: Connecting you to the next available representative. Press 1 to connect now, press 2 to return to main menu";
const BOOK = "ask: Reserving a Table, Press 1 to reserve a table for today, Press 2 to reserve a table for tomorrow.";
const RESCHEDULE = "ask: Rescheduling your reservation, Press 1 to keep your current reservation, press 2 to change your reservation to tomorrow.";
const INVALID = ["say: Invalid input, please call again.", "hangup"];

let app: FlowApp;
beforeAll(async () => {
  app = (await loadIvr("examples/restaurant.yaml")) as FlowApp;
});

async function inMenu(...digits: string[]): Promise<Caller> {
  const caller = new Caller(app);
  await caller.start();
  for (const d of digits) await caller.press(d);
  return caller;
}

describe("restaurant example (8x8 Advanced IVR guide)", () => {
  it("answers an inbound call with the main menu and a bookmark", async () => {
    const caller = new Caller(app);
    const reply = await caller.start();
    expect(heard(reply)).toEqual([MAIN]);
    expect(reply.clientActionId).toMatch(/^sb1\.main_menu\./);
  });

  it("asks with the guide's capture settings (one digit, 2 tries)", async () => {
    const reply = await new Caller(app).start();
    expect(reply.callflow[0]).toMatchObject({
      action: "sayAndCapture",
      params: { voiceProfile: "en-US-BenjaminRUS", speed: 1, minDigits: 1, maxDigits: 1, noOfTries: 2, digitTimeout: 10000, overallTimeout: 10000 },
    });
  });

  it.each([
    [["1"], RESERVATIONS],
    [["2"], CONNECT],
    [["1", "1"], BOOK],
    [["1", "2"], RESCHEDULE],
    [["1", "3"], MAIN],
    [["2", "2"], MAIN],
  ])("after %j the caller hears the next menu", async (digits, prompt) => {
    const caller = await inMenu(...digits.slice(0, -1));
    expect(heard(await caller.press(digits.at(-1) as string))).toEqual([prompt]);
  });

  it.each([
    [["3"], "say: Our restaurant hours are between 9AM and 9PM every day of the week."],
    [["1", "1", "1"], "say: We have booked your table for today, thank you."],
    [["1", "1", "2"], "say: We have booked your table for tomorrow, thank you."],
    [["1", "2", "1"], "say: Keeping your current reservation, thank you."],
    [["1", "2", "2"], "say: Changing your reservation to tomorrow thank you."],
  ])("after %j the caller hears the closing message and the call ends without a bookmark", async (digits, message) => {
    const caller = await inMenu(...digits.slice(0, -1));
    const reply = await caller.press(digits.at(-1) as string);
    expect(heard(reply)).toEqual([message, "hangup"]);
    expect(reply.clientActionId).toBeUndefined();
  });

  it("connects to the representative with the virtual number as caller ID, then thanks the caller if the call comes back", async () => {
    const caller = await inMenu("2");
    const bridged = await caller.press("1");
    expect(heard(bridged)).toEqual(["transfer: +6561115777 from +6568888888"]);
    expect(heard(await caller.press(null))).toEqual(["say: Thank you for speaking to ABC Restaurant, have a great day.", "hangup"]);
  });

  it.each([[[]], [["1"]], [["2"]], [["1", "1"]], [["1", "2"]]])("ends the call with the guide's message on wrong input after %j", async (digits) => {
    const caller = await inMenu(...digits);
    expect(heard(await caller.press("9"))).toEqual(INVALID);
  });

  it("treats no input like the guide's sample server: invalid, then hangup", async () => {
    const caller = await inMenu("1");
    expect(heard(await caller.press(null))).toEqual(INVALID);
  });

  it("replays the menu on * without counting it as wrong input", async () => {
    const caller = await inMenu("1");
    expect(heard(await caller.press("*"))).toEqual([RESERVATIONS]);
    expect(heard(await caller.press("1"))).toEqual([BOOK]);
  });

  it("builds the outbound Send Callflow body: makeCall, then the main menu's own sayAndCapture", () => {
    const body = outboundCallflow(app, { from: "+6568888888", to: "+6598888888" });
    expect(validateCallflow(body.callflow, { mode: "send" })).toEqual({ ok: true });
    expect(body.callflow.map((a) => a.action)).toEqual(["makeCall", "sayAndCapture"]);
    expect(body.callflow[0]).toEqual({ action: "makeCall", params: { source: "+6568888888", destination: "+6598888888" } });
    expect(heard({ callflow: body.callflow.slice(1) })).toEqual([MAIN]);
  });

  it.each([[undefined], ["echoed"]])("reads an outbound session's first VCA (bookmark %s) as the answer to the main menu", async (mode) => {
    const body = outboundCallflow(app, { from: "+6568888888", to: "+6598888888" });
    const caller = new Caller(app);
    const reply = await caller.answerOutbound("1", mode === "echoed" ? body.clientActionId : undefined);
    expect(heard(reply)).toEqual([RESERVATIONS]);
    expect(heard(await caller.press("2"))).toEqual([RESCHEDULE]);
  });

  it("exposes the flow's fallback: an apology, then hangup", () => {
    expect(heard(app.fallback)).toEqual(["say: Sorry, we are having technical difficulties. Please call again later.", "hangup"]);
    expect(validateCallflow(app.fallback.callflow, { mode: "answer" })).toEqual({ ok: true });
  });
});
