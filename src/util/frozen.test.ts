import { describe, expect, it } from "vitest";
import { deepFreeze, isFrozenPlainData, RememberedByIdentity, SharedAnswers } from "./frozen.js";

describe("deepFreeze and isFrozenPlainData", () => {
  it("freezes every level, and recognises the result as frozen plain data", () => {
    const answer = deepFreeze({ clientActionId: "x", callflow: [{ action: "say", params: { text: "Hi", repetition: 1 } }, { action: "hangup" }] });
    expect(Object.isFrozen(answer.callflow[0]!.params)).toBe(true);
    expect(isFrozenPlainData(answer)).toBe(true);
    expect(isFrozenPlainData(deepFreeze({ none: null, flag: true, list: [] }))).toBe(true);
  });

  it("refuses anything that could serialise differently later", () => {
    expect(isFrozenPlainData({ callflow: [] })).toBe(false);
    // Frozen on top, mutable below.
    expect(isFrozenPlainData(Object.freeze({ callflow: [{ action: "hangup" }] }))).toBe(false);
    let n = 0;
    expect(isFrozenPlainData(Object.freeze({ get clientActionId() { return String(n++); } }))).toBe(false);
    expect(isFrozenPlainData(deepFreeze({ toJSON: () => ({}) }))).toBe(false);
    class Answer { callflow = []; }
    expect(isFrozenPlainData(deepFreeze(new Answer()))).toBe(false);
    expect(isFrozenPlainData(deepFreeze({ [Symbol("s")]: 1 }))).toBe(false);
    expect(isFrozenPlainData(deepFreeze({ big: 1n }))).toBe(false);
    expect(isFrozenPlainData(deepFreeze({ fn: () => 1 }))).toBe(false);
  });
});

describe("SharedAnswers: the engine's half", () => {
  const callflow = () => deepFreeze([{ action: "hangup" }]);

  it("gives the same frozen answer for the same frozen callflow and bookmark, wrapping that very array", () => {
    const answers = new SharedAnswers<{ action: string }>();
    const actions = callflow();
    const first = answers.answer(actions, "sb1.main.-.abcdefgh");
    expect(answers.answer(actions, "sb1.main.-.abcdefgh")).toBe(first);
    expect(first).toEqual({ clientActionId: "sb1.main.-.abcdefgh", callflow: actions });
    expect(first.callflow).toBe(actions);
    expect(isFrozenPlainData(first)).toBe(true);
    expect(answers.answer(actions, "sb1.other.-.abcdefgh")).not.toBe(first);
    expect(Object.keys(answers.answer(actions, null))).toEqual(["callflow"]);
  });

  it("never shares an answer whose callflow may change", () => {
    const answers = new SharedAnswers<{ action: string }>();
    const actions = [{ action: "hangup" }];
    const first = answers.answer(actions, "a");
    expect(answers.answer(actions, "a")).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
  });

  it("keeps a bounded number of answers per callflow, starting over when full", () => {
    const answers = new SharedAnswers<{ action: string }>(2);
    const actions = callflow();
    const a = answers.answer(actions, "a");
    answers.answer(actions, "b");
    expect(answers.answer(actions, "a")).toBe(a);
    answers.answer(actions, "c"); // the third bookmark: the two kept are dropped
    expect(answers.answer(actions, "a")).not.toBe(a);
  });
});

describe("RememberedByIdentity: the server's half", () => {
  it("remembers by identity what is deeply frozen plain data, and nothing else", () => {
    const texts = new RememberedByIdentity<string>();
    const shared = deepFreeze({ callflow: [{ action: "hangup" }] });
    texts.remember(shared, "text");
    expect(texts.get(shared)).toBe("text");
    expect(texts.get(deepFreeze({ callflow: [{ action: "hangup" }] }))).toBeUndefined();
    const shallow = Object.freeze({ callflow: [{ action: "hangup" }] });
    texts.remember(shallow, "text");
    expect(texts.get(shallow)).toBeUndefined();
    texts.remember("primitive", "text");
    expect(texts.get("primitive")).toBeUndefined();
  });
});
