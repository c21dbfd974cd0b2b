import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { VoiceInvalidRequestError, VoiceRateLimitError, VoiceSendOutcomeUnknownError, type SendCallflowInput, type SendCallflowResult } from "../client/index.js";
import { openDirectSqliteStore, type OutboundRequestInput, type StoreWithOutbound } from "../store/index.js";
import { Dispatcher } from "./dispatcher.js";
import { parseRetryPolicy } from "./retry-policy.js";
import { summaryJobs } from "./summary-jobs.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-dispatcher-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse("2026-11-30T03:00:00.000Z");
const policy = parseRetryPolicy({ backoff: ["2m", "10m"], jitter: 0, maxAttempts: 3 });

/**
 * A store, a clock the test moves, a scripted `send`, and a dispatcher over them. `instant`: the
 * clock is an instant one (moved only by the test), so sends are not spaced in wall time and a
 * round sends all the pacer lets go, as a test stepping the clock expects.
 */
function harness(script: (input: SendCallflowInput, n: number) => SendCallflowResult | Error = (input, n) => accepted(`session-${n}`, input), instant = false) {
  const store = openDirectSqliteStore({ path: join(dir, `d-${Math.random().toString(36).slice(2)}.db`) });
  let now = T0;
  const sent: SendCallflowInput[] = [];
  const dispatcher = new Dispatcher({
    store: store.outbound,
    now: () => new Date(now),
    ...(instant ? { clock: { mode: "instant" as const, now: () => new Date(now), idle: async () => undefined, busy: () => undefined } } : {}),
    random: () => 0.5,
    maxCallRate: 100,
    send: async (input) => {
      sent.push(input);
      const result = script(input, sent.length);
      if (result instanceof Error) throw result;
      return result;
    },
    callflowFor: (request) => ({
      callflow: [
        { action: "makeCall", params: { source: request.from, destination: request.to } },
        { action: "say", params: { text: `Hello ${request.vars.name}`, voiceProfile: "en-US-BenjaminRUS" } },
      ],
    }),
  });
  return {
    store,
    dispatcher,
    sent,
    advance(ms: number) {
      now += ms;
    },
    at: () => new Date(now),
    async round() {
      await dispatcher.tick();
      await dispatcher.idle();
    },
    /** The platform's summary of a session: stored with its jobs, as the server stores it. */
    async summary(sessionId: string, clientRequestId: string, sessionStatus: string, callStatus: string, errorCode?: number) {
      const payload = {
        sessionId,
        sessionStatus,
        clientRequestId,
        details: { callA: { callDirection: "OUTBOUND", callStatus } },
        ...(errorCode === undefined ? {} : { errorDetails: { errorCode, errorMsg: "x" } }),
      };
      const receivedAt = new Date(now);
      return store.saveSummary({ sessionId, subAccountId: "acme", sessionStatus, payload, receivedAt, jobs: summaryJobs({ sessionId, payload, receivedAt }) });
    },
  };
}

function accepted(sessionId: string, input: SendCallflowInput): SendCallflowResult {
  return { sessionId, sessionStatus: "CREATED", callFlowRequestId: "cf", statusCode: 1, statusMessage: "Created", clientRequestId: input.clientRequestId ?? "" };
}

function request(requestId: string, overrides: Partial<OutboundRequestInput> = {}): OutboundRequestInput {
  return {
    requestId,
    campaign: null,
    contactId: null,
    to: "+6560000002",
    from: "+6560000001",
    flow: "reminder",
    vars: { name: "Ada" },
    policy,
    timezone: null,
    validForMs: 600_000,
    notBefore: new Date(T0),
    createdAt: new Date(T0),
    ...overrides,
  };
}

