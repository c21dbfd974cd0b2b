import { describe, expect, it } from "vitest";
import { compileFlow, type Flow } from "../ivr/index.js";
import { readCallRequest } from "./call-request.js";
import { OutboundFlows } from "./outbound-flows.js";

const flow: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  retry: { window: { from: "09:00", to: "20:00", timezone: "Asia/Singapore" } },
  menus: { confirm: { prompt: "Hello, press 1.", options: { "1": "hangup" } } },
};

describe("readCallRequest", () => {
  it("holds the first attempt until the calling window opens, in the contact's zone when given (docs/outbound.md, Calling windows)", () => {
    const flows = new OutboundFlows();
    flows.add("reminder", null, compileFlow(flow));
    const policyOf = (name: string) => flows.policyOf(name);
    // 23:00 in Singapore: outside 09:00-20:00, so the first attempt waits for 09:00 the next day.
    const late = new Date("2026-11-29T15:00:00.000Z");
    const body = { to: "+6590000002", from: "+6560000001", flow: "reminder" };
    expect(readCallRequest(body, flows, late, policyOf).notBefore.toISOString()).toBe("2026-11-30T01:00:00.000Z");
    // The contact's own zone wins: 10:00 in London is inside the window.
    const inLondon = new Date("2026-11-29T10:00:00.000Z");
    expect(readCallRequest({ ...body, timezone: "Europe/London" }, flows, inLondon, policyOf).notBefore).toEqual(inLondon);
    // Inside the window: at once.
    const noon = new Date("2026-11-29T04:00:00.000Z");
    expect(readCallRequest(body, flows, noon, policyOf).notBefore).toEqual(noon);
  });
});
