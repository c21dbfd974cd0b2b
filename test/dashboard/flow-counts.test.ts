/**
 * The flow page's counts on a graph (web/src/flow-counts.ts): stored steps matched to the graph's
 * edges as a session's path is, and each menu's hang-ups, timeouts and invalid input, on the
 * restaurant flow's graph as the server sends it and on a small graph with an `any` option, a
 * repeat key, a handler's `then` edge and a back key.
 */
import { describe, expect, it } from "vitest";
import { flowGraph, loadFlowFile } from "../../src/ivr/index.js";
import type { FlowEdgeCount, FlowGraph } from "../../web/src/api-types.js";
import { countsOnGraph, drawnCount } from "../../web/src/flow-counts.js";

const FLOW = new URL("../../examples/restaurant.yaml", import.meta.url).pathname;
const step = (menu: string | null, keys: string | null, nextMenu: string | null, count: number): FlowEdgeCount => ({ fingerprint: "fp", menu, keys, nextMenu, count });

describe("counts on a flow's graph", () => {
  it("puts each stored step on its edge and counts each menu's hang-ups, timeouts and invalid keys", async () => {
    const graph = flowGraph(await loadFlowFile(FLOW)) as FlowGraph;
    const counts = countsOnGraph(graph, {
      edges: [
        step(null, null, "main_menu", 7),
        step("main_menu", "1", "reservations", 2),
        step("main_menu", "9", null, 1),
        step("main_menu", null, null, 1),
        step("main_menu", null, "main_menu", 3),
        step("reservations", "3", "main_menu", 1),
      ],
      hangups: [
        { fingerprint: "fp", menu: "reservations", sessions: 1 },
        { fingerprint: "fp", menu: "main_menu", sessions: 2 },
      ],
    });
    expect(counts.calls).toBe(7);
    expect(counts.unplaced).toBe(0);
    expect(Object.fromEntries(counts.edges)).toEqual({
      "start>menu:main_menu:start": 7,
      "menu:main_menu>menu:reservations:option:1": 2,
      "menu:main_menu>end:2:invalid": 1,
      "menu:main_menu>end:2:no-input": 1,
      "menu:reservations>menu:main_menu:option:3": 1,
    });
    // The three replays after no input count as timeouts, on no edge.
    expect(counts.menus.get("menu:main_menu")).toEqual({ hungUp: 2, timedOut: 4, invalid: 1 });
    expect(counts.menus.get("menu:reservations")).toEqual({ hungUp: 1, timedOut: 0, invalid: 0 });
    expect(counts.menus.get("menu:book_table")).toEqual({ hungUp: 0, timedOut: 0, invalid: 0 });
    // The merged invalid and no-input exit drawn under the main menu.
    expect(drawnCount(counts, ["menu:main_menu>end:2:invalid", "menu:main_menu>end:2:no-input"])).toBe(2);
  });

  it("takes an any option, a repeat key that loops back, a handler's then edge, and counts what no edge explains", () => {
    const graph: FlowGraph = {
      entry: "main",
      nodes: [
        { id: "start", kind: "start", label: "call" },
        { id: "menu:main", kind: "menu", label: "main", menu: "main", prompt: "Say" },
        { id: "menu:next", kind: "menu", label: "next", menu: "next", prompt: "Next" },
        { id: "end:1", kind: "end", label: "handler lookup", exit: "handler" },
      ],
      edges: [
        { id: "s", from: "start", to: "menu:main", kind: "start", label: "" },
        { id: "repeat", from: "menu:main", to: "menu:main", kind: "option", menu: "main", keys: "*", label: "*" },
        { id: "any", from: "menu:main", to: "end:1", kind: "option", menu: "main", keys: "any", label: "any" },
        { id: "then", from: "end:1", to: "menu:next", kind: "then", label: "" },
      ],
    };
    const counts = countsOnGraph(graph, {
      edges: [step(null, null, "main", 4), step("main", "*", "main", 2), step("main", "1234", "next", 3), step("next", "#", "main", 1)],
      hangups: [{ fingerprint: "fp", menu: "gone", sessions: 1 }],
    });
    expect(Object.fromEntries(counts.edges)).toEqual({ s: 4, repeat: 2, any: 3, then: 3 });
    // Keys an `any` option takes are not invalid input; `#` at next (a back key) matches no edge.
    expect(counts.menus.get("menu:main")).toEqual({ hungUp: 0, timedOut: 0, invalid: 0 });
    expect(counts.menus.get("menu:next")).toEqual({ hungUp: 0, timedOut: 0, invalid: 1 });
    expect(counts.unplaced).toBe(1);
  });
});
