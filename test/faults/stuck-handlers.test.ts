/**
 * Hanging and throwing handlers under load: a handlers app (fixtures/stuck.yaml with
 * fixtures/stuck-handlers.ts) whose handlers never settle, throw, reject or answer far too late,
 * with many callers at once. Every caller is answered (a handler that hangs forever cannot answer,
 * so an answer at all proves the budget did), every answer is a callflow 8x8 would play, the
 * misbehaving ones are the flow's fallback, and the server counts each by reason. No durations are
 * asserted: the bound is the request timeout, far below "forever".
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadIvr, type IvrApp } from "../../src/ivr/index.js";
import { startIvrServer, type IvrServer } from "../../src/server/index.js";
import { metricValue } from "../echo-app.js";
import { SECRET, vca, vcaDigits } from "../fixtures/webhooks.js";
import { isValidCallflow, send } from "./attack.js";
import { settle } from "./fixtures/stuck-handlers.js";
import { FAULT_TIMEOUTS, sized } from "./size.js";

vi.setConfig(FAULT_TIMEOUTS);

const CALLERS = sized({ small: 50, full: 500 });
const BUDGET_MS = 200;

/** What each key of the main menu makes its handler do, and the fallback reason it must be counted under. */
const KEYS = [
  { key: "1", does: "hangs forever", reason: "timeout" },
  { key: "2", does: "throws", reason: "error" },
  { key: "3", does: "rejects", reason: "error" },
  { key: "4", does: "answers too late", reason: "timeout" },
  { key: "5", does: "answers", reason: null },
] as const;

describe("concurrent callers into handlers that hang, throw, reject or answer too late", () => {
  let app: IvrApp;
  let server: IvrServer;
  let bookmark = "";

  beforeAll(async () => {
    app = await loadIvr(fileURLToPath(new URL("./fixtures/stuck.yaml", import.meta.url)));
    server = await startIvrServer({ app, authHeader: SECRET, server: { handlerTimeoutMs: BUDGET_MS } });
    bookmark = ((await send(server.url, "POST", "/webhooks/vca", vca({ sessionId: "stuck-bookmark" }))).json as { clientActionId: string }).clientActionId;
  });

  afterAll(async () => {
    settle();
    await server?.close();
  });

  it("answers every caller with a valid callflow: the fallback where the handler failed, its answer where it answered", async () => {
    const presses = Array.from({ length: CALLERS }, (_, n) => KEYS[n % KEYS.length]!);
    const answers = await Promise.all(
      presses.map(async ({ key }, n) => {
        const sessionId = `stuck-${n}`;
        const first = await send(server.url, "POST", "/webhooks/vca", vca({ sessionId }));
        expect(isValidCallflow(first.json), first.text).toBe(true);
        return send(server.url, "POST", "/webhooks/vca", vcaDigits(sessionId, bookmark, key));
      }),
    );
    const fellBack = { timeout: 0, error: 0 };
    answers.forEach((answer, n) => {
      const { does, reason } = presses[n]!;
      expect(answer.status, `the caller whose handler ${does}`).toBe(200);
      expect(isValidCallflow(answer.json), `the caller whose handler ${does}: ${answer.text}`).toBe(true);
      if (reason === null) {
        expect(answer.json, "the handler that answers").not.toEqual(app.fallback);
      } else {
        expect(answer.json, `the caller whose handler ${does}`).toEqual(app.fallback);
        fellBack[reason]++;
      }
    });
    const metrics = (await send(server.url, "GET", "/metrics")).text;
    expect(metricValue(metrics, 'switchboard_vca_fallbacks_total{reason="timeout"}')).toBe(fellBack.timeout);
    expect(metricValue(metrics, 'switchboard_vca_fallbacks_total{reason="error"}')).toBe(fellBack.error);
  });

  it("keeps the fallback on record when the late handlers finally answer, and keeps answering", async () => {
    settle();
    // stuck-3 pressed 4: its handler answered only now, long after the caller heard the fallback.
    const stored = (await send(server.url, "GET", "/api/sessions/stuck-3")).json as { timeline: { kind: string; body: { answer: unknown; fallbackReason: string | null } }[] };
    const answers = stored.timeline.filter((entry) => entry.kind === "answer");
    expect(answers.at(-1)?.body).toEqual({ answer: app.fallback, fallbackReason: "timeout" });
    const answer = await send(server.url, "POST", "/webhooks/vca", vcaDigits("stuck-after", bookmark, "5"));
    expect(answer.status).toBe(200);
    expect(isValidCallflow(answer.json)).toBe(true);
    expect(answer.json).not.toEqual(app.fallback);
    expect((await send(server.url, "GET", "/healthz")).status).toBe(200);
  });
});
