import { describe, expect, it } from "vitest";
import { isFrozenPlainData } from "../util/index.js";
import type { Flow } from "./flow-schema.js";
import { MenuPrompts } from "./menu-prompts.js";
import { GivenScope, Step } from "./step.js";
import type { CallActionEvent, HandlerContext } from "./types.js";

const flow: Flow = {
  version: 1,
  entry: "main",
  menus: {
    main: { prompt: "Main.", options: { "1": "greet", "2": "audio" } },
    greet: { prompt: "Hello {{vars.name}}, this is {{menu}}.", options: { "1": "main" } },
    audio: { prompt: { play: "https://example.com/menu.mp3" }, options: { "1": "main" } },
  },
};

const logger = { debug() {}, info() {}, warn() {}, error() {} };
function stepIn(path: string[], vars: Record<string, unknown> = {}): Step {
  const event = { callStatus: "ACTION_COMPLETED", callDirection: "INBOUND", dtmf: "1", sessionId: "s", source: "+1", destination: "+2" } as CallActionEvent;
  const ctx: HandlerContext = { sessionId: "s", vars, logger, signal: new AbortController().signal };
  return new Step(event, ctx, { path, invalid: 0, silent: 0 });
}

describe("MenuPrompts: entering a menu", () => {
  it("builds a template-free prompt once, deeply frozen, and gives the same actions each time", () => {
    const prompts = new MenuPrompts(flow);
    const first = prompts.enter(["main"], stepIn(["main"]));
    expect(first.bookmark).toEqual({ path: ["main"], invalid: 0, silent: 0 });
    expect(prompts.enter(["main"], stepIn(["main", "greet"])).actions).toBe(first.actions);
    expect(isFrozenPlainData(first.actions)).toBe(true);
  });

  it("shares a retry prompt apart from the menu's own, and plays an audio prompt before its spoken cue", () => {
    const prompts = new MenuPrompts(flow);
    const own = prompts.enter(["audio"], stepIn(["audio"])).actions;
    const retry = prompts.enter(["audio"], stepIn(["audio"]), "Please choose.").actions;
    expect(own.map((a) => a.action)).toEqual(["playFile", "sayAndCapture"]);
    expect(retry.map((a) => a.action)).toEqual(["sayAndCapture"]);
    expect(prompts.enter(["audio"], stepIn(["audio"]), "Please choose.").actions).toBe(retry);
  });

  it("renders a templated prompt for each entry, never shared, with menu set to the menu entered", () => {
    const prompts = new MenuPrompts(flow);
    const first = prompts.enter(["main", "greet"], stepIn(["main"], { name: "Ana" })).actions;
    const again = prompts.enter(["main", "greet"], stepIn(["main"], { name: "Ana" })).actions;
    expect(first).not.toBe(again);
    expect(Object.isFrozen(first)).toBe(false);
    expect(first[0]).toMatchObject({ params: { promptMessage: "Hello Ana, this is greet." } });
    const given = prompts.enter(["greet"], new GivenScope({ vars: { name: "Bo" } })).actions;
    expect(given[0]).toMatchObject({ params: { promptMessage: "Hello Bo, this is greet." } });
  });

  it("follows a target: hangup ends, repeat and back stay on the path, a menu already on it is gone back to", () => {
    const prompts = new MenuPrompts(flow);
    const step = stepIn(["main", "audio"]);
    expect(prompts.follow("hangup", step)).toEqual({ actions: [{ action: "hangup" }] });
    expect(prompts.follow("repeat", step).bookmark?.path).toEqual(["main", "audio"]);
    expect(prompts.follow("back", step).bookmark?.path).toEqual(["main"]);
    expect(prompts.follow("back", stepIn(["main"])).bookmark?.path).toEqual(["main"]);
    expect(prompts.follow("main", step).bookmark?.path).toEqual(["main"]);
    expect(prompts.follow("greet", step).bookmark?.path).toEqual(["main", "audio", "greet"]);
  });
});
