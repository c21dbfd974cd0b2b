import { describe, expect, it } from "vitest";
import { AnswerChecker } from "./fallback.js";

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
});
