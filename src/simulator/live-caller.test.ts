import { describe, expect, it } from "vitest";
import { captureSettings } from "./capture.js";
import { createClock } from "./clock.js";
import { LiveCaller } from "./live-caller.js";
import { createSession, openLeg, type Session } from "./session.js";
import type { TranscriptInput } from "./transcript.js";

const settings = (extra: Record<string, unknown> = {}) => captureSettings({ promptMessage: "PIN?", voiceProfile: "en-GB-Emma", ...extra });

function live(hangupAfterMs?: number): { session: Session; caller: LiveCaller; notes: TranscriptInput[]; hungUp: () => boolean; line: Parameters<LiveCaller["input"]>[1] } {
  const session = createSession({ id: "s-1", subAccountId: "sandbox", direction: "INBOUND", from: "+6591234567", to: "+6560000001", clock: createClock({ mode: "real" }).forSession() });
  openLeg(session, { callId: "c-1", direction: "INBOUND", source: "+6591234567", destination: "+6560000001", sourceRefId: null, destinationRefId: null });
  const caller = new LiveCaller(session, hangupAfterMs);
  caller.connected(session.clock.now());
  const notes: TranscriptInput[] = [];
  let hung = false;
  const line = { note: (entry: TranscriptInput) => notes.push(entry), elapse: async () => true, callerHangsUp: () => (hung = true) };
  return { session, caller, notes, hungUp: () => hung, line };
}

describe("an interactive caller's capture try", () => {
  it("takes keys typed ahead while the prompt played, and ends on #", async () => {
    const { caller, line, session } = live();
    caller.listen(true);
    caller.press("12#9");
    expect(await caller.input(settings(), line)).toMatchObject({ digits: "12", keys: "12#", reason: "hash", valid: true });
    expect(session.transcript.map((e) => e.kind)).toEqual(["press"]);
  });

  it("notes keys pressed while no capture listens as ignored, and does not hand them to the next try", async () => {
    const { caller, line, session, notes } = live();
    caller.press("5");
    caller.listen(true);
    const result = await caller.input(settings({ overallTimeout: 50 }), line);
    expect(result).toMatchObject({ digits: "", reason: "no-input", valid: false });
    expect(session.transcript[0]).toMatchObject({ kind: "press", keys: "5", ignored: true, leg: "callA" });
    expect(notes).toEqual([{ kind: "silence" }]);
  });

  it("waits for keys in real time and ends input when the digit timeout runs out after the last", async () => {
    const { caller, line } = live();
    caller.listen(true);
    setTimeout(() => caller.press("4"), 20);
    expect(await caller.input(settings({ digitTimeout: 100, overallTimeout: 10_000 }), line)).toMatchObject({ digits: "4", reason: "digit-timeout", valid: true });
  });

  it("ends at maxDigits as soon as they are pressed", async () => {
    const { caller, line } = live();
    caller.listen(true);
    setTimeout(() => caller.press("77"), 10);
    expect(await caller.input(settings({ maxDigits: 2, overallTimeout: 10_000 }), line)).toMatchObject({ digits: "77", reason: "max-digits" });
  });

  it("gives undefined when the caller hangs up during input, and is no longer open", async () => {
    const { caller, line } = live();
    caller.listen(true);
    expect(caller.open).toBe(true);
    setTimeout(() => caller.hangUp(), 10);
    expect(await caller.input(settings({ overallTimeout: 10_000 }), line)).toBeUndefined();
    expect(caller.open).toBe(false);
    expect(caller.signal.aborted).toBe(true);
  });

  it("hangs up when its life runs out, whatever the capture's timeout", async () => {
    const { caller, line, hungUp } = live(30);
    caller.listen(true);
    expect(await caller.input(settings({ overallTimeout: 10_000 }), line)).toBeUndefined();
    expect(hungUp()).toBe(true);
  });
});

describe("a real session clock's sleep", () => {
  it("ends early when its signal aborts", async () => {
    const clock = createClock({ mode: "real" }).forSession();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const started = Date.now();
    await clock.sleep(60_000, controller.signal);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
