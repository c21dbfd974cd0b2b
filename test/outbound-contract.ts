/**
 * The outbound port's contract (`src/store/outbound-types.ts`): one suite, run against every
 * adapter beside the store contract. What it holds is what makes outbound calls exactly once:
 * an attempt is opened once however many callers race for it, closed once however often its
 * summary comes, and its request moves on once.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { OutboundRequestInput, StoreWithOutbound } from "../src/store/index.js";

export interface OutboundContractTarget {
  /** A store over empty tables. */
  open(): Promise<StoreWithOutbound>;
  /** A second store over the same data as the last `open()` (a restart). */
  reopen(): Promise<StoreWithOutbound>;
}

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const VALID_FOR = 600_000;

function request(requestId: string, overrides: Partial<OutboundRequestInput> = {}): OutboundRequestInput {
  return {
    requestId,
    campaign: null,
    contactId: null,
    to: "+6560000002",
    from: "+6560000001",
    flow: "reminder",
    vars: { name: "Ada" },
    policy: { maxAttempts: 3 },
    timezone: null,
    validForMs: VALID_FOR,
    notBefore: at(0),
    createdAt: at(0),
    ...overrides,
  };
}

export function outboundContract(name: string, target: OutboundContractTarget): void {
  describe(`${name} outbound contract`, () => {
    const opened: StoreWithOutbound[] = [];
    const open = async (how: "open" | "reopen" = "open") => {
      const store = await target[how]();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it("stores a request once, scheduled, with what it needs to be placed again", async () => {
      const { outbound } = await open();
      expect(await outbound.addOutboundRequests([request("r1"), request("r2")])).toEqual({ added: 2 });
      expect(await outbound.addOutboundRequests([request("r1", { to: "+6560009999" })])).toEqual({ added: 0 });
      const found = await outbound.getOutboundRequest("r1");
      expect(found?.attempts).toEqual([]);
      expect(found?.request).toMatchObject({
        requestId: "r1",
        to: "+6560000002",
        vars: { name: "Ada" },
        policy: { maxAttempts: 3 },
        state: "scheduled",
        attempts: 0,
        nextAttemptAt: at(0).toISOString(),
      });
      expect(await outbound.getOutboundRequest("nobody")).toBeNull();
    });

    it("opens an attempt only when due, records it as sending before it is sent, and only once", async () => {
      const { outbound } = await open();
      await outbound.addOutboundRequests([request("now"), request("later", { notBefore: at(60) })]);
      const opened = await outbound.openDueAttempts({ now: at(1), limit: 10 });
      expect(opened.map((o) => o.attempt)).toEqual([
        expect.objectContaining({ clientRequestId: "now-1", requestId: "now", attempt: 1, state: "sending", validUntil: new Date(at(1).getTime() + VALID_FOR).toISOString() }),
      ]);
      expect(opened[0]?.request).toMatchObject({ state: "dialing", attempts: 1 });
      expect(await outbound.openDueAttempts({ now: at(2), limit: 10 })).toEqual([]);
    });

    it("opens each due request once when several callers race for them", async () => {
      const { outbound } = await open();
      await outbound.addOutboundRequests(Array.from({ length: 20 }, (_, i) => request(`r${String(i).padStart(2, "0")}`)));
      const rounds = await Promise.all(Array.from({ length: 5 }, () => outbound.openDueAttempts({ now: at(1), limit: 8 })));
      const ids = rounds.flat().map((o) => o.attempt.clientRequestId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(20);
    });

    it("places an attempt once, and finds it by clientRequestId or by session", async () => {
      const { outbound } = await open();
      await outbound.addOutboundRequests([request("r1")]);
      await outbound.openDueAttempts({ now: at(1), limit: 1 });
      expect(await outbound.placeAttempt("r1-1", "session-a", at(2))).toBe(true);
      expect(await outbound.placeAttempt("r1-1", "session-b", at(3))).toBe(false);
      const byId = await outbound.findAttempt({ clientRequestId: "r1-1" });
      expect(byId?.attempt).toMatchObject({ state: "placed", sessionId: "session-a", placedAt: at(2).toISOString() });
      expect(byId?.request.lastSessionId).toBe("session-a");
      expect((await outbound.findAttempt({ sessionId: "session-a" }))?.attempt.clientRequestId).toBe("r1-1");
      expect(await outbound.findAttempt({ clientRequestId: "x-1", sessionId: "nope" })).toBeNull();
    });

    it("closes an attempt once: a second summary moves nothing, and the retry is attempt 2", async () => {
      const { outbound } = await open();
      await outbound.addOutboundRequests([request("r1")]);
      await outbound.openDueAttempts({ now: at(1), limit: 1 });
      await outbound.placeAttempt("r1-1", "s1", at(2));
      const close = { clientRequestId: "r1-1", state: "ended" as const, at: at(30), sessionStatus: "BUSY", outcome: "unreachable" };
      const results = await Promise.all([1, 2, 3].map(() => outbound.closeAttempt({ ...close, next: { retryAt: at(150), reason: "BUSY" } })));
      expect(results.filter(Boolean)).toHaveLength(1);
      const { request: scheduled, attempts } = (await outbound.getOutboundRequest("r1"))!;
      expect(scheduled).toMatchObject({ state: "scheduled", attempts: 1, nextAttemptAt: at(150).toISOString(), retryReason: "BUSY", outcome: "unreachable" });
      expect(attempts[0]).toMatchObject({ state: "ended", sessionStatus: "BUSY", outcome: "unreachable", endedAt: at(30).toISOString() });
      expect(await outbound.openDueAttempts({ now: at(149), limit: 5 })).toEqual([]);
      const second = await outbound.openDueAttempts({ now: at(150), limit: 5 });
      expect(second.map((o) => o.attempt.clientRequestId)).toEqual(["r1-2"]);
    });

    it("ends a request with its final state, its outcome and the error code", async () => {
      const { outbound } = await open();
      await outbound.addOutboundRequests([request("r1")]);
      await outbound.openDueAttempts({ now: at(1), limit: 1 });
      const closed = await outbound.closeAttempt({
        clientRequestId: "r1-1",
        state: "ended",
        at: at(5),
        sessionId: "s9",
        sessionStatus: "ERROR",
        outcome: "error",
        errorCode: -2004,
        detail: "No coverage for requested area",
        next: { final: "error" },
      });
      expect(closed).toBe(true);
      const { request: ended, attempts } = (await outbound.getOutboundRequest("r1"))!;
      expect(ended).toMatchObject({ state: "error", outcome: "error", lastErrorCode: -2004, lastSessionId: "s9", nextAttemptAt: null });
      expect(attempts[0]).toMatchObject({ state: "ended", sessionId: "s9", errorCode: -2004, detail: "No coverage for requested area" });
    });

    it("takes back an attempt that was never started, keeping its number for the resend", async () => {
      const { outbound } = await open();
      await outbound.addOutboundRequests([request("r1")]);
      await outbound.openDueAttempts({ now: at(1), limit: 1 });
      expect(await outbound.withdrawAttempt("r1-1", at(3))).toBe(true);
      expect(await outbound.withdrawAttempt("r1-1", at(3))).toBe(false);
      expect((await outbound.getOutboundRequest("r1"))?.request).toMatchObject({ state: "scheduled", attempts: 0, nextAttemptAt: at(3).toISOString() });
      const again = await outbound.openDueAttempts({ now: at(3), limit: 1 });
      expect(again.map((o) => o.attempt.clientRequestId)).toEqual(["r1-1"]);
      await outbound.placeAttempt("r1-1", "s1", at(4));
      expect(await outbound.withdrawAttempt("r1-1", at(5))).toBe(false);
    });

    it("lists open attempts past their validity and counts open attempts by scope", async () => {
      const { outbound } = await open();
      await outbound.createCampaign(campaign("spring"), [request("c1", { campaign: "spring", contactId: "2", validForMs: 60_000 })]);
      await outbound.setCampaignState("spring", ["CREATED"], "RUNNING", at(0));
      await outbound.addOutboundRequests([request("single", { validForMs: 60_000 })]);
      await outbound.openDueAttempts({ now: at(1), limit: 10 });
      expect(await outbound.countOpenAttempts()).toBe(2);
      expect(await outbound.countOpenAttempts(null)).toBe(1);
      expect(await outbound.countOpenAttempts("spring")).toBe(1);
      expect(await outbound.listExpiredAttempts({ validBefore: at(61), limit: 10 })).toEqual([]);
      const expired = await outbound.listExpiredAttempts({ validBefore: at(62), limit: 10 });
      expect(expired.map((e) => e.attempt.clientRequestId).sort()).toEqual(["c1-1", "single-1"]);
    });

    it("runs a campaign's requests only while it is RUNNING, and cancels what is still scheduled", async () => {
      const { outbound } = await open();
      const contacts = ["a", "b", "c"].map((id) => request(`spring:${id}`, { campaign: "spring", contactId: id }));
      expect(await outbound.createCampaign(campaign("spring"), contacts)).toEqual({ created: true });
      expect(await outbound.createCampaign(campaign("spring"), [])).toEqual({ created: false });
      expect(await outbound.openDueAttempts({ now: at(1), limit: 10 })).toEqual([]);
      expect(await outbound.setCampaignState("spring", ["CREATED", "PAUSED"], "RUNNING", at(1))).toBe(true);
      const first = await outbound.openDueAttempts({ now: at(1), limit: 1, campaign: "spring" });
      expect(first).toHaveLength(1);
      expect(await outbound.openDueAttempts({ now: at(1), limit: 10, campaign: null })).toEqual([]);
      expect(await outbound.setCampaignState("spring", ["RUNNING"], "PAUSED", at(2))).toBe(true);
      expect(await outbound.openDueAttempts({ now: at(2), limit: 10 })).toEqual([]);
      expect(await outbound.setCampaignState("spring", ["RUNNING"], "PAUSED", at(2))).toBe(false);
      expect(await outbound.setCampaignState("spring", ["RUNNING", "PAUSED"], "COMPLETE", at(3))).toBe(false);
      expect(await outbound.setCampaignState("spring", ["RUNNING", "PAUSED"], "CANCELED", at(3))).toBe(true);
      const record = await outbound.getCampaign("spring");
      expect(record).toMatchObject({ name: "spring", state: "CANCELED", rate: 2, concurrency: 20, total: 3, counts: { dialing: 1, canceled: 2 } });
      expect(await outbound.getCampaign("autumn")).toBeNull();
      expect((await outbound.listCampaigns()).map((c) => c.name)).toEqual(["spring"]);
    });

    it("ends canceled, not scheduled again, a request whose campaign was canceled while it was dialing", async () => {
      const { outbound } = await open();
      await outbound.createCampaign(campaign("gone"), [request("gone:1", { campaign: "gone", contactId: "1" })]);
      await outbound.setCampaignState("gone", ["CREATED"], "RUNNING", at(0));
      await outbound.openDueAttempts({ now: at(1), limit: 1, campaign: "gone" });
      expect(await outbound.setCampaignState("gone", ["RUNNING"], "CANCELED", at(2))).toBe(true);
      await outbound.closeAttempt({ clientRequestId: "gone:1-1", state: "ended", at: at(3), outcome: "unreachable", sessionStatus: "BUSY", next: { retryAt: at(150), reason: "BUSY" } });
      expect((await outbound.getOutboundRequest("gone:1"))?.request).toMatchObject({ state: "canceled", nextAttemptAt: null, outcome: "unreachable" });
      expect((await outbound.getCampaign("gone"))?.counts).toEqual({ canceled: 1 });
    });

    it("completes a campaign only once none of its requests is scheduled or dialing", async () => {
      const { outbound } = await open();
      await outbound.createCampaign(campaign("one"), [request("one:1", { campaign: "one", contactId: "1" })]);
      await outbound.setCampaignState("one", ["CREATED"], "RUNNING", at(0));
      await outbound.openDueAttempts({ now: at(1), limit: 1, campaign: "one" });
      expect(await outbound.setCampaignState("one", ["RUNNING"], "COMPLETE", at(2))).toBe(false);
      await outbound.closeAttempt({ clientRequestId: "one:1-1", state: "ended", at: at(3), outcome: "completed", sessionStatus: "COMPLETED", next: { final: "completed" } });
      expect(await outbound.setCampaignState("one", ["RUNNING"], "COMPLETE", at(4))).toBe(true);
      expect((await outbound.getCampaign("one"))?.counts).toEqual({ completed: 1 });
    });

    it("pages a campaign's requests in requestId order, and single calls apart", async () => {
      const { outbound } = await open();
      await outbound.createCampaign(campaign("p"), ["3", "1", "2"].map((id) => request(`p:${id}`, { campaign: "p", contactId: id })));
      await outbound.addOutboundRequests([request("alone")]);
      const first = await outbound.listOutboundRequests({ campaign: "p", limit: 2 });
      expect(first.map((r) => r.requestId)).toEqual(["p:1", "p:2"]);
      const rest = await outbound.listOutboundRequests({ campaign: "p", after: "p:2", limit: 2 });
      expect(rest.map((r) => r.requestId)).toEqual(["p:3"]);
      expect((await outbound.listOutboundRequests({ campaign: null, limit: 10 })).map((r) => r.requestId)).toEqual(["alone"]);
    });

    it("reads a page of requests with each one's last session: status, duration, variables and keys in order", async () => {
      const store = await open();
      const { outbound } = store;
      await outbound.createCampaign(campaign("x"), ["1", "2", "3"].map((id) => request(`x:${id}`, { campaign: "x", contactId: id })));
      await outbound.setCampaignState("x", ["CREATED"], "RUNNING", at(0));
      await outbound.openDueAttempts({ now: at(1), limit: 2, campaign: "x" });
      await outbound.placeAttempt("x:1-1", "s-answered", at(2));
      await outbound.placeAttempt("x:2-1", "s-busy", at(2));
      const answer = { callflow: [{ action: "hangup" as const }] };
      const vca = (eventId: string, keys: string | null, vars: Record<string, unknown>, seconds: number) => ({
        eventId, sessionId: "s-answered", subAccountId: "acme", callDirection: "OUTBOUND", source: "+6560000001", destination: "+6560000002",
        received: { payload: { eventId } }, receivedAt: at(seconds), answer, answeredAt: at(seconds), fallbackReason: null, vars, menu: null, keys, nextMenu: null,
      });
      await store.recordExchange(vca("e1", null, {}, 3));
      await store.recordExchange(vca("e2", "2", { choice: "2" }, 4));
      await store.recordExchange(vca("e3", "15#", { choice: "2", code: "15" }, 5));
      const details = { callA: { callDirection: "OUTBOUND", callStatus: "COMPLETED", callDuration: 42 } };
      await store.saveSummary({ sessionId: "s-answered", subAccountId: "acme", sessionStatus: "COMPLETED", payload: { sessionStatus: "COMPLETED", details }, receivedAt: at(6) });
      await store.saveSummary({ sessionId: "s-busy", subAccountId: "acme", sessionStatus: "BUSY", payload: { sessionStatus: "BUSY" }, receivedAt: at(6) });

      const first = await outbound.listOutboundResults({ campaign: "x", limit: 2 });
      expect(first.map((r) => r.request.requestId)).toEqual(["x:1", "x:2"]);
      expect(first[0]?.session).toEqual({ sessionId: "s-answered", status: "COMPLETED", durationSeconds: 42, vars: { choice: "2", code: "15" }, keys: ["2", "15#"] });
      expect(first[1]?.session).toEqual({ sessionId: "s-busy", status: "BUSY", durationSeconds: null, vars: {}, keys: [] });
      const rest = await outbound.listOutboundResults({ campaign: "x", after: "x:2", limit: 2 });
      expect(rest).toEqual([{ request: expect.objectContaining({ requestId: "x:3", lastSessionId: null }), session: null }]);
    });

    it("counts a campaign's attempts and the requests waiting for a retry", async () => {
      const { outbound } = await open();
      await outbound.createCampaign(campaign("p"), ["1", "2", "3"].map((id) => request(`p:${id}`, { campaign: "p", contactId: id })));
      expect(await outbound.getCampaignProgress("p")).toEqual({ attempts: 0, retrying: 0 });
      await outbound.setCampaignState("p", ["CREATED"], "RUNNING", at(0));
      await outbound.openDueAttempts({ now: at(1), limit: 2, campaign: "p" });
      await outbound.closeAttempt({ clientRequestId: "p:1-1", state: "ended", at: at(2), sessionStatus: "BUSY", outcome: "unreachable", next: { retryAt: at(100), reason: "BUSY" } });
      expect(await outbound.getCampaignProgress("p")).toEqual({ attempts: 2, retrying: 1 });
      expect(await outbound.getCampaignProgress("nobody")).toEqual({ attempts: 0, retrying: 0 });
    });

    it("leases jobs to one owner at a time, and a finished job never runs again", async () => {
      const store = await open();
      await store.saveSummary({
        sessionId: "s1",
        subAccountId: "acme",
        sessionStatus: "BUSY",
        payload: { sessionId: "s1", sessionStatus: "BUSY" },
        receivedAt: at(0),
        jobs: [{ key: "summary:s1", kind: "summary", runAt: at(0), payload: { sessionId: "s1" } }],
      });
      const { outbound } = store;
      const claim = (owner: string, seconds: number) => outbound.claimJobs({ kinds: ["summary"], now: at(seconds), leaseMs: 30_000, owner, limit: 10 });
      const mine = await claim("a", 1);
      expect(mine).toEqual([expect.objectContaining({ key: "summary:s1", kind: "summary", sessionId: "s1", payload: { sessionId: "s1" }, tries: 0 })]);
      expect(await claim("b", 2)).toEqual([]);
      expect(await outbound.claimJobs({ kinds: ["other"], now: at(40), leaseMs: 30_000, owner: "b", limit: 10 })).toEqual([]);
      // The lease ran out: another owner takes it, and the first can no longer finish it.
      expect((await claim("b", 31)).map((j) => j.key)).toEqual(["summary:s1"]);
      expect(await outbound.finishJob("summary:s1", "a", at(32))).toBe(false);
      expect(await outbound.deferJob("summary:s1", "b", at(100), "the forward URL answered 502")).toBe(true);
      expect(await claim("c", 99)).toEqual([]);
      expect((await claim("c", 100))[0]?.tries).toBe(1);
      expect(await outbound.finishJob("summary:s1", "c", at(101))).toBe(true);
      expect(await claim("d", 1_000)).toEqual([]);
    });

    it("says when something next becomes due: a scheduled request, a job of a kind asked for, or an open attempt past its grace", async () => {
      const store = await open();
      const { outbound } = store;
      const query = { jobKinds: ["summary"], openAttemptGraceMs: 300_000 };
      expect(await outbound.nextDueAt(query)).toBeNull();
      // A campaign not RUNNING is not due; a single call is, at its notBefore.
      await outbound.createCampaign(campaign("later"), [request("later:1", { campaign: "later", contactId: "1", notBefore: at(5) })]);
      expect(await outbound.nextDueAt(query)).toBeNull();
      await outbound.addOutboundRequests([request("r1", { notBefore: at(50) })]);
      expect(await outbound.nextDueAt(query)).toEqual(at(50));
      await outbound.setCampaignState("later", ["CREATED"], "RUNNING", at(0));
      expect(await outbound.nextDueAt(query)).toEqual(at(5));
      // Opened, the campaign's request is due when its attempt would turn unknown: validUntil plus the grace.
      await outbound.openDueAttempts({ now: at(5), limit: 1, campaign: "later" });
      expect(await outbound.nextDueAt(query)).toEqual(at(50));
      await outbound.openDueAttempts({ now: at(50), limit: 1 });
      expect(await outbound.nextDueAt(query)).toEqual(new Date(at(5).getTime() + VALID_FOR + 300_000));
      await outbound.closeAttempt({ clientRequestId: "later:1-1", state: "ended", at: at(6), sessionStatus: "COMPLETED", outcome: "completed", next: { final: "completed" } });
      await outbound.closeAttempt({ clientRequestId: "r1-1", state: "ended", at: at(60), sessionStatus: "BUSY", outcome: "unreachable", next: { retryAt: at(200), reason: "BUSY" } });
      expect(await outbound.nextDueAt(query)).toEqual(at(200));
      // Jobs: only the kinds asked for, at their runAt or the end of their lease, until done.
      await store.saveSummary({
        sessionId: "s1",
        subAccountId: "acme",
        sessionStatus: "BUSY",
        payload: { sessionId: "s1", sessionStatus: "BUSY" },
        receivedAt: at(70),
        jobs: [{ key: "summary:s1", kind: "summary", runAt: at(70), payload: { sessionId: "s1" } }],
      });
      expect(await outbound.nextDueAt({ ...query, jobKinds: ["other"] })).toEqual(at(200));
      expect(await outbound.nextDueAt(query)).toEqual(at(70));
      await outbound.claimJobs({ kinds: ["summary"], now: at(80), leaseMs: 30_000, owner: "a", limit: 1 });
      expect(await outbound.nextDueAt(query)).toEqual(at(110));
      await outbound.finishJob("summary:s1", "a", at(81));
      expect(await outbound.nextDueAt(query)).toEqual(at(200));
    });

    it("keeps requests, attempts and campaigns across a restart", async () => {
      const first = await open();
      await first.outbound.createCampaign(campaign("kept"), [request("kept:1", { campaign: "kept", contactId: "1" })]);
      await first.outbound.setCampaignState("kept", ["CREATED"], "RUNNING", at(0));
      await first.outbound.openDueAttempts({ now: at(1), limit: 1 });
      await first.close();
      const again = await open("reopen");
      expect((await again.outbound.getCampaign("kept"))?.state).toBe("RUNNING");
      expect((await again.outbound.findAttempt({ clientRequestId: "kept:1-1" }))?.attempt.state).toBe("sending");
    });
  });
}

function campaign(name: string) {
  return { name, flow: "reminder", from: "+6560000001", rate: 2, concurrency: 20, policy: { maxAttempts: 3 }, settings: { file: "contacts.csv" }, createdAt: at(0) };
}
