import { describe, expect, it } from "vitest";
import type { Flow } from "./flow-schema.js";
import { flowGraph } from "./flow-graph.js";
import { loadFlowFile } from "./load.js";

const RESTAURANT = new URL("../../examples/restaurant.yaml", import.meta.url).pathname;

describe("a flow's graph", () => {
  it("has the call's start, a node per menu, an edge per option and each menu's invalid and no-input exits", async () => {
    const graph = flowGraph(await loadFlowFile(RESTAURANT));
    expect(graph.entry).toBe("main_menu");
    expect(graph.nodes.filter((n) => n.kind === "menu").map((n) => n.menu)).toEqual(["main_menu", "reservations", "connect_call", "book_table", "reschedule_table"]);
    const from = (menu: string) => graph.edges.filter((e) => e.menu === menu).map((e) => `${e.label} -> ${graph.nodes.find((n) => n.id === e.to)!.label}`);
    expect(graph.edges[0]).toMatchObject({ from: "start", to: "menu:main_menu", kind: "start" });
    expect(from("main_menu")).toEqual([
      "1 -> reservations",
      "2 -> connect_call",
      "3 -> say: Our restaurant hours are between 9AM and 9PM every day of the week. / hang up",
      "invalid -> say: Invalid input, please call again. / hang up",
      "no input -> say: Invalid input, please call again. / hang up",
    ]);
    expect(from("connect_call")[0]).toBe("1 -> transfer to +6561115777");
    // Menus that end the same way share the node, so the graph stays small.
    expect(graph.nodes.filter((n) => n.label === "say: Invalid input, please call again. / hang up")).toHaveLength(1);
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
  });

  it("draws repeat as a loop, back and handlers as exits with their then and goTo edges, and the default goodbye", () => {
    const flow: Flow = {
      version: 1,
      entry: "main",
      menus: {
        main: {
          prompt: "Press 1, 2, 3 or 4.",
          options: {
            "1": "repeat",
            "2": { handler: "lookup", then: "done", goTo: ["main"] },
            "3": { say: "One moment.", then: "done" },
            any: "back",
          },
        },
        done: { prompt: { play: "https://example.com/a.mp3", say: "Press 1." }, options: { "1": { hangup: true } }, onInvalid: { then: "main" } },
      },
    };
    const graph = flowGraph(flow);
    const label = (id: string) => graph.nodes.find((n) => n.id === id)!.label;
    const edges = graph.edges.map((e) => `${label(e.from)} -${e.label}-> ${label(e.to)}`);
    expect(edges).toEqual([
      "call --> main",
      "main -1-> main",
      "handler lookup -then-> done",
      "handler lookup -then-> main",
      "main -2-> handler lookup",
      "say: One moment. -then-> done",
      "main -3-> say: One moment.",
      "main -any-> back to the menu before",
      "main -invalid-> say: Sorry, we didn't get that. Goodbye. / hang up",
      "main -no input-> say: Sorry, we didn't get that. Goodbye. / hang up",
      "done -1-> hang up",
      "done -invalid-> main",
      "done -no input-> say: Sorry, we didn't get that. Goodbye. / hang up",
    ]);
    expect(graph.nodes.find((n) => n.menu === "done")!.prompt).toBe("play https://example.com/a.mp3");
    expect(graph.edges.find((e) => e.label === "any")).toMatchObject({ kind: "option", menu: "main", keys: "any" });
  });
});
