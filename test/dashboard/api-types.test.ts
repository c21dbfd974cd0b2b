/**
 * The dashboard keeps its own copy of the read API's shapes (web/src/api-types.ts) so its bundle
 * needs nothing of the server. These checks fail the type check (`npm run typecheck`) and the
 * test when the store's types or the outcomes drift from what the dashboard reads.
 */
import { describe, expect, it } from "vitest";
import type { CampaignStatus, ExportRow } from "../../src/followup/index.js";
import type { FlowEdgeCounts, OutboundAttempt, OutboundRequest, OutcomeSeries, SessionDetail, SessionPage, SessionRecord, SessionStats } from "../../src/store/index.js";
import { OUTCOMES } from "../../src/voice/index.js";
import type * as Web from "../../web/src/api-types.js";
import { OUTCOMES as WEB_OUTCOMES } from "../../web/src/filters.js";

/** Compiles only when `T` can be used where `U` is expected. */
type Assignable<T, U> = T extends U ? true : false;
const checks: [Assignable<SessionRecord, Web.ListedSession>, Assignable<SessionPage, Web.ListedPage>, Assignable<SessionDetail, Web.SessionDetail>] = [true, true, true];
/** The reports (issue 12): `GET /api/stats/series` adds `until` to the store's series. */
const reports: [Assignable<FlowEdgeCounts, Web.FlowEdgeCounts>, Assignable<SessionStats, Web.SessionStats>, Assignable<OutcomeSeries & { until: string }, Web.OutcomeSeries>] = [true, true, true];

/** The outbound side (issue 12's outbound views): a session's request and attempts, campaigns and their rows. */
const outbound: [
  Assignable<{ request: OutboundRequest; attempts: OutboundAttempt[] }, Web.SessionOutbound>,
  Assignable<CampaignStatus, Web.CampaignStatus>,
  Assignable<{ campaign: string; rows: ExportRow[]; next: string | null }, Web.CampaignRowsPage>,
] = [true, true, true];

describe("the dashboard's copy of the read API's shapes", () => {
  it("accepts what the store returns", () => {
    expect(checks).toEqual([true, true, true]);
    expect(reports).toEqual([true, true, true]);
    expect(outbound).toEqual([true, true, true]);
  });

  it("offers the outcomes the server classifies sessions into", () => {
    expect([...WEB_OUTCOMES]).toEqual([...OUTCOMES]);
  });
});
