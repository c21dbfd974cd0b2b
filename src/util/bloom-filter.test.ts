import { describe, expect, it } from "vitest";
import { BloomFilter } from "./bloom-filter.js";

describe("Bloom filter", () => {
  it("never says no to a string it was given", () => {
    const filter = BloomFilter.forCount(10_000);
    const ids = Array.from({ length: 10_000 }, (_, i) => `session-${i}-${(i * 2654435761) >>> 0}`);
    for (const id of ids) filter.add(id);
    expect(ids.every((id) => filter.mayHave(id))).toBe(true);
    expect(filter.addedCount).toBe(10_000);
  });

  it("says yes to about 1% of strings it was not given, at its planned size", () => {
    const filter = BloomFilter.forCount(20_000);
    for (let i = 0; i < filter.plannedCount; i++) filter.add(`in-${i}`);
    let false_positives = 0;
    for (let i = 0; i < 20_000; i++) if (filter.mayHave(`out-${i}`)) false_positives++;
    expect(false_positives / 20_000).toBeLessThan(0.02);
  });

  it("is rebuilt from its bits alone, as another thread hands them over", () => {
    const built = BloomFilter.forCount(1000);
    built.add("s-1");
    const copy = new BloomFilter(new Uint32Array(structuredClone(built.bits)));
    expect(copy.mayHave("s-1")).toBe(true);
    expect(copy.mayHave("s-2")).toBe(false);
  });

  it("refuses bits that are not a power-of-two number of words", () => {
    expect(() => new BloomFilter(new Uint32Array(3))).toThrow(RangeError);
    expect(() => new BloomFilter(new Uint32Array(0))).toThrow(RangeError);
  });
});
