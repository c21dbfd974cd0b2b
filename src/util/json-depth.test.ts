import { describe, expect, it } from "vitest";
import { isNestedDeeperThan } from "./json-depth.js";

describe("JSON nesting depth", () => {
  it("counts objects and arrays alike", () => {
    expect(isNestedDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(isNestedDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(isNestedDeeperThan("1", 0)).toBe(false);
    expect(isNestedDeeperThan("[]", 0)).toBe(true);
  });

  it("does not count brackets in strings, escaped quotes included", () => {
    expect(isNestedDeeperThan('{"a":"[[[{{{"}', 1)).toBe(false);
    expect(isNestedDeeperThan('{"a":"\\"[[[\\\\"}', 1)).toBe(false);
    expect(isNestedDeeperThan('["\\\\",[[1]]]', 2)).toBe(true);
  });

  it("answers for texts far deeper than the stack would take, in linear time", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(isNestedDeeperThan(deep, 64)).toBe(true);
    expect(isNestedDeeperThan(deep, 200_000)).toBe(false);
    expect(() => JSON.stringify(JSON.parse(deep))).toThrow(RangeError);
  });

  it("siblings do not add up", () => {
    expect(isNestedDeeperThan("[" + "[1],".repeat(1000) + "[1]]", 2)).toBe(false);
  });
});
