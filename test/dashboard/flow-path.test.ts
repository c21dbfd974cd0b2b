/**
 * A session's path on its flow's graph (web/src/flow-path.ts), from the steps the server stored
 * for real simulated calls through the restaurant flow, on the graph the server sends
 * (`flowGraph`), and the layout the dashboard draws it with (web/src/flow-layout.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flowGraph, loadFlowFile, type FlowGraph } from "../../src/ivr/index.js";
import { startTestPlatform, type TestPlatform } from "../../src/testing/index.js";
import type { SessionDetail } from "../../web/src/api-types.js";
import { drawing, layout, wrap } from "../../web/src/flow-layout.js";
import { pathOnGraph } from "../../web/src/flow-path.js";
import { pathOf } from "../../web/src/timeline.js";

const FLOW = new URL("../../examples/restaurant.yaml", import.meta.url).pathname;

describe("a session's path on the flow's graph", () => {
  let platform: TestPlatform;
  let graph: FlowGraph;
  beforeAll(async () => {
    platform = await startTestPlatform({ flow: FLOW, inProcess: true, callees: [{ number: "+6561115777", behavior: "answer" }] });
    graph = flowGraph(await loadFlowFile(FLOW));
  });
  afterAll(async () => platform?.close());

  async function pathFor(press: string[]) {
    const call = await platform.dial({ press });
    const detail = (await platform.session(call.sessionId)) as unknown as SessionDetail;
    const path = pathOnGraph(graph, pathOf(detail));
    const label = (id: string) => graph.nodes.find((n) => n.id === id)!.label;
    const edges = graph.edges.filter((e) => path.edges.has(e.id)).map((e) => `${label(e.from)} -${e.label}-> ${label(e.to)}`);
    return { path, edges, nodes: [...path.nodes].map(label) };
  }

  it("takes the start, the keys pressed and the exit", async () => {
    const { edges, nodes } = await pathFor(["1", "2", "1"]);
    expect(edges).toEqual([
      "call --> main_menu",
      "main_menu -1-> reservations",
      "reservations -2-> reschedule_table",
      "reschedule_table -1-> say: Keeping your current reservation, thank you. / hang up",
    ]);
    expect(nodes).toContain("reschedule_table");
    expect(nodes).not.toContain("book_table");
  });

  it("takes a transfer", async () => {
    const { edges } = await pathFor(["2", "1"]);
    expect(edges.at(-1)).toBe("connect_call -1-> transfer to +6561115777");
  });

  it("takes the invalid exit for a key no option has", async () => {
    const { edges } = await pathFor(["9"]);
    expect(edges).toEqual(["call --> main_menu", "main_menu -invalid-> say: Invalid input, please call again. / hang up"]);
  });

  it("draws each menu's invalid and no-input exits as one short edge to a copy of their end under it", () => {
    const drawn = drawing(graph);
    const retries = drawn.edges.filter((edge) => edge.kind === "invalid" || edge.kind === "no-input");
    expect(retries.map((edge) => [edge.from, edge.label, edge.ids.length])).toEqual(
      ["main_menu", "reservations", "connect_call", "book_table", "reschedule_table"].map((menu) => [`menu:${menu}`, "invalid / no input", 2]),
    );
    for (const edge of retries) expect(drawn.nodes.find((node) => node.id === edge.to)).toMatchObject({ copyFor: edge.from, node: { label: "say: Invalid input, please call again. / hang up" } });
    // The shared end is drawn only through its copies; every edge of the graph is drawn once.
    expect(drawn.nodes.filter((node) => node.node.label.startsWith("say: Invalid input") && node.copyFor === undefined)).toEqual([]);
    expect(drawn.edges.flatMap((edge) => edge.ids).sort()).toEqual(graph.edges.map((edge) => edge.id).sort());
  });

  it("lays the graph out with every node and edge placed inside it", () => {
    const placed = layout(graph);
    expect(placed.nodes).toHaveLength(drawing(graph).nodes.length);
    expect(placed.edges).toHaveLength(drawing(graph).edges.length);
    for (const node of placed.nodes) {
      expect(node.x - node.width / 2).toBeGreaterThanOrEqual(0);
      expect(node.y + node.height / 2).toBeLessThanOrEqual(placed.height);
    }
    for (const edge of placed.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2);
    // The entry is above the menus it leads to.
    const y = (id: string) => placed.nodes.find((n) => n.drawn.id === id)!.y;
    expect(y("menu:main_menu")).toBeLessThan(y("menu:reservations"));
  });

  it("wraps long labels in at most three lines, cutting the last", () => {
    expect(wrap("say: Our restaurant hours are between 9AM and 9PM every day of the week. / hang up")).toEqual([
      "say: Our restaurant hours",
      "are between 9AM and 9PM",
      "every day of the week. /…",
    ]);
  });
});
