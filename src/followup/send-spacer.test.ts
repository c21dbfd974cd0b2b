import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SendSpacer } from "./send-spacer.js";

describe("SendSpacer", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Asks for `count` turns at once and returns the (fake) time each one went. */
  async function turns(spacer: SendSpacer, count: number): Promise<number[]> {
    const went: number[] = [];
    const all = Promise.all(Array.from({ length: count }, () => spacer.turn().then(() => went.push(Date.now()))));
    await vi.runAllTimersAsync();
    await all;
    return went;
  }

  it("lets a bunch of sends go one interval apart, the first at once", async () => {
    const spacer = new SendSpacer(5.25, 0, () => Date.now());
    expect(await turns(spacer, 4)).toEqual([0, 6, 12, 18]);
  });

  it("lets a send go at once when the previous one is an interval old", async () => {
    const spacer = new SendSpacer(100, 0, () => Date.now());
    await turns(spacer, 1);
    vi.setSystemTime(250);
    expect(await turns(spacer, 2)).toEqual([250, 350]);
  });

  it("counts the interval from when a late turn actually went, so late turns do not catch up in a bunch", async () => {
    let clock = 0;
    const spacer = new SendSpacer(100, 0, () => clock);
    await spacer.turn();
    clock = 40;
    const second = spacer.turn(); // due at 100 ...
    await vi.advanceTimersByTimeAsync(0);
    clock = 180; // ... but its timer fires late, at 180
    await vi.runAllTimersAsync();
    await second;
    clock = 200;
    let done = false;
    void spacer.turn().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(79);
    expect(done).toBe(false); // due at 280: 100 after the late turn went, not 100 after 100
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it("tells a round how many more sends would start before the next one, counting those already waiting", async () => {
    const spacer = new SendSpacer(10, 0, () => Date.now());
    expect(spacer.room(50)).toBe(6); // at 0, 10, 20, 30, 40 and 50
    const waiting = Array.from({ length: 4 }, () => spacer.turn());
    expect(spacer.room(50)).toBe(2);
    await vi.runAllTimersAsync();
    await Promise.all(waiting);
    expect(Date.now()).toBe(30); // the fourth went at 30; the next may go at 40
    expect(spacer.room(5)).toBe(0);
    expect(spacer.room(10)).toBe(1);
  });

  it("rejects only the turn whose alsoWaitFor failed: the next turns still come, and room counts it gone", async () => {
    const spacer = new SendSpacer(10, 0, () => Date.now());
    const failed = spacer.turn(() => Promise.reject(new Error("the other spacer failed")));
    const next = spacer.turn();
    const failure = expect(failed).rejects.toThrow("the other spacer failed");
    await vi.runAllTimersAsync();
    await failure;
    await expect(next).resolves.toBeUndefined();
    expect(spacer.room(0)).toBe(0); // the next one went at 0; nothing waits any more
    expect(spacer.room(10)).toBe(1);
  });

  it("keeps to its schedule when a turn is a little late, and re-bases it when a turn is later than catchUpMs", async () => {
    let clock = 0;
    const spacer = new SendSpacer(100, 30, () => clock);
    await spacer.turn(); // at 0: the schedule is 100, 200, ...
    const second = spacer.turn();
    await vi.advanceTimersByTimeAsync(0);
    clock = 120; // 20 late: within catchUpMs, so the next is still due at 200
    await vi.runAllTimersAsync();
    await second;
    let third = false;
    void spacer.turn().then(() => (third = true));
    await vi.advanceTimersByTimeAsync(79);
    expect(third).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(third).toBe(true); // waited 80 (200 - 120), not 100
    clock = 500; // 200 late: the schedule restarts from 500, the next due at 600
    await spacer.turn();
    let fifth = false;
    void spacer.turn().then(() => (fifth = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(fifth).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(fifth).toBe(true);
  });
});
