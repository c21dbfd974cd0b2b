/**
 * Which steps a compiled flow answers without the session's stored variables (the store is down):
 * plain navigation, the same answer `answer` gives; anything reading or writing `vars`, or a
 * handler, null (the server then sends the fallback).
 */
import { describe, expect, it } from "vitest";
import { memoryLogger, vcaBody } from "../../test/ivr-caller.js";
import { compileFlow } from "./compile.js";
import { toCallActionEvent } from "./event.js";
import { loadIvr } from "./load.js";
import type { Flow } from "./flow-schema.js";
import type { CallActionEvent, SessionVariables } from "./types.js";

const flow: Flow = {
  version: 1,
  entry: "main",
  menus: {
    main: {
      prompt: "Main.",
      options: {
        "1": "hours",
        "2": { say: "Your booking is for {{vars.booking}}.", then: "main" },
        "3": { handler: "lookup", then: "main" },
        "4": "greeting",
        "5": { transfer: "+6560000001" },
        "6": "pin",
        "7": "balance",
        "8": { play: "https://example.com/jingle.wav", then: "hours" },
        "9": "hangup",
      },
      onInvalid: { replay: 1, say: "That is not a choice." },
    },
    hours: { prompt: "We open at nine.", options: { "0": "back", "9": "hangup" } },
    greeting: { prompt: "Hello {{caller}}, you typed {{digits}}.", options: { "1": "main" } },
    pin: { prompt: "Type your PIN.", store: "pin", options: { any: "main" } },
    balance: { prompt: "Your balance is {{vars.balance}}.", options: { "1": "main" } },
  },
};

const sessionId = "s-storeless";
let handlerCalls = 0;
const app = compileFlow(flow, {
  handlers: {
    lookup: () => {
      handlerCalls += 1;
      return { found: true };
    },
  },
});
const ctx = () => ({ sessionId, logger: memoryLogger(), signal: new AbortController().signal });
const event = (fields: Parameters<typeof vcaBody>[0]): CallActionEvent => toCallActionEvent(vcaBody(fields));
/** The VCA of a caller in `main` pressing `dtmf`. */
async function inMain(dtmf: string | null): Promise<CallActionEvent> {
  const first = await app.answer(event({ callStatus: "CALL_RECEIVED", sessionId }), { ...ctx(), vars: {} });
  return event({ callStatus: "ACTION_COMPLETED", sessionId, dtmf, clientActionId: first.clientActionId as string });
}

describe("answering without the store", () => {
  it("answers plain navigation from the bookmark exactly as with the variables loaded", async () => {
    for (const dtmf of ["1", "4", "5", "8", "9", "0", null]) {
      const vca = await inMain(dtmf);
      const vars: SessionVariables = { booking: "Friday" };
      const withStore = await app.answer(vca, { ...ctx(), vars });
      expect(await app.answerWithoutStore(vca, ctx()), `dtmf ${dtmf}`).toEqual(withStore);
    }
    // A new call hears the entry menu.
    const opening = event({ callStatus: "CALL_RECEIVED", sessionId });
    expect(await app.answerWithoutStore(opening, ctx())).toEqual(await app.answer(opening, { ...ctx(), vars: {} }));
  });

  it("says it needs the store for a text or prompt reading vars, and for a menu that stores the digits", async () => {
    expect(await app.answerWithoutStore(await inMain("2"), ctx())).toBeNull();
    expect(await app.answerWithoutStore(await inMain("7"), ctx())).toBeNull();
    const pin = await app.answer(await inMain("6"), { ...ctx(), vars: {} });
    const typed = event({ callStatus: "ACTION_COMPLETED", sessionId, dtmf: "1234", clientActionId: pin.clientActionId as string });
    expect(await app.answerWithoutStore(typed, ctx())).toBeNull();
  });

  it("never calls a handler without the store", async () => {
    handlerCalls = 0;
    expect(await app.answerWithoutStore(await inMain("3"), ctx())).toBeNull();
    expect(handlerCalls).toBe(0);
    await app.answer(await inMain("3"), { ...ctx(), vars: {} });
    expect(handlerCalls).toBe(1);
  });

  it("is offered by a loaded flow, and not by an app written as one code handler (it may need anything)", async () => {
    expect((await loadIvr("examples/restaurant.yaml")).answerWithoutStore).toBeTypeOf("function");
    expect((await loadIvr("test/fixtures/ivr/echo-handler.ts")).answerWithoutStore).toBeUndefined();
  });
});
