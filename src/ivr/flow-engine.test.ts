/** The engine's half of the shared frozen answers contract (util/frozen.ts), through compileFlow. */
import { describe, expect, it } from "vitest";
import { Caller } from "../../test/ivr-caller.js";
import { isFrozenPlainData } from "../util/index.js";
import { compileFlow } from "./compile.js";
import type { Flow } from "./flow-schema.js";

const flow: Flow = {
  version: 1,
  entry: "main",
  menus: {
    main: { prompt: "Main.", options: { "1": "named", "2": "other", "3": "side", "9": "hangup" } },
    side: { prompt: "Side.", options: { "1": "other" } },
    other: { prompt: "Other.", options: { "1": "main" } },
    named: { prompt: "Hello {{caller}}.", options: { "1": "main" } },
  },
};

describe("FlowEngine: shared frozen answers", () => {
  it("hands out one deeply frozen answer per prompt and bookmark, which the server may recognise by identity", async () => {
    const app = compileFlow(flow);
    const [one, two] = [new Caller(app), new Caller(app)];
    const first = await one.start();
    expect(await two.start()).toBe(first);
    expect(isFrozenPlainData(first)).toBe(true);
    const other = await one.press("2");
    expect(await two.press("2")).toBe(other);
    expect(isFrozenPlainData(other)).toBe(true);
    expect(await one.press("1")).toBe(first); // back in main, with main's first bookmark
    // The same menu reached another way has another bookmark: another answer, the same actions.
    await two.press("1");
    await two.press("3");
    const otherViaSide = await two.press("1");
    expect(otherViaSide).not.toBe(other);
    expect(otherViaSide.clientActionId).not.toBe(other.clientActionId);
    expect(otherViaSide.callflow).toBe(other.callflow);
  });

  it("never shares an answer with a templated prompt, nor freezes it", async () => {
    const app = compileFlow(flow);
    const caller = new Caller(app);
    await caller.start();
    const named = await caller.press("1");
    await caller.press("1");
    const namedAgain = await caller.press("1");
    expect(namedAgain).toEqual(named);
    expect(namedAgain).not.toBe(named);
    expect(Object.isFrozen(named)).toBe(false);
  });

  it("gives an outbound call's entry the shared answer when its prompt has no template", () => {
    const app = compileFlow(flow);
    expect(app.entry()).toBe(app.entry({ vars: { any: 1 } }));
  });
});
