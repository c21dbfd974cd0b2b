/**
 * The sessions list's filters (web/src/filters.ts): the page sends only the filters the server
 * says it supports, with values it knows, and turns a named time range into `since`.
 */
import { describe, expect, it } from "vitest";
import { apiQuery, filtersFrom } from "../../web/src/filters.js";

const ALL = ["status", "outcome", "direction", "since", "q"];

describe("the sessions list's filters", () => {
  it("keeps only the filters the server supports", () => {
    const query = new URLSearchParams("status=BUSY&outcome=failed&direction=INBOUND&range=1h&q=6591");
    expect(filtersFrom(query, ["status"])).toEqual({ status: "BUSY" });
    expect(filtersFrom(query, ALL)).toEqual({ status: "BUSY", outcome: "failed", direction: "INBOUND", range: "1h", q: "6591" });
  });

  it("drops values it does not know, so a hand-edited address never sends them", () => {
    expect(filtersFrom(new URLSearchParams("status=busy&outcome=maybe&direction=SIDEWAYS&range=1y"), ALL)).toEqual({});
  });

  it("asks for sessions since now minus the range, and passes the search as typed", () => {
    const now = Date.parse("2026-11-29T12:00:00.000Z");
    expect(apiQuery({ status: "COMPLETED", range: "24h", q: "+65" }, now)).toEqual({ status: "COMPLETED", since: "2026-11-28T12:00:00.000Z", q: "+65" });
    expect(apiQuery({}, now)).toEqual({});
  });
});
