import { describe, expect, it } from "vitest";
import { compileFlow, type Flow } from "../../ivr/index.js";
import { OutboundFlows } from "../outbound-flows.js";
import { DEFAULT_RETRY_POLICY } from "../retry-policy.js";
import { CampaignRequestError, readCampaignRequest } from "./campaign-request.js";

const reminder: Flow = {
  version: 1,
  name: "reminder",
  entry: "confirm",
  menus: { confirm: { prompt: "Hello {{vars.name}}, press 1.", options: { "1": { say: "Thanks.", then: "hangup" } } } },
};
const flows = new OutboundFlows();
flows.add("reminder", null, compileFlow(reminder));
const NOW = new Date("2026-03-02T12:00:00.000Z"); // 20:00 in Singapore, 12:00 in London
const base = { name: "spring", from: "+6560000001", csv: "phone,name\n+6590000002,Ada\n+6590000003,Bo\n" };

function refusal(body: unknown): CampaignRequestError {
  try {
    readCampaignRequest(body, flows, NOW);
  } catch (error) {
    if (error instanceof CampaignRequestError) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("readCampaignRequest", () => {
  it("makes one request per contact, ids in file order, with the campaign's settings and the flow's policy", () => {
    const plan = readCampaignRequest({ ...base, rate: 5, concurrency: 3, retry: { maxAttempts: 2 }, file: "contacts.csv" }, flows, NOW);
    expect(plan.campaign).toMatchObject({ name: "spring", flow: "reminder", from: "+6560000001", rate: 5, concurrency: 3, createdAt: NOW });
    expect(plan.campaign.settings).toEqual({ file: "contacts.csv", window: null, timezone: null, validForMs: 600_000, skipped: 0 });
    expect(plan.requests.map((r) => [r.requestId, r.contactId, r.to, r.vars, r.notBefore])).toEqual([
      ["spring:0000002", "2", "+6590000002", { name: "Ada" }, NOW],
      ["spring:0000003", "3", "+6590000003", { name: "Bo" }, NOW],
    ]);
    expect(plan.requests[0]?.policy).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
  });

  it("uses the id column for request ids, and waits for the window's next opening in each contact's time zone", () => {
    const csv = "id,phone,timezone,name\nc1,+6590000002,Asia/Singapore,Ada\nc2,+447700900001,,Bo\n";
    const plan = readCampaignRequest({ ...base, csv, window: "09:00-20:00", timezone: "Europe/London" }, flows, NOW);
    expect(plan.requests.map((r) => [r.requestId, r.contactId, r.timezone, r.notBefore.toISOString()])).toEqual([
      ["spring:c1", "c1", "Asia/Singapore", "2026-03-03T01:00:00.000Z"], // closed at 20:00 in Singapore: 09:00 tomorrow
      ["spring:c2", "c2", "Europe/London", NOW.toISOString()], // open at 12:00 in London
    ]);
    expect(plan.campaign.policy).toMatchObject({ window: { fromMinute: 540, toMinute: 1200, timezone: "Europe/London" } });
  });

  it("refuses a window without a time zone for contacts that have none", () => {
    expect(refusal({ ...base, window: "09:00-20:00" })).toMatchObject({ field: "timezone" });
    const everyoneHasOne = "phone,timezone,name\n+6590000002,Asia/Singapore,Ada\n";
    expect(readCampaignRequest({ ...base, csv: everyoneHasOne, window: "09:00-20:00" }, flows, NOW).requests).toHaveLength(1);
  });

  it.each([
    [{ name: "no spaces" }, "name"],
    [{ name: "x".repeat(41) }, "name"],
    [{ from: "12ab" }, "from"],
    [{ flow: "nope" }, "flow"],
    [{ rate: 0 }, "rate"],
    [{ concurrency: 2.5 }, "concurrency"],
    [{ window: "9-5" }, "window"],
    [{ timezone: "Mars/Olympus" }, "timezone"],
    [{ retry: { maxAttempts: 0 } }, "retry.maxAttempts"],
    [{ skipInvalid: "yes" }, "skipInvalid"],
    [{ csv: 42 }, "csv"],
  ])("refuses %j naming %s", (override, field) => {
    expect(refusal({ ...base, ...override }).field).toBe(field);
  });

  it("refuses bad rows with every problem, and leaves them out with skipInvalid", () => {
    const csv = "phone,name\n+6590000002,Ada\n12ab,Bo\n+6590000002,Cy\n";
    const refused = refusal({ ...base, csv });
    expect(refused).toMatchObject({ field: "csv", skippable: true });
    expect(refused.message).toContain("2 rows of the contacts file are invalid, so nobody is called");
    expect(refused.problems.map((p) => [p.line, p.field])).toEqual([
      [3, "phone"],
      [4, "phone"],
    ]);
    const plan = readCampaignRequest({ ...base, csv, skipInvalid: true }, flows, NOW);
    expect(plan.requests.map((r) => r.to)).toEqual(["+6590000002"]);
    expect(plan.skipped.map((p) => p.line)).toEqual([3, 4]);
    expect(plan.campaign.settings).toMatchObject({ skipped: 2 });
  });

  it("refuses a file whose header is wrong even with skipInvalid, and one with no good row left", () => {
    expect(refusal({ ...base, csv: "phone\n+6590000002\n", skipInvalid: true })).toMatchObject({ field: "csv", skippable: false, problems: [{ line: 1, field: "name" }] });
    expect(refusal({ ...base, csv: "phone,name\n12ab,Bo\n" })).toMatchObject({ field: "csv", skippable: false });
    expect(refusal({ ...base, csv: "phone,name\n12ab,Bo\n", skipInvalid: true }).message).toContain("no valid contacts are left");
  });
});
