/**
 * The store contract: one suite, run against every adapter (SQLite on a temp file, Postgres on a
 * real server), so the adapters cannot drift apart. Each adapter's test file calls
 * `storeContract` with a way to open a fresh store and to reopen the same data.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ACTIVE_STATUS, STORE_ERROR_CODES, type SessionRecord, type Store, type StoreWithOutbound, type VcaExchange } from "../src/store/index.js";
import type { VcaAnswer } from "../src/voice/index.js";

export interface ContractTarget {
  /** A store over empty tables. */
  open(): Promise<Store>;
  /** A second store over the same data as the last `open()` (a restart). */
  reopen(): Promise<Store>;
}

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const say = (text: string): VcaAnswer => ({ clientActionId: text, callflow: [{ action: "say", params: { text, voiceProfile: "en-US-BenjaminRUS" } }] });

function exchange(overrides: Partial<VcaExchange> & { eventId: string; sessionId: string }): VcaExchange {
  return {
    subAccountId: "acme",
    callDirection: "INBOUND",
    source: "+6591110001",
    destination: "+6568880000",
    received: { payload: { eventId: overrides.eventId } },
    receivedAt: at(0),
    answer: say("menu"),
    answeredAt: at(0),
    fallbackReason: null,
    vars: {},
    ...overrides,
  };
}

/** A VSS payload whose first leg went `direction`, with its numbers, duration and MOS. */
function vss(sessionStatus: string, leg: Record<string, unknown>, extra: Record<string, unknown> = {}): { sessionStatus: string; payload: unknown } {
  return { sessionStatus, payload: { sessionStatus, details: { callA: leg }, ...extra } };
}

const ids = (page: { sessions: SessionRecord[] }) => page.sessions.map((s) => s.sessionId);

/**
 * Five sessions: two inbound ones ended (completed, busy), an outbound call nobody answered (a
 * VSS and no VCA), an outbound call that ended in ERROR, and an inbound one still active.
 */
async function storeMixedSessions(store: Store): Promise<void> {
  const inbound = (n: number, source: string) =>
    store.recordExchange(exchange({ eventId: `e-in-${n}`, sessionId: `s-in-${n}`, source, receivedAt: at(n), answeredAt: at(n) }));
  const end = (sessionId: string, seconds: number, summary: { sessionStatus: string; payload: unknown }) =>
    store.saveSummary({ sessionId, subAccountId: "acme", receivedAt: at(seconds), ...summary });
  await inbound(1, "+6591110001");
  await end("s-in-1", 20, vss("COMPLETED", { callDirection: "INBOUND", callStatus: "COMPLETED", callDuration: 30, callQuality: { mos: 4 } }));
  await inbound(2, "+6591112222");
  await end("s-in-2", 21, vss("BUSY", { callDirection: "INBOUND", callStatus: "BUSY", callDuration: 0 }));
  await end("s-out-1", 3, vss("NO_ANSWER", { callDirection: "OUTBOUND", callStatus: "NO_ANSWER", source: "+6568880000", destination: "+6597771234", callDuration: 0 }));
  await store.recordExchange(exchange({ eventId: "e-out-2", sessionId: "s-out-2", callDirection: "OUTBOUND", source: "+6568880000", destination: "+6597775678", receivedAt: at(4), answeredAt: at(4) }));
  await end("s-out-2", 22, vss("ERROR", { callDirection: "OUTBOUND", callStatus: "FAILED", callDuration: 60, callQuality: { mos: 3 } }, { errorDetails: { errorCode: -2010, errorMsg: "limit" } }));
  await inbound(5, "+6591113333");
}

