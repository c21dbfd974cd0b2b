import { describe, expect, it } from "vitest";
import { loadProgress } from "./load-progress.js";

describe("load progress", () => {
  it("writes a line at each tenth when the output is not a terminal", () => {
    let text = "";
    let clock = 0;
    const progress = loadProgress({ write: (t: string) => (text += t) }, 20, () => clock);
    for (let done = 1; done <= 20; done += 1) {
      clock = done * 100;
      progress.update(done);
    }
    progress.done();
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe("load: 2/20 calls (10%), 10 calls/s");
    expect(lines[9]).toBe("load: 20/20 calls (100%), 10 calls/s");
  });

  it("redraws one bar in place on a terminal, at most every 100 ms, and ends it with a newline", () => {
    let text = "";
    let clock = 0;
    const progress = loadProgress({ write: (t: string) => (text += t), isTTY: true }, 4, () => clock);
    clock = 1000;
    progress.update(1);
    progress.update(2); // within 100 ms of the last draw: skipped
    clock = 2000;
    progress.update(4);
    progress.done();
    expect(text.split("\r").slice(1)).toEqual([
      "[########----------------------] 1/4 calls, 1 calls/s\x1b[K",
      "[##############################] 4/4 calls, 2 calls/s\x1b[K",
      "[##############################] 4/4 calls, 2 calls/s\x1b[K\n",
    ]);
  });
});
