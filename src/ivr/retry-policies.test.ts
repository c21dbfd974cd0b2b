import { describe, expect, it } from "vitest";
import { Caller, heard } from "../../test/ivr-caller.js";
import { compileFlow } from "./compile.js";
import { DEFAULT_GOODBYE_TEXT, type Flow } from "./flow-schema.js";

const flow: Flow = {
  version: 1,
  entry: "main",
  defaults: { callerId: "+6568888888" },
  fallback: { say: "Goodbye from the fallback." },
  menus: {
    main: {
      prompt: "Main.",
      options: { "1": "other" },
      onInvalid: { replay: 1, say: "Not {{digits}}.", prompt: "Press 1." },
      onNoInput: { then: { transfer: "+6561115777", after: "Thanks for calling." } },
    },
    other: { prompt: "Other.", options: { "1": "main", "9": "hangup" } },
  },
};

describe("RetryPolicies: onInvalid and onNoInput", () => {
  it("says the policy's text and replays with its prompt while replays are left, then says the default goodbye, not the fallback", async () => {
    const caller = new Caller(compileFlow(flow));
    await caller.start();
    expect(heard(await caller.press("7"))).toEqual(["say: Not 7.", "ask: Press 1."]);
    expect(heard(await caller.press("8"))).toEqual(["say: Not 8.", `say: ${DEFAULT_GOODBYE_TEXT}`, "hangup"]);
  });

  it("ends a silent caller with the default goodbye when onNoInput names no then", async () => {
    const silent: Flow = { ...flow, menus: { ...flow.menus, main: { ...flow.menus.main!, onNoInput: { replay: 1 } } } };
    const caller = new Caller(compileFlow(silent));
    await caller.start();
    expect(heard(await caller.press(null))).toEqual(["ask: Main."]);
    expect(heard(await caller.press(null))).toEqual([`say: ${DEFAULT_GOODBYE_TEXT}`, "hangup"]);
  });

  it("counts wrong inputs per menu: entering a menu starts over", async () => {
    const caller = new Caller(compileFlow(flow));
    await caller.start();
    await caller.press("7");
    await caller.press("1");
    await caller.press("1");
    expect(heard(await caller.press("7"))).toEqual(["say: Not 7.", "ask: Press 1."]);
  });

  it("runs a policy's transfer, and the call handed back after it hears the transfer's after text", async () => {
    const caller = new Caller(compileFlow(flow));
    await caller.start();
    expect(heard(await caller.press(null))).toEqual(["transfer: +6561115777 from +6568888888"]);
    expect(heard(await caller.press(null))).toEqual(["say: Thanks for calling.", "hangup"]);
  });
});
