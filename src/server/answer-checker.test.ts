import { describe, expect, it } from "vitest";
import { AnswerChecker } from "./answer-checker.js";
import { deepFreeze } from "../util/index.js";

const menu = { clientActionId: "sb1.main.-.abcdefgh", callflow: [{ action: "sayAndCapture", params: { promptMessage: "Press 1.", voiceProfile: "en-US-BenjaminRUS", minDigits: 1, maxDigits: 1 } }] };

describe("AnswerChecker: the JSON text sent for an app's answer", () => {
  it("gives the answer's exact JSON text", () => {
    const checked = new AnswerChecker().check(menu);
    expect(checked).toEqual({ answer: menu, text: JSON.stringify(menu) });
  });

  it("refuses an invalid answer every time, even after valid ones of the same shape", () => {
    const checker = new AnswerChecker();
    checker.check(menu);
    const broken = { ...menu, callflow: [{ action: "sayAndCapture", params: { promptMessage: "Press 1.", voiceProfile: "en-US-BenjaminRUS", minDigits: 3, maxDigits: 1 } }] };
    for (let i = 0; i < 2; i++) expect(checker.check(broken)).toEqual({ problem: expect.stringContaining("-10") });
  });

  it("refuses extra top-level fields, a non-string clientActionId and values JSON cannot hold", () => {
    const checker = new AnswerChecker();
    expect(checker.check({ ...menu, note: "x" })).toEqual({ problem: expect.stringContaining("$.note") });
    expect(checker.check({ ...menu, clientActionId: 7 })).toEqual({ problem: expect.stringContaining("$.clientActionId") });
    expect(checker.check({ callflow: [{ action: "hangup", params: { n: 1n } }] })).toEqual({ problem: expect.stringContaining("cannot be written as JSON") });
    expect(checker.check(undefined)).toEqual({ problem: expect.stringContaining("not an object") });
  });

  it("drops an undefined clientActionId from the answer it hands back", () => {
    const checked = new AnswerChecker().check({ clientActionId: undefined, callflow: [{ action: "hangup" }] });
    expect(checked).toEqual({ answer: { callflow: [{ action: "hangup" }] }, text: '{"callflow":[{"action":"hangup"}]}' });
    expect(Object.keys((checked as { answer: object }).answer)).toEqual(["callflow"]);
  });

  it("judges the text that is sent, and hands back the answer parsed from it, frozen", () => {
    const checker = new AnswerChecker();
    const withDate = { callflow: [{ action: "say", params: { text: new Date(0), voiceProfile: "en-US-BenjaminRUS" } }] };
    const checked = checker.check(withDate) as { answer: { callflow: { params: { text: unknown } }[] }; text: string };
    expect(checked.answer.callflow[0]!.params.text).toBe("1970-01-01T00:00:00.000Z");
    expect(JSON.parse(checked.text)).toEqual(checked.answer);
    expect(Object.isFrozen(checked.answer.callflow[0]!.params)).toBe(true);
    // The same text again gets the same remembered answer.
    expect((checker.check(JSON.parse(checked.text)) as { answer: unknown }).answer).toBe(checked.answer);
  });
});

describe("AnswerChecker: answers that cannot change", () => {
  it("recognises a deeply frozen answer it has checked, and gives back the same text and answer", () => {
    const checker = new AnswerChecker();
    const shared = deepFreeze(structuredClone(menu));
    const first = checker.check(shared);
    expect(first).toEqual({ answer: menu, text: JSON.stringify(menu) });
    expect(checker.check(shared)).toBe(first);
  });

  it("serialises again an answer that is frozen only on top, so a change below is what gets sent", () => {
    const checker = new AnswerChecker();
    const params = { promptMessage: "Press 1.", voiceProfile: "en-US-BenjaminRUS", minDigits: 1, maxDigits: 1 };
    const shallow = Object.freeze({ clientActionId: "a", callflow: Object.freeze([Object.freeze({ action: "sayAndCapture", params })]) });
    expect((checker.check(shallow) as { text: string }).text).toContain("Press 1.");
    params.promptMessage = "Press 2.";
    expect((checker.check(shallow) as { text: string }).text).toContain("Press 2.");
  });

  it("still refuses a frozen answer that is invalid, every time", () => {
    const checker = new AnswerChecker();
    const bad = deepFreeze({ callflow: [{ action: "sayAndCapture", params: { promptMessage: "" } }] });
    expect(checker.check(bad)).toHaveProperty("problem");
    expect(checker.check(bad)).toHaveProperty("problem");
  });
});
