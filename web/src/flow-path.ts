/**
 * Where one session went on its flow's graph: the nodes it visited and the edges it took, from
 * the steps the server stored with each answered VCA (`menu`, `keys`, `nextMenu`). Matches an
 * exchange as the server's counts will: the option whose key it carries, else the menu's `any`
 * option, else its `no input` exit (no keys) or `invalid` exit; a step that stays in its menu (a
 * replay, the repeat key) marks the menu only. Pure; tested in test/dashboard/flow-path.test.ts.
 */
import type { FlowGraph, FlowGraphEdge } from "./api-types.js";

/** One stored step of a session. */
export interface PathStep {
  menu: string | null;
  keys: string | null;
  nextMenu: string | null;
}

/** The nodes and edges a session took; `replayed` are menus it was asked again. */
export interface FlowPath {
  nodes: Set<string>;
  edges: Set<string>;
  replayed: Set<string>;
}

const menuNode = (menu: string) => `menu:${menu}`;

/** The edge a step from `menu` takes, before following `then` edges. */
function edgeOf(graph: FlowGraph, step: PathStep & { menu: string }): FlowGraphEdge | undefined {
  const leaving = graph.edges.filter((edge) => edge.menu === step.menu);
  if (step.keys !== null) {
    const option = leaving.find((edge) => edge.kind === "option" && edge.keys === step.keys) ?? leaving.find((edge) => edge.kind === "option" && edge.keys === "any");
    if (option) return option;
  }
  return leaving.find((edge) => edge.kind === (step.keys === null ? "no-input" : "invalid"));
}

/** The path of `steps` on `graph`. */
export function pathOnGraph(graph: FlowGraph, steps: readonly PathStep[]): FlowPath {
  const path: FlowPath = { nodes: new Set(), edges: new Set(), replayed: new Set() };
  const has = (id: string) => graph.nodes.some((node) => node.id === id);
  for (const step of steps) {
    const next = step.nextMenu === null ? null : menuNode(step.nextMenu);
    if (step.menu === null) {
      const start = graph.edges.find((edge) => edge.kind === "start");
      if (start) {
        path.edges.add(start.id);
        path.nodes.add(start.from);
      }
      if (next !== null && has(next)) path.nodes.add(next);
      continue;
    }
    const from = menuNode(step.menu);
    if (has(from)) path.nodes.add(from);
    if (step.nextMenu === step.menu) {
      // Asked again: a replay after wrong or no input, or the repeat key, unless an option loops back on purpose.
      const loop = step.keys === null ? undefined : graph.edges.find((edge) => edge.menu === step.menu && edge.kind === "option" && edge.keys === step.keys && edge.to === from);
      if (loop) path.edges.add(loop.id);
      else path.replayed.add(from);
      continue;
    }
    const edge = edgeOf(graph, { ...step, menu: step.menu });
    if (edge === undefined) {
      // The back key, or a flow changed since: the menus are known, the way between them is not.
      if (next !== null && has(next)) path.nodes.add(next);
      continue;
    }
    path.edges.add(edge.id);
    path.nodes.add(edge.to);
    // Through what was said or a handler, on to the menu the answer prompted.
    if (next !== null && edge.to !== next) {
      const then = graph.edges.find((candidate) => candidate.from === edge.to && candidate.kind === "then" && candidate.to === next);
      if (then) path.edges.add(then.id);
    }
    if (next !== null && has(next)) path.nodes.add(next);
  }
  return path;
}
