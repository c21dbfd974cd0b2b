import { describe, expect, it } from "vitest";
import { parseConfig, validateConfig } from "./config.js";
import { ConfigError } from "./errors.js";

describe("simulator config", () => {
  it("accepts a full YAML config", () => {
    const config = parseConfig(
      [
        "subaccounts:",
        "  - id: acme-sg",
        "    apiKeys: [k1, k2]",
        "    numbers:",
        "      - { msisdn: '+6560000002', referenceId: vn-acme-1 }",
        "callees:",
        "  - { number: '+6590000002', behavior: busy }",
        "clock: scaled:10",
        "vssDuplicates: 1",
        "dtmfForm: top-level",
      ].join("\n"),
      "sim.yaml",
    );
    expect(config.subaccounts?.[0]?.numbers?.[0]?.referenceId).toBe("vn-acme-1");
    expect(config.clock).toBe("scaled:10");
  });

  it.each([
    [{ clock: "fast" }, 'sim.yaml: clock: "fast" is invalid; expected real, instant or scaled:N'],
    [{ subaccounts: [{ id: "ab", apiKeys: ["k"] }] }, 'subaccounts[0].id: "ab" is invalid; expected 3 to 50 of'],
    [{ subaccounts: [{ id: "abc", apiKeys: ["k"], numbers: [{ msisdn: "65-600", referenceId: "r" }] }] }, 'subaccounts[0].numbers[0].msisdn: "65-600" is invalid; expected an E.164 number'],
    [{ subaccounts: [{ id: "abc" }] }, "subaccounts[0].apiKeys: is missing; it is required"],
    [{ callees: [{ number: "+6590000002", behavior: "sleepy" }] }, 'callees[0].behavior: "sleepy" is invalid; expected answer, busy, no-answer, fail, { error: <session error code> }, or a list of these used one per call'],
    [{ callees: [{ number: "+6590000002", behavior: ["busy", "sleepy"] }] }, 'sim.yaml: callees[0].behavior[1]: "sleepy" is invalid; expected answer, busy, no-answer, fail or { error: <session error code> }'],
    [{ callees: [{ number: "+6590000002", behavior: [{ error: -2011 }] }] }, "sim.yaml: callees[0].behavior[0].error: -2011 is invalid; expected a session error code of SPEC section 5: -2001 to -2010 or -9999"],
    [{ callees: [{ number: "+6590000002", behavior: [] }] }, "callees[0].behavior: [] is invalid; expected answer, busy"],
    [{ callees: [{ number: "+6590000002", behavior: "answer", press: "1x" }] }, 'callees[0].press: "1x" is invalid; expected keys for one capture prompt, or a list with one entry per capture prompt played'],
    [{ maxCallsPerSecond: 0 }, "maxCallsPerSecond: 0 is invalid; expected Send Callflow requests accepted per second and subaccount"],
    [{ maxConcurrentCalls: 1.5 }, "maxConcurrentCalls: 1.5 is invalid; expected sessions in progress per subaccount"],
    [{ vcaTimeoutMs: 0 }, "vcaTimeoutMs: 0 is invalid; expected how long a VCA answer may take (ms)"],
    [{ colour: "red" }, "colour: is not a known field"],
  ])("names the field, the value and the expectation for %j", (value, message) => {
    expect(() => validateConfig(value, "sim.yaml")).toThrow(ConfigError);
    expect(() => validateConfig(value, "sim.yaml")).toThrow(message);
  });

  it("accepts a callee whose behaviour is a list with a scripted session error, and the two limits", () => {
    const config = parseConfig(
      [
        "callees:",
        "  - { number: '+6590000002', behavior: [busy, no-answer, { error: -2001 }, answer], press: '1' }",
        "maxCallsPerSecond: 2",
        "maxConcurrentCalls: 10",
      ].join("\n"),
      "sim.yaml",
    );
    expect(config.callees?.[0]?.behavior).toEqual(["busy", "no-answer", { error: -2001 }, "answer"]);
    expect([config.maxCallsPerSecond, config.maxConcurrentCalls]).toEqual([2, 10]);
  });

  it("refuses duplicate subaccount ids", () => {
    expect(() => validateConfig({ subaccounts: [{ id: "abc", apiKeys: ["k"] }, { id: "abc", apiKeys: ["j"] }] })).toThrow('subaccounts[1].id: "abc" is a duplicate');
  });

  it("refuses a file that is not YAML", () => {
    expect(() => parseConfig("a: [1, 2", "bad.yaml")).toThrow(/^bad.yaml: not valid YAML or JSON/);
  });
});
