import { describe, expect, it } from "vitest";
import { CallingWindowError, nextCallTime, parseCallingWindow } from "./calling-window.js";

const at = (iso: string) => new Date(iso);
const singapore = parseCallingWindow({ from: "09:00", to: "20:00", timezone: "Asia/Singapore" });

describe("parseCallingWindow", () => {
  it("names the part at fault", () => {
    const cases = [
      [{ from: "9:00", to: "20:00", timezone: "UTC" }, "from"],
      [{ from: "09:00", to: "24:00", timezone: "UTC" }, "to"],
      [{ from: "09:00", to: "09:00", timezone: "UTC" }, "to"],
      [{ from: "09:00", to: "20:00", timezone: "Mars/Olympus" }, "timezone"],
      [{ from: "09:00", to: "20:00", timezone: "" }, "timezone"],
    ] as const;
    for (const [spec, field] of cases) {
      const error = (() => {
        try {
          parseCallingWindow(spec);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error, JSON.stringify(spec)).toBeInstanceOf(CallingWindowError);
      expect((error as CallingWindowError).field).toBe(field);
      expect((error as CallingWindowError).message).toContain(JSON.stringify(spec[field]));
    }
  });
});

describe("nextCallTime", () => {
  it("keeps an instant inside the window", () => {
    expect(nextCallTime(singapore, at("2026-11-30T03:00:00Z"))).toEqual(at("2026-11-30T03:00:00Z")); // 11:00 local
  });

  it("waits for today's opening before it and tomorrow's after the close", () => {
    expect(nextCallTime(singapore, at("2026-11-29T23:00:00Z"))).toEqual(at("2026-11-30T01:00:00Z")); // 07:00 -> 09:00
    expect(nextCallTime(singapore, at("2026-11-30T12:00:00Z"))).toEqual(at("2026-12-01T01:00:00Z")); // 20:00 is closed
  });

  it("handles a window that wraps midnight", () => {
    const night = parseCallingWindow({ from: "22:00", to: "06:00", timezone: "UTC" });
    expect(nextCallTime(night, at("2026-11-30T23:30:00Z"))).toEqual(at("2026-11-30T23:30:00Z"));
    expect(nextCallTime(night, at("2026-11-30T05:59:00Z"))).toEqual(at("2026-11-30T05:59:00Z"));
    expect(nextCallTime(night, at("2026-11-30T06:00:00Z"))).toEqual(at("2026-11-30T22:00:00Z"));
  });

  it("reads the window in the contact's own zone when one is given", () => {
    // 09:00 in London on 30 Nov (GMT) rather than in Singapore.
    expect(nextCallTime(singapore, at("2026-11-30T03:00:00Z"), "Europe/London")).toEqual(at("2026-11-30T09:00:00Z"));
  });

  it("follows daylight saving time with the wall clock", () => {
    const newYork = parseCallingWindow({ from: "09:00", to: "17:00", timezone: "America/New_York" });
    // 2026-03-08: clocks go from EST (-5) to EDT (-4); 09:00 on the 7th is 14:00Z, on the 9th 13:00Z.
    expect(nextCallTime(newYork, at("2026-03-06T23:00:00Z"))).toEqual(at("2026-03-07T14:00:00Z"));
    expect(nextCallTime(newYork, at("2026-03-08T23:00:00Z"))).toEqual(at("2026-03-09T13:00:00Z"));
  });

  it("moves an opening that the clock skips forward by the jump, and takes the first of a repeated one", () => {
    const london = parseCallingWindow({ from: "01:30", to: "03:00", timezone: "Europe/London" });
    // 2026-03-29: 01:00 GMT jumps to 02:00 BST; 01:30 never happens, 02:30 BST (01:30Z) is used.
    expect(nextCallTime(london, at("2026-03-28T12:00:00Z"))).toEqual(at("2026-03-29T01:30:00Z"));
    // 2026-10-25: 02:00 BST falls back to 01:00 GMT; 01:30 happens twice, first at 00:30Z.
    expect(nextCallTime(london, at("2026-10-24T12:00:00Z"))).toEqual(at("2026-10-25T00:30:00Z"));
  });
});
