import { describe, expect, it } from "vitest";
import { compileFlow, type Flow } from "../ivr/index.js";
import { OutboundFlows, UnknownFlowError } from "./outbound-flows.js";
import { DEFAULT_RETRY_POLICY, RetryPolicyError } from "./retry-policy.js";

const flow = (retry?: Flow["retry"]): Flow => ({
  version: 1,
  name: "reminder",
  entry: "confirm",
  ...(retry ? { retry } : {}),
  menus: {
    confirm: { prompt: "Hello {{vars.name}}, press 1 for {{ vars.date | spell }}.", options: { "1": "next" } },
    next: { prompt: "Noted, {{vars.name}}. Your code is {{vars.code}}.", options: { "9": "hangup" } },
  },
});

describe("OutboundFlows", () => {
  it("reads each flow's retry block over the defaults", () => {
    const flows = new OutboundFlows();
    flows.add("plain", null, compileFlow(flow()));
    flows.add("patient", null, compileFlow(flow({ maxAttempts: 5, backoff: ["1m"], window: { from: "09:00", to: "18:00", timezone: "Asia/Singapore" } })));
    expect(flows.policyOf("plain")).toEqual(DEFAULT_RETRY_POLICY);
    expect(flows.policyOf("patient")).toMatchObject({ maxAttempts: 5, backoffMs: [60_000], window: { fromMinute: 540, toMinute: 1080, timezone: "Asia/Singapore" } });
  });

  it("refuses a retry block that cannot work, naming its field", () => {
    const flows = new OutboundFlows();
    expect(() => flows.add("bad", null, compileFlow(flow({ errorCodes: [-2001, -2004] })))).toThrow(RetryPolicyError);
    expect(() => flows.add("bad", null, compileFlow(flow({ window: { from: "09:00", to: "18:00", timezone: "Mars/Base" } })))).toThrow(/retry\.window\.timezone/);
  });

  it("finds a flow by name or by the path it was loaded from, the first added being the default", () => {
    const flows = new OutboundFlows();
    flows.add("first", "/flows/first.yaml", compileFlow(flow()));
    flows.add("second", "/flows/second.yaml", compileFlow(flow()));
    expect(flows.resolveName(undefined)).toBe("first");
    expect(flows.resolveName("second")).toBe("second");
    expect(flows.resolveName("../flows/second.yaml", "/work")).toBe("second");
    expect(() => flows.resolveName("third")).toThrow(UnknownFlowError);
    expect(() => flows.resolveName("third")).toThrow('flow "third" is not loaded by this server (loaded: first, second)');
  });

  it("lists the variables every menu's templates read, and renders the entry prompt with a request's", () => {
    const flows = new OutboundFlows();
    flows.add("reminder", null, compileFlow(flow()));
    expect(flows.variablesOf("reminder")).toEqual(["code", "date", "name"]);
    const body = flows.callflowFor({ flow: "reminder", from: "+6560000001", to: "+6590000002", vars: { name: "Ada", date: "2026-12-01", code: "7" } } as never);
    expect(body.callflow[0]).toEqual({ action: "makeCall", params: { source: "+6560000001", destination: "+6590000002" } });
    expect(JSON.stringify(body.callflow[1])).toContain("Hello Ada");
  });
});
