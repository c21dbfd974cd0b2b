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
    [{ callees: [{ number: "+6590000002", behavior: "sleepy" }] }, 'callees[0].behavior: "sleepy" is invalid; expected answer, busy, no-answer or fail'],
    [{ vcaTimeoutMs: 0 }, "vcaTimeoutMs: 0 is invalid; expected how long a VCA answer may take (ms)"],
    [{ colour: "red" }, "colour: is not a known field"],
  ])("names the field, the value and the expectation for %j", (value, message) => {
    expect(() => validateConfig(value, "sim.yaml")).toThrow(ConfigError);
    expect(() => validateConfig(value, "sim.yaml")).toThrow(message);
  });

  it("refuses duplicate subaccount ids", () => {
    expect(() => validateConfig({ subaccounts: [{ id: "abc", apiKeys: ["k"] }, { id: "abc", apiKeys: ["j"] }] })).toThrow('subaccounts[1].id: "abc" is a duplicate');
  });

  it("refuses a file that is not YAML", () => {
    expect(() => parseConfig("a: [1, 2", "bad.yaml")).toThrow(/^bad.yaml: not valid YAML or JSON/);
  });
});
