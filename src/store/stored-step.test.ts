import { describe, expect, it } from "vitest";
import { camelizeKeys, readDtmf } from "../voice/index.js";
import { storedStep } from "./stored-step.js";

describe("an exchange's step read from its stored JSON (for backfills)", () => {
  it("reads the menu answered from, the digits and the menu prompted next", () => {
    expect(storedStep({ payload: { callStatus: "ACTION_COMPLETED", clientActionId: "sb1.main~book.s1.x", eventData: { dtmf: "3" } } }, '{"clientActionId":"sb1.main~book~confirm.-.y"}'))
      .toEqual({ menu: "book", keys: "3", nextMenu: "confirm" });
  });

  it("gives a call's first VCA no menu and no keys", () => {
    expect(storedStep('{"payload":{"callStatus":"CALL_RECEIVED","dtmf":"9"}}', '{"clientActionId":"sb1.main.-.y"}')).toEqual({ menu: null, keys: null, nextMenu: "main" });
  });

  it("takes an answer without a bookmark, a transfer's bookmark or another app's id as leading out of the menus", () => {
    const received = { payload: { callStatus: "ACTION_COMPLETED", clientActionId: "sb1.main.-.x", dtmf: "0" } };
    expect(storedStep(received, '{"callflow":[]}').nextMenu).toBeNull();
    expect(storedStep(received, '{"clientActionId":"sb1.main.x0.y"}').nextMenu).toBeNull();
    expect(storedStep(received, '{"clientActionId":"order-42"}').nextMenu).toBeNull();
    expect(storedStep({ payload: { callStatus: "ACTION_COMPLETED", clientActionId: "sb2.main.-.x" } }, "{}").menu).toBeNull();
  });

  it("reads nothing from what is not JSON, and never throws", () => {
    expect(storedStep("not json", "[1,")).toEqual({ menu: null, keys: null, nextMenu: null });
    expect(storedStep(null, 42)).toEqual({ menu: null, keys: null, nextMenu: null });
  });

  it("reads the digits and key cases as voice's tolerant readers do", () => {
    const payloads: Record<string, unknown>[] = [
      { eventData: { dtmf: "12" } },
      { EventData: { Dtmf: "3" } },
      { eventData: "45" },
      { dtmf: 6 },
      { Dtmf: "7", eventData: null },
      { eventData: { dtmf: "" }, dtmf: "9" },
      { eventData: {} },
      {},
    ];
    for (const payload of payloads) {
      const received = { payload: { callStatus: "ACTION_COMPLETED", ...payload } };
      expect(storedStep(received, "{}").keys).toBe(readDtmf(camelizeKeys(received.payload) as Record<string, unknown>));
    }
  });
});
