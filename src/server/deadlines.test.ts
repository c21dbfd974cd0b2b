import { afterEach, describe, expect, it, vi } from "vitest";
import { Deadlines } from "./deadlines.js";

describe("Deadlines: equal time budgets on one timer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs the callback of a budget used up, and of none finished in time", () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(100, () => Date.now());
    const expired: string[] = [];
    const slow = deadlines.start(() => expired.push("slow"));
    const quick = deadlines.start(() => expired.push("quick"));
    expect(quick.finish()).toBe(true);
    expect(quick.finish()).toBe(false);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["slow"]);
    expect(slow.finish()).toBe(false);
  });

  it("expires budgets in the order they started, each at its own time", () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(100, () => Date.now());
    const expired: number[] = [];
    deadlines.start(() => expired.push(1));
    vi.advanceTimersByTime(40);
    const second = deadlines.start(() => expired.push(2));
    vi.advanceTimersByTime(30);
    deadlines.start(() => expired.push(3));
    second.finish();
    vi.advanceTimersByTime(30);
    expect(expired).toEqual([1]);
    vi.advanceTimersByTime(69);
    expect(expired).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([1, 3]);
  });

  it("keeps working after the queue empties, and many finished budgets cost no callbacks", () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(10, () => Date.now());
    for (let i = 0; i < 5000; i++) deadlines.start(() => expect.fail("a finished budget expired")).finish();
    vi.advanceTimersByTime(20);
    const expired: string[] = [];
    deadlines.start(() => expired.push("late"));
    vi.advanceTimersByTime(10);
    expect(expired).toEqual(["late"]);
  });

  it("forgets every budget on close", () => {
    vi.useFakeTimers();
    const deadlines = new Deadlines(10, () => Date.now());
    deadlines.start(() => expect.fail("expired after close"));
    deadlines.close();
    vi.advanceTimersByTime(50);
    expect(vi.getTimerCount()).toBe(0);
  });
});
