/**
 * examples/simple-ivr.yaml (8x8's Simple IVR guide) end to end: 1 hangs up, 2 transfers to an
 * agent, anything else repeats the menu with the guide's "Sorry" prompt, three times at most.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../src/testing/index.js";
import { promptOf, readFlow, transferOf } from "./flow-texts.js";

const flow = readFlow("examples/simple-ivr.yaml");
const MAIN = promptOf(flow, "main");
const SORRY = flow.menus.main!.onInvalid!.prompt as string;
const FAILURE = flow.defaults!.capture!.failureMessage!;
const AGENT = transferOf(flow, "main", "2");

let platform: TestPlatform;
let apology: string;
beforeAll(async () => {
  // In process: what is tested is the flow, not the socket (restaurant.test.ts covers both).
  platform = await startTestPlatform({ flow: "examples/simple-ivr.yaml", inProcess: true });
  const { loadIvr } = await import("../../src/ivr/index.js");
  const app = await loadIvr("examples/simple-ivr.yaml");
  apology = (app.fallback?.callflow[0] as { params: { text: string } }).params.text;
});
afterAll(async () => {
  await platform?.close();
});

describe("simple IVR example through the simulator and our server", () => {
  it("1 (issue resolved) hangs up at once: COMPLETED, 1 leg, HANGUP", async () => {
    const call = await platform.dial({ press: ["1"] });
    expect(call.heard).toEqual([MAIN]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    expect((await call.stored())?.summary?.sessionStatus).toBe("COMPLETED");
  });

  it("2 transfers to an agent: COMPLETED, 2 legs, MAKE_CALL", async () => {
    const call = await platform.dial({ press: ["2"] });
    expect(call.heard).toEqual([MAIN]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
    expect(call.transcript.find((e) => e.kind === "bridge")).toMatchObject({ destination: AGENT, outcome: "ANSWERED" });
    expect((await call.stored())?.session.status).toBe("COMPLETED");
  });

  it("any other key repeats the menu with the Sorry prompt, and the caller can still choose", async () => {
    const call = await platform.dial({ press: ["9", "1"] });
    expect(call.heard).toEqual([MAIN, SORRY]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
  });

  it("wrong keys until the replays run out: three Sorry prompts, then the apology and hangup", async () => {
    const call = await platform.dial({ press: ["9", "9", "9", "9", "9"] });
    expect(call.heard).toEqual([MAIN, SORRY, SORRY, SORRY, apology]);
    expect(call.pressed).toEqual(["9", "9", "9", "9"]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    const stored = await call.stored();
    expect(stored?.timeline.filter((e) => e.kind === "vca")).toHaveLength(5);
    expect(stored?.summary?.sessionStatus).toBe("COMPLETED");
  });

  it("silence plays the guide's failure message between tries, then the Sorry prompt once", async () => {
    const call = await platform.dial({ press: ["-", "-", "1"] });
    expect(call.heard).toEqual([MAIN, FAILURE, MAIN, SORRY]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
  });
});
