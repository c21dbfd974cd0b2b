/**
 * examples/restaurant.yaml end to end: the simulator places each call against our server (SQLite
 * in memory, auth on), on the instant clock, once over real HTTP and once in process
 * (`inProcess: true`, every webhook through the server's inject()): the same suite for both
 * transports. Each path checks what the caller heard (the flow's own texts), the VSS the
 * platform reported, and what the server stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestCall, type TestPlatform } from "../../src/testing/index.js";
import { promptOf, readFlow, sayOf, transferOf } from "./flow-texts.js";

const flow = readFlow("examples/restaurant.yaml");
const MAIN = promptOf(flow, "main_menu");
const RESERVATIONS = promptOf(flow, "reservations");
const CONNECT = promptOf(flow, "connect_call");
const BOOK = promptOf(flow, "book_table");
const RESCHEDULE = promptOf(flow, "reschedule_table");
const HOURS = sayOf(flow, "main_menu", "3");
const INVALID = "Invalid input, please call again.";
const REPRESENTATIVE = transferOf(flow, "connect_call", "1");

/** The server stored the session with the VSS's status, and one VCA per VCA the platform sent. */
async function expectStoredAs(call: TestCall): Promise<void> {
  const stored = await call.stored();
  expect(stored?.session.status).toBe(call.summary.sessionStatus);
  expect(stored?.summary?.sessionStatus).toBe(call.summary.sessionStatus);
  const vcasSent = call.webhooks.filter((w) => w.type === "VCA" && w.status === 200).length;
  expect(stored?.session.vcaCount).toBe(vcasSent);
  expect(stored?.timeline.filter((entry) => entry.kind === "answer")).toHaveLength(vcasSent);
}

describe.each([
  ["over HTTP", false],
  ["in process", true],
])("restaurant example through the simulator and our server (%s)", (_transport, inProcess) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ flow: "examples/restaurant.yaml", inProcess });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it.each([
    ["hours", ["3"], [MAIN, HOURS]],
    ["book a table for today", ["1", "1", "1"], [MAIN, RESERVATIONS, BOOK, sayOf(flow, "book_table", "1")]],
    ["book a table for tomorrow", ["1", "1", "2"], [MAIN, RESERVATIONS, BOOK, sayOf(flow, "book_table", "2")]],
    ["keep a reservation", ["1", "2", "1"], [MAIN, RESERVATIONS, RESCHEDULE, sayOf(flow, "reschedule_table", "1")]],
    ["move a reservation to tomorrow", ["1", "2", "2"], [MAIN, RESERVATIONS, RESCHEDULE, sayOf(flow, "reschedule_table", "2")]],
    ["reservations, back to the main menu, hours", ["1", "3", "3"], [MAIN, RESERVATIONS, MAIN, HOURS]],
    ["representative, back to the main menu, hours", ["2", "2", "3"], [MAIN, CONNECT, MAIN, HOURS]],
    ["an unexpected key", ["9"], [MAIN, INVALID]],
    ["an unexpected key in a submenu", ["1", "7"], [MAIN, RESERVATIONS, INVALID]],
  ])("%s: the caller hears the flow's texts and the app hangs up (COMPLETED, 1 leg, HANGUP)", async (_name, press, heard) => {
    const call = await platform.dial({ press });
    expect(call.heard).toEqual(heard);
    expect(call.pressed).toEqual(press);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    expect(call.transcript.filter((e) => e.kind === "hangup").map((e) => (e as { by: string }).by)).toEqual(["app"]);
    await expectStoredAs(call);
  });

  it("connects to the representative: COMPLETED with 2 legs and lastAction MAKE_CALL", async () => {
    platform.setCallee(REPRESENTATIVE, "answer");
    const call = await platform.dial({ press: ["2", "1"] });
    expect(call.heard).toEqual([MAIN, CONNECT]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 2, lastAction: "MAKE_CALL" });
    const legs = call.vss.payload.details as Record<string, { destination: string; callStatus: string }>;
    expect(legs.callB).toMatchObject({ destination: REPRESENTATIVE, callStatus: "COMPLETED" });
    await expectStoredAs(call);
  });

  it.each([
    ["busy", "BUSY"],
    ["no-answer", "NO_ANSWER"],
  ] as const)("a representative who is %s makes the session %s although the caller's leg completed", async (behavior, status) => {
    platform.setCallee(REPRESENTATIVE, behavior);
    try {
      const call = await platform.dial({ press: ["2", "1"] });
      expect(call.heard).toEqual([MAIN, CONNECT]);
      expect(call.summary).toMatchObject({ sessionStatus: status, callCount: 2, lastAction: "MAKE_CALL" });
      const legs = call.vss.payload.details as Record<string, { callStatus: string }>;
      expect(legs.callA?.callStatus).toBe("COMPLETED");
      expect(legs.callB?.callStatus).toBe(status);
      await expectStoredAs(call);
    } finally {
      platform.setCallee(REPRESENTATIVE, "answer");
    }
  });

  it("a caller who never presses hears the menu on every try, then the flow's no-input message", async () => {
    const call = await platform.dial({ press: ["-", "-"] });
    expect(call.heard).toEqual([MAIN, MAIN, INVALID]);
    expect(call.transcript.filter((e) => e.kind === "press")).toEqual([]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    const lastVca = call.webhooks.filter((w) => w.type === "VCA").at(-1);
    expect(lastVca?.status).toBe(200);
    await expectStoredAs(call);
  });

  it("a caller who keeps typing nothing valid uses up the capture's tries, then hears the invalid-input message", async () => {
    // "#" alone ends input with no digits: invalid for minDigits 1, so 8x8 replays the prompt.
    const call = await platform.dial({ press: ["#", "#"] });
    expect(call.heard).toEqual([MAIN, MAIN, INVALID]);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", lastAction: "HANGUP" });
    await expectStoredAs(call);
  });

  it("a caller who hangs up mid-menu: COMPLETED, 1 leg, lastAction HANGUP, and the server keeps the summary", async () => {
    const call = await platform.dial({ hangupAfterMs: 3_000 });
    expect(call.heard).toEqual([MAIN]);
    expect(call.transcript.some((e) => e.kind === "hangup" && (e as { by: string }).by === "caller")).toBe(true);
    expect(call.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    await expectStoredAs(call);
  });

  it("lists every call of this suite in the read API, none still ACTIVE", async () => {
    const sessions = await platform.sessions();
    expect(sessions.length).toBeGreaterThanOrEqual(14);
    expect(sessions.filter((s) => s.status === "ACTIVE")).toEqual([]);
  });
});
