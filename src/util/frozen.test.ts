import { describe, expect, it } from "vitest";
import { deepFreeze, isFrozenPlainData } from "./frozen.js";

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
