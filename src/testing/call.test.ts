/** A call is read as a TestCall only once its session has ended and its summary was delivered. */
import { describe, expect, it } from "vitest";
import type { SessionView } from "../simulator/index.js";
import { toTestCall } from "./call.js";
import { readApiOver } from "./read-api.js";

describe("toTestCall", () => {
  it("refuses a session that is still running, naming it and how to wait", () => {
    const running = { sessionId: "s-1", state: "running", transcript: [], heard: [], pressed: [] } as unknown as SessionView;
    const reader = readApiOver(async () => ({ status: 200, body: null }));
    expect(() => toTestCall(running, reader)).toThrow(expect.objectContaining({ name: "TestingError", code: "SB_TESTING_CALL_NOT_ENDED" }));
    expect(() => toTestCall(running, reader)).toThrow('session s-1 has not ended: state "running", no session summary; expected an ended call with its summary: wait with simulator.waitForSession("s-1")');
  });
});
