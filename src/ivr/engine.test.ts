/** The engine's behaviours beyond the examples: bookmarks, replays, back, templates, handlers. */
import { describe, expect, it } from "vitest";
import { Caller, heard } from "../../test/ivr-caller.js";
import { answer, capture, compileFlow, DEFAULT_GOODBYE_TEXT, goTo, hangup, say, type Flow, type FlowHandler } from "./index.js";

const flow: Flow = {
  version: 1,
  name: "test",
  entry: "main",
  defaults: { keys: { back: "0" }, callerId: "+6568888888" },
  menus: {
    main: {
      prompt: "Main. Press 1 for accounts, 2 to look up.",
      options: { "1": "accounts", "2": { handler: "lookup", store: "found", then: "result" }, "9": "hangup" },
      onInvalid: { replay: 1, say: "That is not an option." },
    },
    accounts: {
      prompt: "Accounts. Press 1 for balance.",
      options: { "1": { say: "You typed {{digits}} in {{menu}}.", then: "main" }, "2": "back" },
      onInvalid: { then: { say: "Goodbye." } },
    },
    result: {
      prompt: "Found {{vars.found.name}} for {{vars.typed | spell}}.",
      options: { "1": "hangup" },
      onInvalid: { then: "hangup" },
    },
  },
};

const lookup: FlowHandler = (_event, ctx) => {
  ctx.vars.typed = ctx.digits;
  return { name: "Ana" };
};

