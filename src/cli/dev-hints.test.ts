import { describe, expect, it } from "vitest";
import type { Flow } from "../ivr/index.js";
import { describePath, examplePaths } from "./dev-hints.js";

const flow = (menus: Flow["menus"], extra: Partial<Flow> = {}): Flow => ({ version: 1, entry: "main", menus, ...extra }) as Flow;

describe("examplePaths (the dial commands switchboard dev suggests)", () => {
  it("follows a say that goes on to a menu instead of stopping at it, to the transfer behind it", () => {
    const paths = examplePaths(
      flow({
        main: { prompt: "1 hours, 2 orders", options: { "1": { say: "Open 9 to 5.", then: "main" }, "2": "orders" } },
        orders: { prompt: "1 status, 2 agent", options: { "1": { say: "On its way.", then: "orders" }, "2": { transfer: "+6561115777" } } },
      }),
    );
    expect(paths).toEqual([{ press: ["2", "2"], outcome: "is transferred to +6561115777", assumes: [] }]);
  });

  it("ends a say without then in the IVR hanging up, and a hangup option as the IVR hanging up", () => {
    const paths = examplePaths(flow({ main: { prompt: "p", options: { "1": { say: "Bye now." }, "2": "hangup", "3": { hangup: true } } } }));
    expect(paths.map(describePath)).toEqual(['caller hears "Bye now.", then the IVR hangs up', "the IVR hangs up", "the IVR hangs up"]);
  });

  it("skips repeat and back, which lead to a menu already walked", () => {
    const paths = examplePaths(flow({ main: { prompt: "p", options: { "1": "repeat", "2": { say: "again", then: "back" }, "3": { play: "https://x.test/a.mp3" } } } }));
    expect(paths).toEqual([{ press: ["3"], outcome: "hears an audio file, then the IVR hangs up", assumes: [] }]);
  });

  it("types a digit string for `any` that no other option takes, as long as the menu's minDigits", () => {
    const paths = examplePaths(
      flow({ main: { prompt: "p", capture: { minDigits: 4, maxDigits: 4 }, options: { "1111": "hangup", any: { say: "Thanks." } } } }),
    );
    expect(paths.map((p) => p.press)).toEqual([["1111"], ["2222"]]);
  });

  it("skips keys the menu's capture cannot take", () => {
    const paths = examplePaths(flow({ main: { prompt: "p", capture: { minDigits: 2, maxDigits: 2 }, options: { "1": "hangup", "12": { transfer: "+6561115777" } } } }));
    expect(paths.map((p) => p.press)).toEqual([["12"]]);
  });

  it("follows a handler's then and goTo menus, saying which choice each path assumes, after the paths the flow alone decides", () => {
    const paths = examplePaths(
      flow({
        main: { prompt: "p", options: { any: { handler: "lookup", goTo: ["found", "missing"] }, "0": { transfer: "+6561115777" } } },
        found: { prompt: "f", options: { "1": { say: "See you." } } },
        missing: { prompt: "m", options: { "2": "hangup" } },
      }),
    );
    expect(paths.map((p) => [p.press, describePath(p)])).toEqual([
      [["0"], "caller is transferred to +6561115777"],
      [["1", "1"], 'caller hears "See you.", then the IVR hangs up (if handler lookup goes to found)'],
      [["1", "2"], "the IVR hangs up (if handler lookup goes to missing)"],
    ]);
  });

  it("finds nothing when every path loops back to a menu", () => {
    expect(examplePaths(flow({ main: { prompt: "p", options: { "1": { say: "again", then: "main" } } } }))).toEqual([]);
  });
});
