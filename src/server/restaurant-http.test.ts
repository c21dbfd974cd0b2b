/**
 * examples/restaurant.yaml served over real HTTP, walked like 8x8 walks it: each VCA carries the
 * previous answer's clientActionId and the caller's digits, and every answer is a valid callflow.
 * The IVR's own tests cover every path in-process; this proves the server runs it end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vca, vcaDigits, vss } from "../../test/fixtures/webhooks.js";
import { startServer, tempDir, type Harness } from "../../test/server-harness.js";
import { loadIvr } from "../ivr/index.js";
import { validateCallflow, type VcaAnswer } from "../voice/index.js";

const dir = tempDir("switchboard-restaurant-");
let h: Harness;
beforeAll(async () => {
  h = await startServer(await loadIvr("examples/restaurant.yaml"), { dbPath: `${dir.path}/restaurant.db` });
});
afterAll(async () => {
  await h.close();
  dir.remove();
});

/** What the caller hears, one string per action. */
function heard(answer: VcaAnswer): string[] {
  return answer.callflow.map((a) => {
    if (a.action === "say") return `say: ${a.params.text}`;
    if (a.action === "sayAndCapture") return `ask: ${a.params.promptMessage}`;
    if (a.action === "makeCall") return `transfer: ${a.params.destination}`;
    return a.action;
  });
}

let calls = 0;
/** Calls in and presses each key in turn; returns every answer heard. */
async function call(...keys: string[]): Promise<VcaAnswer[]> {
  const sessionId = `restaurant-${++calls}`;
  const answers: VcaAnswer[] = [];
  const send = async (body: Record<string, unknown>) => {
    const res = await h.post("/webhooks/vca", body);
    expect(res.status).toBe(200);
    const answer = res.json as VcaAnswer;
    expect(validateCallflow(answer.callflow, { mode: "answer" })).toEqual({ ok: true });
    answers.push(answer);
    return answer;
  };
  let last = await send(vca({ sessionId }));
  for (const key of keys) last = await send(vcaDigits(sessionId, last.clientActionId, key));
  return answers;
}

const MAIN = "ask: Welcome to ABC Restaurant, to book a table press 1, to speak to a representative press 2, to hear our restaurant hours press 3.";
const INVALID = ["say: Invalid input, please call again.", "hangup"];

describe("restaurant example served over HTTP", () => {
  it("greets an inbound call with the main menu", async () => {
    const [first] = await call();
    expect(heard(first!)).toEqual([MAIN]);
  });

  it.each([
    [["3"], ["say: Our restaurant hours are between 9AM and 9PM every day of the week.", "hangup"]],
    [["1", "1", "1"], ["say: We have booked your table for today, thank you.", "hangup"]],
    [["1", "1", "2"], ["say: We have booked your table for tomorrow, thank you.", "hangup"]],
    [["1", "2", "1"], ["say: Keeping your current reservation, thank you.", "hangup"]],
    [["1", "2", "2"], ["say: Changing your reservation to tomorrow thank you.", "hangup"]],
    [["2", "1"], ["transfer: +6561115777"]],
    [["1", "3"], [MAIN]],
    [["9"], INVALID],
  ])("after %j the caller hears %j", async (keys, expected) => {
    const answers = await call(...keys);
    expect(heard(answers.at(-1)!)).toEqual(expected);
  });

  it("records the whole call, then its summary, for the read API", async () => {
    await call("1", "1", "2");
    const sessionId = `restaurant-${calls}`;
    expect((await h.post("/webhooks/vss", vss(sessionId))).status).toBe(200);
    const detail = (await h.get(`/api/sessions/${sessionId}`)).json as { session: { status: string }; timeline: { kind: string }[] };
    expect(detail.session.status).toBe("COMPLETED");
    expect(detail.timeline.map((t) => t.kind)).toEqual(["vca", "answer", "vca", "answer", "vca", "answer", "vca", "answer"]);
  });
});
