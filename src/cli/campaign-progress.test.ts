import { describe, expect, it, vi } from "vitest";
import type { CampaignStatus } from "../followup/index.js";
import { campaignDisplay } from "./campaign-progress.js";

function status(done: number, state: CampaignStatus["state"] = "RUNNING"): CampaignStatus {
  return {
    name: "spring", state, flow: "reminder", from: "+6560000001", rate: 2, concurrency: 20, maxAttempts: 3, window: null, timezone: null, file: null,
    skipped: 0, createdAt: "", updatedAt: "", total: 10, done,
    progress: { placed: done + 2, inProgress: 2, completed: done, unreachable: 0, failed: 0, error: 0, canceled: 0, retrying: 1, left: Math.max(0, 10 - done - 3) },
  };
}

describe("campaignDisplay", () => {
  it("redraws a bar in place on a terminal, at most ten times a second, and ends it with a newline", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      let out = "";
      const display = campaignDisplay({ write: (text: string) => (out += text), isTTY: true, columns: 200 });
      display.update(status(1));
      await vi.advanceTimersByTimeAsync(50);
      display.update(status(2)); // too soon after the first frame: drawn at the next tenth of a second
      display.update(status(5));
      await vi.advanceTimersByTimeAsync(100);
      display.done(status(10, "COMPLETE"));
      // Each frame goes back to the line's start (CSI G); cursor saves (ESC 7) and clears (CSI K) are left out here.
      // eslint-disable-next-line no-control-regex
      const frames = out.split("\x1b[1G").map((frame) => frame.replace(/\x1b(\[[0-9;?]*[A-Za-z]|[78])/g, "")).filter(Boolean);
      expect(frames).toEqual([
        "[##------------------] campaign spring RUNNING: 1/10 done: placed 3, in progress 2, completed 1, unreachable 0, failed 0, retrying 1, left 6",
        "[##########----------] campaign spring RUNNING: 5/10 done: placed 7, in progress 2, completed 5, unreachable 0, failed 0, retrying 1, left 2",
        "[####################] campaign spring COMPLETE: 10/10 done: placed 12, in progress 2, completed 10, unreachable 0, failed 0, retrying 1, left 0\n",
      ]);
      expect(vi.getTimerCount()).toBe(0); // stopped: nothing keeps the process alive
    } finally {
      vi.useRealTimers();
    }
  });

  it("prints a plain line per tenth done or change of state elsewhere, and the last status once", () => {
    let out = "";
    const display = campaignDisplay({ write: (text: string) => (out += text) });
    for (const done of [0, 0, 1, 1, 3]) display.update(status(done));
    display.update(status(3, "PAUSED"));
    display.done(status(3, "PAUSED"));
    expect(out.split("\n").filter(Boolean).map((line) => line.split(":")[0] + ":" + line.split(":")[1])).toEqual([
      "campaign spring RUNNING: 0/10 done",
      "campaign spring RUNNING: 1/10 done",
      "campaign spring RUNNING: 3/10 done",
      "campaign spring PAUSED: 3/10 done",
    ]);
  });
});