const opened: StoreWithOutbound[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
function track<T extends { store: StoreWithOutbound }>(h: T): T {
  opened.push(h.store);
  return h;
}

describe("Dispatcher", () => {
  it("sends a due call with its attempt's clientRequestId and a validUntil, and records the session", async () => {
    const h = track(harness());
    await h.store.outbound.addOutboundRequests([request("r1")]);
    await h.round();
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]).toMatchObject({ clientRequestId: "r1-1", validUntil: new Date(T0 + 600_000).toISOString() });
    const { request: placed, attempts } = (await h.store.outbound.getOutboundRequest("r1"))!;
    expect(placed).toMatchObject({ state: "dialing", attempts: 1, lastSessionId: "session-1" });
    expect(attempts[0]).toMatchObject({ state: "placed", sessionId: "session-1" });
  });

  it("retries a busy callee after the backoff as attempt 2, and completes when the callee answers", async () => {
    const h = track(harness());
    await h.store.outbound.addOutboundRequests([request("r1")]);
    await h.round();
    await h.summary("session-1", "r1-1", "BUSY", "BUSY");
    await h.round();
    expect((await h.store.outbound.getOutboundRequest("r1"))?.request).toMatchObject({ state: "scheduled", retryReason: "BUSY", nextAttemptAt: new Date(T0 + 120_000).toISOString() });
    h.advance(119_000);
    await h.round();
    expect(h.sent).toHaveLength(1);
    h.advance(1_000);
    await h.round();
    expect(h.sent.map((s) => s.clientRequestId)).toEqual(["r1-1", "r1-2"]);
    await h.summary("session-2", "r1-2", "COMPLETED", "COMPLETED");
    await h.round();
    expect((await h.store.outbound.getOutboundRequest("r1"))?.request).toMatchObject({ state: "completed", attempts: 2, outcome: "completed" });
  });

  it("yields one retry from a summary delivered three times", async () => {
    const h = track(harness());
    await h.store.outbound.addOutboundRequests([request("r1")]);
    await h.round();
    const deliveries = await Promise.all([1, 2, 3].map(() => h.summary("session-1", "r1-1", "NO_ANSWER", "NO_ANSWER")));
    expect(deliveries.filter((d) => d.created)).toHaveLength(1);
    await h.round();
    await h.round();
    h.advance(120_000);
    await h.round();
    h.advance(600_000);
    await h.round();
    expect(h.sent.map((s) => s.clientRequestId)).toEqual(["r1-1", "r1-2"]);
  });

  it("never calls again after -2004, nor after a callee who answered and was transferred to a busy target", async () => {
    const h = track(harness());
    await h.store.outbound.addOutboundRequests([request("nocover"), request("transferred")]);
    await h.round();
    const byRequest = new Map(h.sent.map((s, i) => [s.clientRequestId, `session-${i + 1}`]));
    await h.summary(byRequest.get("nocover-1")!, "nocover-1", "ERROR", "FAILED", -2004);
    await h.summary(byRequest.get("transferred-1")!, "transferred-1", "BUSY", "COMPLETED");
    await h.round();
    h.advance(3_600_000);
    await h.round();
    expect(h.sent).toHaveLength(2);
    expect((await h.store.outbound.getOutboundRequest("nocover"))?.request).toMatchObject({ state: "error", lastErrorCode: -2004 });
    expect((await h.store.outbound.getOutboundRequest("transferred"))?.request).toMatchObject({ state: "completed" });
  });

  it("stops after maxAttempts with the last outcome", async () => {
    const h = track(harness());
    await h.store.outbound.addOutboundRequests([request("r1")]);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await h.round();
      await h.summary(`session-${attempt}`, `r1-${attempt}`, "NO_ANSWER", "NO_ANSWER");
      await h.round();
      h.advance(600_000);
    }
    await h.round();
    expect(h.sent).toHaveLength(3);
    expect((await h.store.outbound.getOutboundRequest("r1"))?.request).toMatchObject({ state: "unreachable", attempts: 3, outcome: "unreachable" });
  });

  it("takes back an attempt the platform answered 429, pauses, and resends it under the same clientRequestId", async () => {
    const h = track(harness((input, n) => (n === 1 ? new VoiceRateLimitError("429", { retryAfterMs: 5_000 }) : accepted("s", input))));
    await h.store.outbound.addOutboundRequests([request("r1")]);
    await h.round();
    expect((await h.store.outbound.getOutboundRequest("r1"))?.request).toMatchObject({ state: "scheduled", attempts: 0 });
    h.advance(4_000);
    await h.round();
    expect(h.sent).toHaveLength(1);
    h.advance(1_100);
    await h.round();
    expect(h.sent.map((s) => s.clientRequestId)).toEqual(["r1-1", "r1-1"]);
  });

  it("sends none of a round's spaced sends still waiting for their turn once the platform answered 429: they are taken back for after its Retry-After", async () => {
    const h = track(harness((input, n) => (n === 1 ? new VoiceRateLimitError("429", { retryAfterMs: 5_000 }) : accepted(`s${n}`, input))));
    await h.store.outbound.addOutboundRequests(["r1", "r2", "r3", "r4"].map((id) => request(id)));
    await h.round();
    expect(h.sent).toHaveLength(1);
    for (const id of ["r1", "r2", "r3", "r4"]) expect((await h.store.outbound.getOutboundRequest(id))?.request).toMatchObject({ state: "scheduled", attempts: 0 });
    h.advance(5_100);
    await h.round();
    expect(h.sent).toHaveLength(5);
  });

  it("ends a refused request without a retry", async () => {
    const h = track(harness(() => new VoiceInvalidRequestError("SB_CLIENT_INVALID_REQUEST", "refused", { statusCode: -1014 })));
    await h.store.outbound.addOutboundRequests([request("r1")]);
    await h.round();
    h.advance(3_600_000);
    await h.round();
    expect(h.sent).toHaveLength(1);
    const { request: ended, attempts } = (await h.store.outbound.getOutboundRequest("r1"))!;
    expect(ended).toMatchObject({ state: "failed", lastErrorCode: -1014 });
    expect(attempts[0]).toMatchObject({ state: "refused", errorCode: -1014 });
  });

  it("refuses, without sending, a request whose callflow cannot be built (its flow is not loaded here)", async () => {
    const store = openDirectSqliteStore({ path: join(dir, `d-${Math.random().toString(36).slice(2)}.db`) });
    opened.push(store);
    const sent: SendCallflowInput[] = [];
    const dispatcher = new Dispatcher({
      store: store.outbound,
      now: () => new Date(T0),
      send: async (input) => {
        sent.push(input);
        return accepted("never", input);
      },
      callflowFor: () => {
        throw new Error('flow "reminder" is not loaded by this server');
      },
    });
    await store.outbound.addOutboundRequests([request("r1")]);
    await dispatcher.tick();
    await dispatcher.idle();
    expect(sent).toHaveLength(0);
    const { request: ended, attempts } = (await store.outbound.getOutboundRequest("r1"))!;
    expect(ended).toMatchObject({ state: "failed" });
    expect(attempts[0]).toMatchObject({ state: "refused" });
    expect(await store.outbound.countOpenAttempts(null)).toBe(0);
  });

  it("never resends an attempt whose answer was lost: its summary settles it, or it turns unknown and is retried", async () => {
    const lost = () => new VoiceSendOutcomeUnknownError("no answer", { clientRequestId: "x" });
    const h = track(harness((input, n) => (n <= 2 ? lost() : accepted("s3", input))));
    await h.store.outbound.addOutboundRequests([request("reconciled"), request("silent")]);
    await h.round();
    h.advance(60_000);
    await h.round();
    expect(h.sent).toHaveLength(2);
    // The platform did place the first: its summary names it by clientRequestId.
    await h.summary("late-session", "reconciled-1", "COMPLETED", "COMPLETED");
    await h.round();
    expect((await h.store.outbound.getOutboundRequest("reconciled"))?.request).toMatchObject({ state: "completed", lastSessionId: "late-session" });
    // The other never shows up: unknown at validUntil + 5 minutes, then retried.
    h.advance(600_000 + 300_000);
    await h.round();
    const silent = (await h.store.outbound.getOutboundRequest("silent"))!;
    expect(silent.attempts[0]).toMatchObject({ state: "unknown", outcome: "unknown" });
    expect(silent.request).toMatchObject({ state: "scheduled", retryReason: "unknown" });
    h.advance(120_000);
    await h.round();
    expect(h.sent.map((s) => s.clientRequestId)).toEqual(["reconciled-1", "silent-1", "silent-2"]);
  });

  it("keeps a campaign within its rate and its concurrency, and completes it", async () => {
    // On the test's own clock: wall-time spacing (send-spacer.test.ts, test/e2e/campaign.test.ts) would hold back rounds run back to back.
    const h = track(harness(undefined, true));
    const contacts = Array.from({ length: 6 }, (_, i) => request(`c:${i}`, { campaign: "c", contactId: String(i) }));
    await h.store.outbound.createCampaign({ name: "c", flow: "reminder", from: "+6560000001", rate: 2, concurrency: 3, policy, settings: {}, createdAt: new Date(T0) }, contacts);
    await h.round();
    expect(h.sent).toHaveLength(0);
    await h.store.outbound.setCampaignState("c", ["CREATED"], "RUNNING", h.at());
    await h.round();
    expect(h.sent).toHaveLength(2);
    h.advance(1_100);
    await h.round();
    // Rate would allow 2 more, concurrency only 1.
    expect(h.sent).toHaveLength(3);
    for (let i = 0; i < 30 && (await h.store.outbound.getCampaign("c"))?.state === "RUNNING"; i += 1) {
      for (const [n, input] of h.sent.entries()) await h.summary(`session-${n + 1}`, input.clientRequestId!, "COMPLETED", "COMPLETED");
      h.advance(1_000);
      await h.round();
    }
    expect(h.sent).toHaveLength(6);
    expect(await h.store.outbound.getCampaign("c")).toMatchObject({ state: "COMPLETE", counts: { completed: 6 } });
  });
});