describe("the IVR engine", () => {
  it("answers from the entry menu and logs a warning when the bookmark was altered", async () => {
    const app = compileFlow(flow, { handlers: { lookup } });
    const caller = new Caller(app);
    const first = await caller.start();
    const tampered = (first.clientActionId as string).replace("main", "accounts");
    const reply = await caller.send({ callStatus: "ACTION_COMPLETED", dtmf: "1", sessionId: caller.sessionId, clientActionId: tampered });
    expect(heard(reply)).toEqual(["ask: Main. Press 1 for accounts, 2 to look up."]);
    expect(caller.logger.lines.some((l) => l.level === "warn" && /bookmark/.test(l.msg ?? ""))).toBe(true);
  });

  it("hands a flow's handler the session, its variables, the digits, the menu and the app's own signal", async () => {
    const controller = new AbortController();
    let seen: Record<string, unknown> = {};
    const app = compileFlow(flow, {
      handlers: {
        lookup: (_event, ctx) => {
          seen = { sessionId: ctx.sessionId, vars: ctx.vars, digits: ctx.digits, menu: ctx.menu, signal: ctx.signal };
          return { name: "Ana" };
        },
      },
    });
    const vars = { before: 1 };
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const first = await app.answer({ callStatus: "CALL_RECEIVED", sessionId: "s-h", dtmf: null, clientActionId: null } as never, { sessionId: "s-h", vars, logger, signal: controller.signal });
    await app.answer({ callStatus: "ACTION_COMPLETED", sessionId: "s-h", dtmf: "2", clientActionId: first.clientActionId ?? null } as never, { sessionId: "s-h", vars, logger, signal: controller.signal });
    expect(seen).toEqual({ sessionId: "s-h", vars, digits: "2", menu: "main", signal: controller.signal });
    expect(vars).toEqual({ before: 1, found: { name: "Ana" } });
  });

  it("hands out one frozen answer per menu and bookmark, and renders templated prompts afresh", async () => {
    const app = compileFlow(flow, { handlers: { lookup } });
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const ctx = () => ({ sessionId: "s", vars: {}, logger, signal: new AbortController().signal });
    const callIn = { callStatus: "CALL_RECEIVED", sessionId: "s", dtmf: null, clientActionId: null } as never;
    const first = await app.answer(callIn, ctx());
    expect(await app.answer(callIn, ctx())).toBe(first);
    expect(Object.isFrozen(first.callflow[0]!)).toBe(true);
    // "Found {{vars.found.name}} ...": a new answer each time, with this session's values.
    const press = (dtmf: string, clientActionId: string | undefined) => ({ callStatus: "ACTION_COMPLETED", sessionId: "s", dtmf, clientActionId: clientActionId ?? null }) as never;
    const found = await app.answer(press("2", first.clientActionId), ctx());
    expect(heard(found)).toEqual(["ask: Found Ana for 2."]);
    expect(await app.answer(press("2", first.clientActionId), ctx())).not.toBe(found);
    expect(Object.isFrozen(found)).toBe(false);
  });

  it.each([["menu:main"], ["sb9.main.-.abcdefgh"], ["sb1.main.-.AAAAAAAA"]])("answers from the entry menu for the unknown bookmark %s", async (bookmark) => {
    const caller = new Caller(compileFlow(flow, { handlers: { lookup } }));
    const reply = await caller.send({ callStatus: "ACTION_COMPLETED", dtmf: "1", sessionId: caller.sessionId, clientActionId: bookmark });
    expect(heard(reply)).toEqual(["ask: Main. Press 1 for accounts, 2 to look up."]);
  });

  it("refuses a bookmark written by a different version of the flow", async () => {
    const old = new Caller(compileFlow(flow, { handlers: { lookup } }));
    const bookmark = (await old.start()).clientActionId;
    const edited = compileFlow({ ...flow, menus: { ...flow.menus, main: { ...flow.menus.main!, prompt: "New main." } } }, { handlers: { lookup } });
    const caller = new Caller(edited);
    const reply = await caller.send({ callStatus: "ACTION_COMPLETED", dtmf: "1", sessionId: caller.sessionId, clientActionId: bookmark });
    expect(heard(reply)).toEqual(["ask: New main."]);
  });

  it("accepts bookmarks across instances that share the flow (no server memory needed)", async () => {
    const one = new Caller(compileFlow(flow, { handlers: { lookup } }));
    const two = new Caller(compileFlow(flow, { handlers: { lookup } }));
    const bookmark = (await one.start()).clientActionId;
    const reply = await two.send({ callStatus: "ACTION_COMPLETED", dtmf: "1", sessionId: two.sessionId, clientActionId: bookmark });
    expect(heard(reply)).toEqual(["ask: Accounts. Press 1 for balance."]);
  });

  it("says the onInvalid text and replays, then says the default goodbye once the replays are used", async () => {
    const app = compileFlow(flow, { handlers: { lookup } });
    const caller = new Caller(app);
    await caller.start();
    expect(heard(await caller.press("7"))).toEqual(["say: That is not an option.", "ask: Main. Press 1 for accounts, 2 to look up."]);
    expect(heard(await caller.press("7"))).toEqual(["say: That is not an option.", `say: ${DEFAULT_GOODBYE_TEXT}`, "hangup"]);
    expect(heard(app.fallback)).not.toContain(`say: ${DEFAULT_GOODBYE_TEXT}`);
  });

  it("restarts the wrong-input count when the caller enters another menu", async () => {
    const caller = new Caller(compileFlow(flow, { handlers: { lookup } }));
    await caller.start();
    await caller.press("7");
    await caller.press("1");
    await caller.press("2"); // back to main
    expect(heard(await caller.press("7"))).toEqual(["say: That is not an option.", "ask: Main. Press 1 for accounts, 2 to look up."]);
  });

  it("goes back to the previous menu with the back key and with a back option", async () => {
    const caller = new Caller(compileFlow(flow, { handlers: { lookup } }));
    await caller.start();
    await caller.press("1");
    expect(heard(await caller.press("0"))).toEqual(["ask: Main. Press 1 for accounts, 2 to look up."]);
    await caller.press("1");
    expect(heard(await caller.press("2"))).toEqual(["ask: Main. Press 1 for accounts, 2 to look up."]);
  });

  it("renders templates with the digits typed and the current menu", async () => {
    const caller = new Caller(compileFlow(flow, { handlers: { lookup } }));
    await caller.start();
    await caller.press("1");
    expect(heard(await caller.press("1"))).toEqual(["say: You typed 1 in accounts.", "ask: Main. Press 1 for accounts, 2 to look up."]);
  });

  it("stores a handler's result in vars and uses it in the next prompt", async () => {
    const caller = new Caller(compileFlow(flow, { handlers: { lookup } }));
    await caller.start();
    expect(heard(await caller.press("2"))).toEqual(["ask: Found Ana for 2."]);
    expect(caller.vars).toMatchObject({ found: { name: "Ana" }, typed: "2" });
  });

  it("lets a handler answer with its own capture and gives it the next VCA with its own clientActionId", async () => {
    const seen: Array<string | null> = [];
    const pin: FlowHandler = (event) => {
      seen.push(event.clientActionId);
      if (event.clientActionId === "pin") return event.dtmf === "1234" ? goTo("result", { name: "PIN ok" }) : answer(say("Wrong PIN."), hangup());
      return answer(capture("Enter your PIN.", { minDigits: 4, maxDigits: 4 }), { clientActionId: "pin" });
    };
    const app = compileFlow({ ...flow, menus: { ...flow.menus, main: { ...flow.menus.main!, options: { "2": { handler: "pin", store: "found" } } } } }, { handlers: { pin } });
    const caller = new Caller(app);
    await caller.start();
    expect(heard(await caller.press("2"))).toEqual(["ask: Enter your PIN."]);
    expect(heard(await caller.press("1234"))).toEqual(["ask: Found PIN ok for ."]);
    expect(seen).toEqual([expect.stringMatching(/^sb1\./), "pin"]);
  });

  it("refuses at compile time a flow that calls a handler it was not given", () => {
    expect(() => compileFlow(flow, { handlers: {} })).toThrow(/handler "lookup", which the handlers module does not export/);
  });

  it("refuses at compile time a flow whose option goes to a missing menu, naming the path", () => {
    const broken: Flow = { ...flow, menus: { ...flow.menus, result: { prompt: "x", options: { "1": "nowhere" } } } };
    expect(() => compileFlow(broken, { handlers: { lookup } })).toThrow(/\/menus\/result\/options\/1 goes to menu "nowhere"/);
  });

  it("plays an audio prompt, then opens capture with a short spoken cue", async () => {
    const app = compileFlow({ version: 1, entry: "m", menus: { m: { prompt: { play: "https://example.com/menu.mp3" }, options: { "1": "hangup" }, onInvalid: { then: "hangup" } } } });
    expect(heard(await new Caller(app).start())).toEqual(["play: https://example.com/menu.mp3", "ask: Please make your selection."]);
  });
});
