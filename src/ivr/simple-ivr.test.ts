/** Every path of examples/simple-ivr.yaml (8x8's Simple IVR guide), outbound as in the guide and inbound. */
import { beforeAll, describe, expect, it } from "vitest";
import { Caller, heard } from "../../test/ivr-caller.js";
import { validateCallflow } from "../voice/index.js";
import { loadIvr, outboundCallflow, type FlowApp } from "./index.js";

const MAIN = "ask: Dear customer, Thank you for contacting Xyz technical support recently. If you have resolved your issue already, press one. Or press two to speak to an agent.";
const SORRY = "ask: Sorry, we did not understand your response. If you have resolved your issue already, press one. Or press two to speak to an agent.";

let app: FlowApp;
beforeAll(async () => {
  app = (await loadIvr("examples/simple-ivr.yaml")) as FlowApp;
});

describe("simple IVR example (8x8 Simple IVR guide)", () => {
  it("calls out with makeCall and the guide's prompt and capture settings", () => {
    const body = outboundCallflow(app, { from: "+6561115777", to: "+6512345678" });
    expect(validateCallflow(body.callflow, { mode: "send" })).toEqual({ ok: true });
    expect(body.callflow[1]).toMatchObject({
      action: "sayAndCapture",
      params: { promptMessage: MAIN.slice(5), maxDigits: 1, completeOnHash: false, noOfTries: 2, failureMessage: "Invalid input, please try again" },
    });
  });

  it("hangs up when the caller presses 1 (issue resolved)", async () => {
    expect(heard(await new Caller(app).answerOutbound("1"))).toEqual(["hangup"]);
  });

  it("transfers to an agent when the caller presses 2", async () => {
    expect(heard(await new Caller(app).answerOutbound("2"))).toEqual(["transfer: +6561115777 from +6512345678"]);
  });

  it("repeats the menu with the guide's 'Sorry' prompt on any other digit, three times, then apologises and hangs up", async () => {
    const caller = new Caller(app);
    expect(heard(await caller.answerOutbound("7"))).toEqual([SORRY]);
    expect(heard(await caller.press("5"))).toEqual([SORRY]);
    expect(heard(await caller.press("9"))).toEqual([SORRY]);
    expect(heard(await caller.press("3"))).toEqual(heard(app.fallback));
  });

  it("still accepts 1 or 2 after a wrong digit", async () => {
    const caller = new Caller(app);
    await caller.answerOutbound("7");
    expect(heard(await caller.press("2"))).toEqual(["transfer: +6561115777 from +6512345678"]);
  });

  it("offers the menu once more when 8x8's own tries passed in silence, then falls back", async () => {
    const caller = new Caller(app);
    expect(heard(await caller.answerOutbound(null))).toEqual([SORRY]);
    expect(heard(await caller.press(null))).toEqual(heard(app.fallback));
  });

  it("answers an inbound call with the same menu", async () => {
    const caller = new Caller(app);
    expect(heard(await caller.start())).toEqual([MAIN]);
    expect(heard(await caller.press("1"))).toEqual(["hangup"]);
  });
});
