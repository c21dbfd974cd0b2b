import { describe, expect, it } from "vitest";
import { parseCallRate, parseFlowFlag, parseForwardUrl, shownUrl } from "./serve-outbound.js";

describe("serve's outbound flags", () => {
  it("never shows the user and password of a --forward-outcomes URL, in the banner or an error", () => {
    expect(shownUrl("https://crm:s3cret@crm.example.com/outcomes")).toBe("https://***@crm.example.com/outcomes");
    expect(shownUrl("https://crm.example.com/outcomes")).toBe("https://crm.example.com/outcomes");
    expect(() => parseForwardUrl("ftp://crm:s3cret@crm.example.com")).toThrow(/--forward-outcomes: "ftp:\/\/\*\*\*@crm\.example\.com\/?" is invalid/);
    expect(() => parseForwardUrl("ftp://crm:s3cret@crm.example.com")).not.toThrow(/s3cret/);
    // A URL without credentials is shown as typed.
    expect(() => parseForwardUrl("ftp://crm")).toThrow(/--forward-outcomes: "ftp:\/\/crm" is invalid/);
  });

  it("reads --flow name=file (or a bare file, named after it) and --max-call-rate", () => {
    expect(parseFlowFlag("reminder=flows/reminder.yaml")).toEqual(["reminder=flows/reminder.yaml"]);
    expect(parseFlowFlag("flows/survey.yaml", ["a=b.yaml"])).toEqual(["a=b.yaml", "survey=flows/survey.yaml"]);
    expect(() => parseFlowFlag("9lives=x.yaml")).toThrow(/expected name=file\.yaml/);
    expect(parseCallRate("2/s")).toBe(2);
    expect(parseCallRate("0.5")).toBe(0.5);
    expect(() => parseCallRate("0")).toThrow(/--max-call-rate "0"/);
  });
});