export function storeContract(name: string, target: ContractTarget): void {
  describe(`${name} store contract`, () => {
    const opened: Store[] = [];
    const open = async () => {
      const store = await target.open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it("knows nothing about a new event or session", async () => {
      const store = await open();
      expect(await store.loadForEvent("e-1", "s-1")).toEqual({ cachedAnswer: null, vars: {} });
      expect(await store.getSession("s-1")).toBeNull();
    });

    it("remembers an answer by eventId and the session's variables", async () => {
      const store = await open();
      const result = await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", answer: say("main"), vars: { digits: "12" } }));
      expect(result).toEqual({ recorded: true, answer: say("main") });
      expect(await store.loadForEvent("e-1", "s-1")).toEqual({ cachedAnswer: say("main"), vars: { digits: "12" } });
      expect(await store.loadForEvent("e-2", "s-1")).toEqual({ cachedAnswer: null, vars: { digits: "12" } });
    });

    it("keeps the first answer when the same eventId is recorded twice", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", answer: say("first") }));
      const again = await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", answer: say("second") }));
      expect(again).toEqual({ recorded: false, answer: say("first") });
      const detail = await store.getSession("s-1");
      expect(detail?.timeline).toHaveLength(2);
      expect(detail?.session.vcaCount).toBe(1);
    });

    it("sends every racing delivery of one eventId the first answer, and records it once", async () => {
      const store = await open();
      const results = await Promise.all(["first", "second", "third"].map((text) => store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", answer: say(text) }))));
      expect(results).toEqual([{ recorded: true, answer: say("first") }, { recorded: false, answer: say("first") }, { recorded: false, answer: say("first") }]);
      expect((await store.getSession("s-1"))?.session.vcaCount).toBe(1);
    });

    it("keeps the first answer for a repeated eventId across a restart", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", answer: say("first"), vars: { step: 1 } }));
      await store.close();
      const again = await target.reopen();
      opened.push(again);
      expect(await again.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", answer: say("second"), vars: { step: 2 } })))
        .toEqual({ recorded: false, answer: say("first") });
      expect(await again.loadForEvent("e-2", "s-1")).toEqual({ cachedAnswer: null, vars: { step: 1 } });
      expect((await again.getSession("s-1"))?.session.vcaCount).toBe(1);
    });

    it("recognises a repeated first event after a restart, and takes an unknown one for a new session", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-open", sessionId: "s-1", answer: say("first"), vars: { step: 1 } }));
      await store.close();
      const again = await target.reopen();
      opened.push(again);
      expect(await again.loadForEvent("e-open", "s-1")).toEqual({ cachedAnswer: say("first"), vars: { step: 1 } });
      expect(await again.loadForEvent("e-other", "s-2")).toEqual({ cachedAnswer: null, vars: {} });
      await again.recordExchange(exchange({ eventId: "e-other", sessionId: "s-2", answer: say("hello"), vars: { step: 9 } }));
      expect(await again.loadForEvent("e-other", "s-2")).toEqual({ cachedAnswer: say("hello"), vars: { step: 9 } });
      expect((await again.getSession("s-2"))?.session.vcaCount).toBe(1);
    });

    it("stores the received and answer texts it is given", async () => {
      const store = await open();
      const answer = say("as sent");
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", received: { a: 1 }, receivedText: '{"a": 1}', answer, answerText: JSON.stringify(answer) }));
      expect((await store.loadForEvent("e-1", "s-1")).cachedAnswer).toEqual(answer);
      expect((await store.getSession("s-1"))?.timeline.map((t) => t.body)).toEqual([{ a: 1 }, { answer, fallbackReason: null }]);
    });

    it("commits a summary's jobs with it, once however often the summary is delivered", async () => {
      const store = await open();
      const summary = (jobs: { key: string; runAt: Date }[]) => ({
        sessionId: "s-1", subAccountId: "acme", sessionStatus: "BUSY", payload: { n: 1 }, receivedAt: at(5),
        jobs: jobs.map((job) => ({ ...job, kind: "retry", payload: { attempt: 2, to: "+6591110001" } })),
      });
      expect(await store.saveSummary(summary([{ key: "retry:r-1:2", runAt: at(125) }]))).toEqual({ created: true });
      // Delivered again (8x8 delivers at least once): no second job, even under another key.
      expect(await store.saveSummary(summary([{ key: "retry:r-1:2", runAt: at(125) }, { key: "retry:r-1:3", runAt: at(600) }]))).toEqual({ created: false });
      await store.saveSummary({ ...summary([]), sessionId: "s-2" });
      expect(await store.listJobs({ limit: 10 })).toEqual([
        { key: "retry:r-1:2", kind: "retry", sessionId: "s-1", runAt: at(125).toISOString(), payload: { attempt: 2, to: "+6591110001" }, createdAt: at(5).toISOString() },
      ]);
      expect(await store.listJobs({ kind: "forward-outcome", limit: 10 })).toEqual([]);
    });

    it("fails only the summary whose jobs cannot be written, not the ones delivered with it", async () => {
      const store = await open();
      // A summaryJobs hook's bug: a payload JSON cannot hold (a BigInt), in the middle of a group.
      const summary = (sessionId: string, payload: unknown = { sessionId }) => ({
        sessionId, subAccountId: "acme", sessionStatus: "COMPLETED", payload: {}, receivedAt: at(9),
        jobs: [{ key: `forward:${sessionId}`, kind: "forward-outcome", runAt: at(10), payload: payload as Record<string, unknown> }],
      });
      const results = await Promise.allSettled([summary("s-1"), summary("s-2"), summary("s-bad", { n: 1n }), summary("s-3"), summary("s-4")].map((s) => store.saveSummary(s)));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
      expect((await store.listJobs({ kind: "forward-outcome", limit: 10 })).map((job) => job.sessionId)).toEqual(["s-1", "s-2", "s-3", "s-4"]);
    });

    it("stores many summaries delivered at once each once, and fails only the one that cannot be stored", async () => {
      const store = await open();
      const summary = (sessionId: string, sessionStatus = "COMPLETED") => ({ sessionId, subAccountId: "acme", sessionStatus, payload: { sessionId }, receivedAt: at(9) });
      const ids = ["s-1", "s-2", "s-3", "s-2", "s-4", "s-1"];
      const results = await Promise.allSettled([...ids.map((id) => store.saveSummary(summary(id))), store.saveSummary(summary("s-bad", null as unknown as string))]);
      expect(results.slice(0, ids.length).map((r) => (r.status === "fulfilled" ? r.value.created : r.reason))).toEqual([true, true, true, false, true, false]);
      // A value the database refuses is not the database being down: the server must not answer 503.
      expect(results.at(-1)).toMatchObject({ status: "rejected", reason: { code: STORE_ERROR_CODES.VALUE_REFUSED } });
      const listed = await store.listSessions({ limit: 10 });
      expect(listed.sessions.map((s) => s.sessionId).sort()).toEqual(["s-1", "s-2", "s-3", "s-4"]);
      expect((await store.getSession("s-4"))?.summary?.payload).toEqual({ sessionId: "s-4" });
    });

    it("stores neither a summary nor its jobs when one of them cannot be written", async () => {
      const store = await open();
      const broken = { key: "retry:r-2:2", kind: null as unknown as string, runAt: at(60), payload: {} };
      await expect(store.saveSummary({ sessionId: "s-1", subAccountId: null, sessionStatus: "BUSY", payload: {}, receivedAt: at(1), jobs: [broken] }))
        .rejects.toMatchObject({ code: STORE_ERROR_CODES.VALUE_REFUSED });
      expect(await store.getSession("s-1")).toBeNull();
      expect(await store.listJobs({ limit: 10 })).toEqual([]);
      // Delivered again, it is stored whole.
      expect(await store.saveSummary({ sessionId: "s-1", subAccountId: null, sessionStatus: "BUSY", payload: {}, receivedAt: at(1), jobs: [{ ...broken, kind: "retry" }] }))
        .toEqual({ created: true });
      expect((await store.listJobs({ limit: 10 })).map((job) => job.key)).toEqual(["retry:r-2:2"]);
    });

    it("reads back stored deliveries nested too deeply to show as a placeholder, and still answers", async () => {
      const store = await open();
      const deepText = (levels: number) => '{"payload":' + "[".repeat(levels) + "1" + "]".repeat(levels) + "}";
      const deepValue = (levels: number) => JSON.parse(deepText(levels)) as unknown;
      await store.recordExchange(exchange({ eventId: "e-deep", sessionId: "s-1", received: {}, receivedText: deepText(1000) }));
      await store.saveSummary({ sessionId: "s-1", subAccountId: null, sessionStatus: "COMPLETED", payload: deepValue(1000), receivedAt: at(3) });
      await store.recordCallStatus({ eventId: "v-deep", sessionId: "s-1", callId: null, callStatus: "CALL_CONNECTED", payload: deepValue(1000), receivedAt: at(2) });
      const detail = await store.getSession("s-1");
      const placeholder = { unreadable: expect.stringContaining("nested deeper than"), bytes: expect.any(Number) };
      expect(detail?.timeline[0]?.body).toEqual(placeholder);
      expect(detail?.summary?.payload).toEqual(placeholder);
      expect(detail?.callStatuses[0]?.payload).toEqual(placeholder);
      // What is shallow enough reads as it was.
      await store.recordExchange(exchange({ eventId: "e-ok", sessionId: "s-2", received: {}, receivedText: deepText(100) }));
      expect((await store.getSession("s-2"))?.timeline[0]?.body).toEqual(deepValue(100));
    });

    it("keeps the stored variables when an exchange carries none (a fallback)", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", vars: { step: 1 } }));
      await store.recordExchange(exchange({ eventId: "e-2", sessionId: "s-1", vars: null, fallbackReason: "timeout" }));
      expect((await store.loadForEvent("e-3", "s-1")).vars).toEqual({ step: 1 });
    });

    it("hands out a copy of the variables: a handler that changes them and then fails changes nothing stored", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", vars: { step: 1 } }));
      const loaded = await store.loadForEvent("e-2", "s-1");
      loaded.vars.step = 99;
      await store.recordExchange(exchange({ eventId: "e-2", sessionId: "s-1", vars: null, fallbackReason: "error" }));
      expect((await store.loadForEvent("e-3", "s-1")).vars).toEqual({ step: 1 });
    });

    it("lists each VCA received and each answer sent in order", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", received: { n: 1 }, receivedAt: at(1), answeredAt: at(1), answer: say("one") }));
      await store.recordExchange(exchange({ eventId: "e-2", sessionId: "s-1", received: { n: 2 }, receivedAt: at(2), answeredAt: at(2), answer: say("two"), fallbackReason: "error", vars: null }));
      const detail = await store.getSession("s-1");
      expect(detail?.timeline.map((t) => [t.kind, t.eventId, t.at])).toEqual([
        ["vca", "e-1", at(1).toISOString()],
        ["answer", "e-1", at(1).toISOString()],
        ["vca", "e-2", at(2).toISOString()],
        ["answer", "e-2", at(2).toISOString()],
      ]);
      expect(detail?.timeline[0]?.body).toEqual({ n: 1 });
      expect(detail?.timeline[3]?.body).toEqual({ answer: say("two"), fallbackReason: "error" });
      expect(detail?.session).toMatchObject({ sessionId: "s-1", status: ACTIVE_STATUS, subAccountId: "acme", callDirection: "INBOUND", vcaCount: 2 });
      expect(detail?.session.createdAt).toBe(at(1).toISOString());
      expect(detail?.session.updatedAt).toBe(at(2).toISOString());
    });

    it("stores a session summary once and sets the session's status from it", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1" }));
      const first = await store.saveSummary({ sessionId: "s-1", subAccountId: "acme", sessionStatus: "COMPLETED", payload: { callCount: 1 }, receivedAt: at(5) });
      const second = await store.saveSummary({ sessionId: "s-1", subAccountId: "acme", sessionStatus: "ERROR", payload: { callCount: 9 }, receivedAt: at(6) });
      expect(first).toEqual({ created: true });
      expect(second).toEqual({ created: false });
      const detail = await store.getSession("s-1");
      expect(detail?.summary).toEqual({ sessionStatus: "COMPLETED", receivedAt: at(5).toISOString(), payload: { callCount: 1 } });
      expect(detail?.session.status).toBe("COMPLETED");
    });

    it("creates the session from a summary that arrives without any VCA (an unanswered outbound call)", async () => {
      const store = await open();
      await store.saveSummary({ sessionId: "s-out", subAccountId: "acme", sessionStatus: "NO_ANSWER", payload: {}, receivedAt: at(1) });
      const detail = await store.getSession("s-out");
      expect(detail?.session).toMatchObject({ sessionId: "s-out", status: "NO_ANSWER", vcaCount: 0, vars: {} });
      expect(detail?.timeline).toEqual([]);
    });

    it("keeps the summary's status when a late VCA of the same session arrives, and takes the caller's details from it", async () => {
      const store = await open();
      await store.saveSummary({ sessionId: "s-1", subAccountId: "acme", sessionStatus: "COMPLETED", payload: {}, receivedAt: at(1) });
      // Read first, as the server does: the store now knows the session (made by the summary).
      await store.loadForEvent("e-late", "s-1");
      await store.recordExchange(exchange({ eventId: "e-late", sessionId: "s-1", receivedAt: at(2), answeredAt: at(2) }));
      const session = (await store.getSession("s-1"))?.session;
      expect(session).toMatchObject({ status: "COMPLETED", callDirection: "INBOUND", vcaCount: 1, updatedAt: at(2).toISOString() });
    });

    it("counts every VCA and keeps the newest variables, whether or not a VCA changed them", async () => {
      const store = await open();
      await store.loadForEvent("e-1", "s-1");
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", vars: {}, receivedAt: at(1), answeredAt: at(1) }));
      await store.loadForEvent("e-2", "s-1");
      await store.recordExchange(exchange({ eventId: "e-2", sessionId: "s-1", vars: { menu: "1" }, receivedAt: at(2), answeredAt: at(2) }));
      for (const n of [3, 4]) {
        await store.loadForEvent(`e-${n}`, "s-1");
        await store.recordExchange(exchange({ eventId: `e-${n}`, sessionId: "s-1", vars: { menu: "1" }, receivedAt: at(n), answeredAt: at(n) }));
      }
      const listed = (await store.listSessions({ limit: 5 })).sessions[0];
      expect(listed).toMatchObject({ sessionId: "s-1", vcaCount: 4, vars: { menu: "1" }, createdAt: at(1).toISOString(), updatedAt: at(4).toISOString() });
      expect((await store.getSession("s-1"))?.session).toEqual(listed);
      // A store opened afresh reads the same.
      await store.close();
      const again = await target.reopen();
      opened.push(again);
      expect((await again.getSession("s-1"))?.session).toEqual(listed);
      expect((await again.loadForEvent("e-5", "s-1")).vars).toEqual({ menu: "1" });
    });

    it("stores call status telemetry once per eventId", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1" }));
      const status = { eventId: "v-1", sessionId: "s-1", callId: "c-1", callStatus: "CALL_CONNECTED", payload: { a: 1 }, receivedAt: at(1) };
      await store.recordCallStatus(status);
      await store.recordCallStatus(status);
      await store.recordCallStatus({ ...status, eventId: null, callStatus: "CALL_DISCONNECTED", receivedAt: at(2) });
      const detail = await store.getSession("s-1");
      expect(detail?.callStatuses.map((s) => s.callStatus)).toEqual(["CALL_CONNECTED", "CALL_DISCONNECTED"]);
      expect(detail?.callStatuses[0]).toEqual({ eventId: "v-1", callId: "c-1", callStatus: "CALL_CONNECTED", at: at(1).toISOString(), payload: { a: 1 } });
    });

    it("pages through sessions newest first without gaps or repeats, filtered by status", async () => {
      const store = await open();
      for (let i = 0; i < 5; i++) {
        await store.recordExchange(exchange({ eventId: `e-${i}`, sessionId: `s-${i}`, receivedAt: at(i), answeredAt: at(i) }));
      }
      // Two sessions share a creation time: the session id breaks the tie.
      await store.recordExchange(exchange({ eventId: "e-x", sessionId: "s-x", receivedAt: at(4), answeredAt: at(4) }));
      await store.saveSummary({ sessionId: "s-1", subAccountId: "acme", sessionStatus: "COMPLETED", payload: {}, receivedAt: at(9) });
      await store.saveSummary({ sessionId: "s-3", subAccountId: "acme", sessionStatus: "COMPLETED", payload: {}, receivedAt: at(9) });

      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await store.listSessions({ limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...result.sessions.map((s) => s.sessionId));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen).toEqual(["s-x", "s-4", "s-3", "s-2", "s-1", "s-0"]);

      const completed = await store.listSessions({ status: "COMPLETED", limit: 10 });
      expect(completed.sessions.map((s) => s.sessionId)).toEqual(["s-3", "s-1"]);
      expect(completed.nextCursor).toBeNull();
      const active = await store.listSessions({ status: ACTIVE_STATUS, limit: 10 });
      expect(active.sessions.map((s) => s.sessionId)).toEqual(["s-x", "s-4", "s-2", "s-0"]);
    });

    it("refuses a cursor it did not hand out", async () => {
      const store = await open();
      await expect(store.listSessions({ limit: 2, cursor: "not-a-cursor" })).rejects.toMatchObject({ code: STORE_ERROR_CODES.BAD_CURSOR });
    });

    it("refuses a well-formed cursor holding a time no store hands out, rather than failing as if it were down", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1" }));
      const forged = (createdAt: string, sessionId: string) => Buffer.from(JSON.stringify([createdAt, sessionId])).toString("base64url");
      for (const cursor of [forged("yesterday", "s-1"), forged("2026-02-31T00:00:00.000Z", "s-1"), forged("+002026-03-01T10:00:00.000Z", "s-1")]) {
        await expect(store.listSessions({ limit: 2, cursor })).rejects.toMatchObject({ code: STORE_ERROR_CODES.BAD_CURSOR });
      }
    });

    it("stores free text holding U+0000, control characters and unpaired surrogates as it was given", async () => {
      const store = await open();
      const text = "a\u0000b\u0001c\ud800d\udc00e \ud83d\ude00";
      const received = { payload: { eventId: "e-1", callerName: text, [`key${text}`]: 1 } };
      const vars = { note: text, list: [text] };
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", received, receivedText: JSON.stringify(received), vars }));
      await store.saveSummary({ sessionId: "s-1", subAccountId: "acme", sessionStatus: "ERROR", payload: { errorDetails: { errorMsg: text } }, receivedAt: at(2) });
      await store.recordCallStatus({ eventId: "v-1", sessionId: "s-1", callId: "c-1", callStatus: "CALL_CONNECTED", payload: { source: text }, receivedAt: at(1) });
      expect((await store.loadForEvent("e-2", "s-1")).vars).toEqual(vars);
      const detail = await store.getSession("s-1");
      expect(detail?.timeline[0]?.body).toEqual(received);
      expect(detail?.session.vars).toEqual(vars);
      expect(detail?.summary?.payload).toEqual({ errorDetails: { errorMsg: text } });
      expect(detail?.callStatuses[0]?.payload).toEqual({ source: text });
    });

    it("knows no session by an id holding U+0000 (the server refuses such ids)", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1" }));
      expect(await store.getSession("s-1\u0000")).toBeNull();
    });

    it("keeps everything across a restart", async () => {
      const store = await open();
      await store.recordExchange(exchange({ eventId: "e-1", sessionId: "s-1", vars: { k: "v" } }));
      await store.saveSummary({ sessionId: "s-1", subAccountId: "acme", sessionStatus: "COMPLETED", payload: { ok: true }, receivedAt: at(3) });
      await store.close();
      const again = await target.reopen();
      opened.push(again);
      expect(await again.loadForEvent("e-1", "s-1")).toEqual({ cachedAnswer: say("menu"), vars: { k: "v" } });
      expect((await again.getSession("s-1"))?.summary?.payload).toEqual({ ok: true });
    });

    it("filters sessions by time, outcome, direction and a number inside it, newest first, and pages through a filter", async () => {
      const store = await open();
      await storeMixedSessions(store);
      const list = async (query: Omit<Parameters<Store["listSessions"]>[0], "limit">) => ids(await store.listSessions({ limit: 10, ...query }));
      expect(await list({})).toEqual(["s-in-5", "s-out-2", "s-out-1", "s-in-2", "s-in-1"]);
      expect(await list({ outcome: "unreachable" })).toEqual(["s-out-1", "s-in-2"]);
      // The call nobody answered has no VCA: its direction and numbers come from its summary.
      expect(await list({ direction: "OUTBOUND" })).toEqual(["s-out-2", "s-out-1"]);
      expect(await list({ outcome: "unreachable", direction: "OUTBOUND" })).toEqual(["s-out-1"]);
      expect(await list({ since: at(3) })).toEqual(["s-in-5", "s-out-2", "s-out-1"]);
      expect(await list({ since: at(3), direction: "INBOUND" })).toEqual(["s-in-5"]);
      expect(await list({ q: "7771" })).toEqual(["s-out-1"]);
      expect(await list({ q: "659111" })).toEqual(["s-in-5", "s-in-2", "s-in-1"]);
      expect(await list({ q: "+6568880000", outcome: "error" })).toEqual(["s-out-2"]);
      expect(await list({ status: "COMPLETED", q: "1110001" })).toEqual(["s-in-1"]);
      expect(await list({ outcome: "failed" })).toEqual([]);
      expect(await list({ since: at(100) })).toEqual([]);

      const first = await store.listSessions({ limit: 2, direction: "INBOUND" });
      expect(ids(first)).toEqual(["s-in-5", "s-in-2"]);
      const second = await store.listSessions({ limit: 2, direction: "INBOUND", cursor: first.nextCursor ?? "" });
      expect(second).toMatchObject({ nextCursor: null });
      expect(ids(second)).toEqual(["s-in-1"]);
    });

    it("lists each session with its outcome, error code, duration, MOS, last menu and last keys", async () => {
      const store = await open();
      await storeMixedSessions(store);
      const steps = [
        { menu: null, keys: null, nextMenu: "main" },
        { menu: "main", keys: "2", nextMenu: "book" },
        { menu: "book", keys: null, nextMenu: "book" },
      ];
      for (const [n, step] of steps.entries()) {
        await store.recordExchange(exchange({ eventId: `e-walk-${n}`, sessionId: "s-walk", receivedAt: at(30 + n), answeredAt: at(30 + n), ...step }));
      }
      await store.recordExchange(exchange({ eventId: "e-bye", sessionId: "s-bye", receivedAt: at(40), answeredAt: at(40), menu: "main", keys: "9", nextMenu: null }));
      const listed = new Map((await store.listSessions({ limit: 10 })).sessions.map((s) => [s.sessionId, s]));
      const fields = (id: string) => {
        const s = listed.get(id);
        return s && { outcome: s.outcome, errorCode: s.errorCode, durationSeconds: s.durationSeconds, mos: s.mos, lastMenu: s.lastMenu, lastKeys: s.lastKeys };
      };
      expect(fields("s-in-1")).toEqual({ outcome: "completed", errorCode: null, durationSeconds: 30, mos: 4, lastMenu: null, lastKeys: null });
      expect(fields("s-out-2")).toEqual({ outcome: "error", errorCode: -2010, durationSeconds: 60, mos: 3, lastMenu: null, lastKeys: null });
      expect(fields("s-in-5")).toEqual({ outcome: null, errorCode: null, durationSeconds: null, mos: null, lastMenu: null, lastKeys: null });
      // The menu the caller was left at, and the last keys pressed even when a later VCA had none.
      expect(fields("s-walk")).toMatchObject({ lastMenu: "book", lastKeys: "2" });
      // An answer that led out of the menus (a hangup): the menu it came from.
      expect(fields("s-bye")).toMatchObject({ lastMenu: "main", lastKeys: "9" });
      expect(listed.get("s-out-1")).toMatchObject({ callDirection: "OUTBOUND", source: "+6568880000", destination: "+6597771234" });
      expect((await store.getSession("s-walk"))?.session).toEqual(listed.get("s-walk"));
    });

    it("searches numbers a window of sessions at a time, paging on from where a window ended, and finds each match once", async () => {
      const store = await open();
      for (let i = 0; i < 5; i++) {
        const source = i === 0 || i === 4 ? "+6590004242" : "+6591110000";
        await store.recordExchange(exchange({ eventId: `e-${i}`, sessionId: `s-${i}`, source, receivedAt: at(i), answeredAt: at(i) }));
      }
      const pages: string[][] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 10; n++) {
        const page = await store.listSessions({ q: "4242", searchWindow: 2, limit: 1, ...(cursor ? { cursor } : {}) });
        pages.push(ids(page));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      // s-4 and s-3, then s-2 and s-1, then s-0: a page examines two sessions at most.
      expect(pages).toEqual([["s-4"], [], ["s-0"]]);
      const wide = await store.listSessions({ q: "4242", limit: 10 });
      expect(wide).toMatchObject({ nextCursor: null });
      expect(ids(wide)).toEqual(["s-4", "s-0"]);
    });

    it("counts sessions by outcome and direction, with the completion rate, averages, fallbacks and retries", async () => {
      const store = await open();
      await storeMixedSessions(store);
      await store.recordExchange(exchange({ eventId: "e-in-5b", sessionId: "s-in-5", receivedAt: at(6), answeredAt: at(6), fallbackReason: "timeout", vars: null }));
      await store.recordExchange(exchange({ eventId: "e-in-5c", sessionId: "s-in-5", receivedAt: at(7), answeredAt: at(7), fallbackReason: "error", vars: null }));
      await store.recordExchange(exchange({ eventId: "e-in-1b", sessionId: "s-in-1", receivedAt: at(8), answeredAt: at(8), fallbackReason: "timeout", vars: null }));
      const { outbound } = store as StoreWithOutbound;
      const request = (requestId: string) => ({
        requestId, campaign: null, contactId: null, to: "+6597771234", from: "+6568880000", flow: "reminder", vars: {}, policy: {}, timezone: null,
        validForMs: 600_000, notBefore: at(0), createdAt: at(0),
      });
      await outbound.addOutboundRequests(["r-retried", "r-waiting", "r-done"].map(request));
      await outbound.openDueAttempts({ now: at(1), limit: 10 });
      const ended = { state: "ended" as const, sessionStatus: "NO_ANSWER", outcome: "unreachable" };
      await outbound.closeAttempt({ ...ended, clientRequestId: "r-retried-1", at: at(2), next: { retryAt: at(10), reason: "NO_ANSWER" } });
      await outbound.closeAttempt({ ...ended, clientRequestId: "r-waiting-1", at: at(2), next: { retryAt: at(500), reason: "NO_ANSWER" } });
      await outbound.closeAttempt({ ...ended, clientRequestId: "r-done-1", at: at(2), sessionStatus: "COMPLETED", outcome: "completed", next: { final: "completed" } });
      await outbound.openDueAttempts({ now: at(10), limit: 10 });
      await outbound.closeAttempt({ ...ended, clientRequestId: "r-retried-2", at: at(12), next: { final: "unreachable" } });

      expect(await store.sessionStats({})).toEqual({
        since: null,
        sessions: 5,
        counts: [
          { direction: "INBOUND", outcome: "completed", sessions: 1 },
          { direction: "INBOUND", outcome: "unreachable", sessions: 1 },
          { direction: "INBOUND", outcome: null, sessions: 1 },
          { direction: "OUTBOUND", outcome: "unreachable", sessions: 1 },
          { direction: "OUTBOUND", outcome: "error", sessions: 1 },
        ],
        completionRate: 0.25,
        averageDurationSeconds: 22.5,
        averageMos: 3.5,
        fallbacks: { error: 1, timeout: 2, invalid: 0, store_unavailable: 0 },
        // r-retried's second attempt was placed; r-waiting's retry is decided and not yet placed.
        retries: { scheduled: 2, placed: 1 },
      });
      // The window holds the sessions first stored since then, and their VCAs.
      expect(await store.sessionStats({ since: at(4) })).toMatchObject({
        since: at(4).toISOString(),
        sessions: 2,
        counts: [{ direction: "INBOUND", outcome: null, sessions: 1 }, { direction: "OUTBOUND", outcome: "error", sessions: 1 }],
        completionRate: 0,
        averageDurationSeconds: 60,
        averageMos: 3,
        fallbacks: { error: 1, timeout: 1, invalid: 0, store_unavailable: 0 },
        // r-waiting's retry was decided before the window opened; r-retried's was placed inside it.
        retries: { scheduled: 1, placed: 1 },
      });
      expect(await store.sessionStats({ since: at(1000) })).toEqual({
        since: at(1000).toISOString(),
        sessions: 0,
        counts: [],
        completionRate: null,
        averageDurationSeconds: null,
        averageMos: null,
        fallbacks: { error: 0, timeout: 0, invalid: 0, store_unavailable: 0 },
        retries: { scheduled: 0, placed: 0 },
      });
    });

    it("counts sessions by outcome in buckets of time, oldest first, leaving empty buckets out", async () => {
      const store = await open();
      await storeMixedSessions(store);
      const none = { completed: 0, unreachable: 0, failed: 0, error: 0, none: 0 };
      // First stored at 1 (completed), 2 (unreachable), 3 (unreachable, no VCA), 4 (error) and 5 (no VSS yet) seconds after T0, an even second.
      expect(await store.outcomeSeries({ bucketSeconds: 2 })).toEqual({
        since: null,
        bucketSeconds: 2,
        buckets: [
          { start: at(0).toISOString(), sessions: 1, outcomes: { ...none, completed: 1 } },
          { start: at(2).toISOString(), sessions: 2, outcomes: { ...none, unreachable: 2 } },
          { start: at(4).toISOString(), sessions: 2, outcomes: { ...none, error: 1, none: 1 } },
        ],
      });
      expect(await store.outcomeSeries({ since: at(4), bucketSeconds: 3600 })).toEqual({
        since: at(4).toISOString(),
        bucketSeconds: 3600,
        buckets: [{ start: at(0).toISOString(), sessions: 2, outcomes: { ...none, error: 1, none: 1 } }],
      });
      expect((await store.outcomeSeries({ since: at(1000), bucketSeconds: 60 })).buckets).toEqual([]);
      for (const bucketSeconds of [0, 1.5, -60]) {
        await expect(store.outcomeSeries({ bucketSeconds })).rejects.toMatchObject({ code: STORE_ERROR_CODES.VALUE_REFUSED });
      }
    });

    it("counts how many sessions took each edge of each flow (each once), and the menus where ended sessions hung up", async () => {
      const store = await open();
      const walk = async (sessionId: string, start: number, flowFingerprint: string, steps: [string | null, string | null, string | null][], ended: boolean) => {
        for (const [n, [menu, keys, nextMenu]] of steps.entries()) {
          const when = at(start + n);
          await store.recordExchange(exchange({ eventId: `${sessionId}-${n}`, sessionId, flowFingerprint, menu, keys, nextMenu, receivedAt: when, answeredAt: when }));
        }
        if (ended) await store.saveSummary({ sessionId, subAccountId: "acme", receivedAt: at(start + 9), ...vss("COMPLETED", { callDirection: "INBOUND", callStatus: "COMPLETED" }) });
      };
      // s-1 takes main -1-> hours twice: an edge counts sessions, so it counts once.
      await walk("s-1", 0, "fp-a", [[null, null, "main"], ["main", "1", "hours"], ["hours", "0", "main"], ["main", "1", "hours"]], true);
      await walk("s-2", 1, "fp-a", [[null, null, "main"], ["main", "1", "hours"]], true);
      await walk("s-3", 2, "fp-a", [[null, null, "main"], ["main", "9", null]], true);
      await walk("s-4", 3, "fp-a", [[null, null, "main"]], false);
      await walk("s-5", 10, "fp-b", [[null, null, "start"]], true);

      const flowA = await store.flowEdgeCounts({ fingerprint: "fp-a" });
      expect(flowA.edges).toEqual([
        { fingerprint: "fp-a", menu: null, keys: null, nextMenu: "main", count: 4 },
        { fingerprint: "fp-a", menu: "hours", keys: "0", nextMenu: "main", count: 1 },
        { fingerprint: "fp-a", menu: "main", keys: "1", nextMenu: "hours", count: 2 },
        { fingerprint: "fp-a", menu: "main", keys: "9", nextMenu: null, count: 1 },
      ]);
      // s-1 and s-2 hung up in hours; s-3's last answer hung up itself and s-4 is still in progress.
      expect(flowA.hangups).toEqual([{ fingerprint: "fp-a", menu: "hours", sessions: 2 }]);
      const all = await store.flowEdgeCounts({});
      expect(all.edges.map((e) => e.fingerprint)).toEqual(["fp-a", "fp-a", "fp-a", "fp-a", "fp-b"]);
      expect(all.hangups.at(-1)).toEqual({ fingerprint: "fp-b", menu: "start", sessions: 1 });
      expect(await store.flowEdgeCounts({ since: at(10) })).toEqual({
        edges: [{ fingerprint: "fp-b", menu: null, keys: null, nextMenu: "start", count: 1 }],
        hangups: [{ fingerprint: "fp-b", menu: "start", sessions: 1 }],
      });
      expect(await store.flowEdgeCounts({ fingerprint: "fp-none" })).toEqual({ edges: [], hangups: [] });
    });

    it("counts the same over whole days, part-days, sessions still in progress and exchanges stored after the summary", async () => {
      const store = await open();
      const day = (date: string, time: string) => new Date(`2026-03-0${date}T${time}:00.000Z`);
      const step = async (sessionId: string, n: number, when: Date, [menu, keys, nextMenu]: [string | null, string | null, string | null]) =>
        store.recordExchange(exchange({ eventId: `${sessionId}-${n}`, sessionId, flowFingerprint: "fp-x", menu, keys, nextMenu, receivedAt: when, answeredAt: when }));
      const end = (sessionId: string, when: Date) =>
        store.saveSummary({ sessionId, subAccountId: "acme", receivedAt: when, ...vss("COMPLETED", { callDirection: "INBOUND", callStatus: "COMPLETED" }) });
      // Day 1: a1 goes to hours; a2 presses a wrong key twice at main, late in the evening.
      await step("a1", 0, day("1", "10:00"), [null, null, "main"]);
      await step("a1", 1, day("1", "10:00"), ["main", "1", "hours"]);
      await end("a1", day("1", "10:01"));
      await step("a2", 0, day("1", "23:00"), [null, null, "main"]);
      await step("a2", 1, day("1", "23:00"), ["main", "9", "main"]);
      await step("a2", 2, day("1", "23:00"), ["main", "9", "main"]);
      await end("a2", day("1", "23:01"));
      // Day 2: b1's summary is stored before its exchanges; b2's last VCA is stored after its summary.
      await end("b1", day("2", "09:00"));
      await step("b1", 0, day("2", "09:00"), [null, null, "main"]);
      await step("b1", 1, day("2", "09:00"), ["main", "1", "hours"]);
      await step("b2", 0, day("2", "12:00"), [null, null, "main"]);
      await end("b2", day("2", "12:01"));
      await step("b2", 1, day("2", "12:01"), ["main", "2", null]);
      // Day 3: c1 is still on the line.
      await step("c1", 0, day("3", "08:00"), [null, null, "main"]);
      await step("c1", 1, day("3", "08:00"), ["main", "1", "hours"]);

      const edge = (menu: string | null, keys: string | null, nextMenu: string | null, count: number) => ({ fingerprint: "fp-x", menu, keys, nextMenu, count });
      const hangup = (menu: string, sessions: number) => ({ fingerprint: "fp-x", menu, sessions });
      expect(await store.flowEdgeCounts({ fingerprint: "fp-x" })).toEqual({
        edges: [edge(null, null, "main", 5), edge("main", "1", "hours", 3), edge("main", "2", null, 1), edge("main", "9", "main", 1)],
        hangups: [hangup("hours", 2), hangup("main", 1)],
      });
      // From noon on day 1: a2 from that day's part, then the whole days 2 and 3.
      expect(await store.flowEdgeCounts({ fingerprint: "fp-x", since: day("1", "12:00") })).toEqual({
        edges: [edge(null, null, "main", 4), edge("main", "1", "hours", 2), edge("main", "2", null, 1), edge("main", "9", "main", 1)],
        hangups: [hangup("hours", 1), hangup("main", 1)],
      });
      expect(await store.flowEdgeCounts({ fingerprint: "fp-x", since: day("2", "00:00") })).toEqual({
        edges: [edge(null, null, "main", 3), edge("main", "1", "hours", 2), edge("main", "2", null, 1)],
        hangups: [hangup("hours", 1)],
      });
      // From 10:00 on day 2: b2 (its last answer led out of the menus), and c1 in progress.
      expect(await store.flowEdgeCounts({ fingerprint: "fp-x", since: day("2", "10:00") })).toEqual({
        edges: [edge(null, null, "main", 2), edge("main", "1", "hours", 1), edge("main", "2", null, 1)],
        hangups: [],
      });
      await end("c1", day("3", "08:01"));
      expect((await store.flowEdgeCounts({})).hangups).toEqual([hangup("hours", 3), hangup("main", 1)]);
      expect((await store.flowEdgeCounts({ since: day("3", "00:00") })).edges).toEqual([edge(null, null, "main", 1), edge("main", "1", "hours", 1)]);
    });

    it("keeps as a session's flow the first fingerprint a VCA brings, whether or not its variables changed", async () => {
      const store = await open();
      const step = (n: number, flowFingerprint: string | null, nextMenu: string) =>
        store.recordExchange(exchange({ eventId: `first-flow-${n}`, sessionId: "first-flow", flowFingerprint, vars: { lang: "en" }, menu: "main", keys: null, nextMenu, receivedAt: at(n), answeredAt: at(n) }));
      // Answered by code first (no fingerprint), then by fp-z, then by fp-w: fp-z is the session's flow.
      await step(0, null, "main");
      await step(1, "fp-z", "hours");
      await step(2, "fp-w", "hours");
      expect((await store.getSession("first-flow"))?.session.flowFingerprint).toBe("fp-z");
      expect((await store.flowEdgeCounts({ fingerprint: "fp-z" })).edges.map((e) => [e.nextMenu, e.count])).toEqual([["hours", 1], ["main", 1]]);
    });

    it("counts an ended session under the flow that answered it when that flow is only known after its first exchanges", async () => {
      const store = await open();
      const when = new Date("2026-03-04T09:00:00.000Z");
      const step = (n: number, flowFingerprint: string | null, vars: Record<string, string>, [menu, keys, nextMenu]: [string | null, string | null, string | null]) =>
        store.recordExchange(exchange({ eventId: `late-flow-${n}`, sessionId: "late-flow", flowFingerprint, vars, menu, keys, nextMenu, receivedAt: when, answeredAt: when }));
      // The summary comes first, then an answer from no known flow, then one from fp-y (which
      // becomes the session's flow) with new variables.
      await store.saveSummary({ sessionId: "late-flow", subAccountId: "acme", receivedAt: when, ...vss("COMPLETED", { callDirection: "INBOUND", callStatus: "COMPLETED" }) });
      await step(0, null, {}, [null, null, "main"]);
      await step(1, "fp-y", { choice: "1" }, ["main", "1", "hours"]);

      const edge = (menu: string | null, keys: string | null, nextMenu: string | null) => ({ fingerprint: "fp-y", menu, keys, nextMenu, count: 1 });
      const counted = { edges: [edge(null, null, "main"), edge("main", "1", "hours")], hangups: [{ fingerprint: "fp-y", menu: "hours", sessions: 1 }] };
      expect((await store.getSession("late-flow"))?.session.flowFingerprint).toBe("fp-y");
      expect(await store.flowEdgeCounts({})).toEqual(counted);
      expect(await store.flowEdgeCounts({ since: new Date("2026-03-04T00:00:00.000Z") })).toEqual(counted);
      expect(await store.flowEdgeCounts({ fingerprint: "fp-y" })).toEqual(counted);
    });

    it("reports itself unavailable with a stable code once closed", async () => {
      const store = await open();
      await store.close();
      await expect(store.saveSummary({ sessionId: "s-1", subAccountId: null, sessionStatus: "COMPLETED", payload: {}, receivedAt: at(1) }))
        .rejects.toMatchObject({ code: STORE_ERROR_CODES.UNAVAILABLE });
      await expect(store.ping()).rejects.toMatchObject({ code: STORE_ERROR_CODES.UNAVAILABLE });
    });
  });
}
