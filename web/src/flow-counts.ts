/**
 * The counts the flow page draws on a flow's graph, from `GET /api/flows/edges`: how many calls
 * (sessions, each once) took each edge of the graph, and per menu how many callers hung up there
 * (ended sessions whose last answer prompted it), timed out (calls that answered it with no keys)
 * or gave invalid input (keys that are none of its options, when it has no `any` option). A stored step is matched to an edge as
 * `flow-path.ts` matches a session's: the option with its keys, else `any`, else the menu's
 * no-input or invalid exit; a step that stays in its menu counts only on an option that loops
 * back (a replay is no edge). Steps no edge explains (the back key, a flow changed since) are
 * counted in `unplaced`. Pure; tested in test/dashboard/flow-counts.test.ts.
 */
import type { FlowEdgeCounts, FlowGraph, FlowGraphEdge } from "./api-types.js";

/** What callers did at one menu. */
export interface MenuCounts {
  hungUp: number;
  timedOut: number;
  invalid: number;
}

/** Counts by graph edge id and by menu node id (`menu:<name>`). */
export interface GraphCounts {
  edges: Map<string, number>;
  menus: Map<string, MenuCounts>;
  /** Calls that reached the flow: sessions of the start edge. */
  calls: number;
  /** Steps (sessions per stored menu, keys and next menu) no edge of this graph explains. */
  unplaced: number;
}

const menuNode = (menu: string) => `menu:${menu}`;

function add(map: Map<string, number>, key: string, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

/** The edge a step from `menu` with `keys` takes (before `then` edges), as `flow-path.ts` matches it. */
function edgeOf(leaving: readonly FlowGraphEdge[], keys: string | null): FlowGraphEdge | undefined {
  if (keys !== null) {
    const option = leaving.find((edge) => edge.kind === "option" && edge.keys === keys) ?? leaving.find((edge) => edge.kind === "option" && edge.keys === "any");
    if (option) return option;
  }
  return leaving.find((edge) => edge.kind === (keys === null ? "no-input" : "invalid"));
}

/** The counts of `counts` (one flow's) on `graph`. */
export function countsOnGraph(graph: FlowGraph, counts: FlowEdgeCounts): GraphCounts {
  const result: GraphCounts = { edges: new Map(), menus: new Map(), calls: 0, unplaced: 0 };
  for (const node of graph.nodes) if (node.kind === "menu") result.menus.set(node.id, { hungUp: 0, timedOut: 0, invalid: 0 });
  const start = graph.edges.find((edge) => edge.kind === "start");
  for (const step of counts.edges) {
    if (step.menu === null) {
      result.calls += step.count;
      if (start) add(result.edges, start.id, step.count);
      else result.unplaced += step.count;
      continue;
    }
    const from = menuNode(step.menu);
    const menu = result.menus.get(from);
    const leaving = graph.edges.filter((edge) => edge.menu === step.menu);
    const isOption = leaving.some((edge) => edge.kind === "option" && (edge.keys === step.keys || edge.keys === "any"));
    if (menu && step.keys === null) menu.timedOut += step.count;
    else if (menu && !isOption) menu.invalid += step.count;
    const placed = step.nextMenu === step.menu ? loopOf(leaving, from, step.keys) : edgeOf(leaving, step.keys);
    if (placed === undefined) {
      // A replay after wrong or no input is not an edge; anything else no edge explains is unplaced.
      if (step.nextMenu !== step.menu || menu === undefined) result.unplaced += step.count;
      continue;
    }
    add(result.edges, placed.id, step.count);
    // Through what was said or a handler, on to the menu the answer prompted.
    const next = step.nextMenu === null ? null : menuNode(step.nextMenu);
    if (next !== null && placed.to !== next) {
      const then = graph.edges.find((edge) => edge.from === placed.to && edge.kind === "then" && edge.to === next);
      if (then) add(result.edges, then.id, step.count);
    }
  }
  for (const hangup of counts.hangups) {
    const menu = result.menus.get(menuNode(hangup.menu));
    if (menu) menu.hungUp += hangup.sessions;
  }
  return result;
}

/** An option of the menu `from` that leads back to it with these keys (the repeat key, on purpose). */
function loopOf(leaving: readonly FlowGraphEdge[], from: string, keys: string | null): FlowGraphEdge | undefined {
  return keys === null ? undefined : leaving.find((edge) => edge.kind === "option" && edge.keys === keys && edge.to === from);
}

/** The count of a drawn edge that stands for several graph edges (a menu's merged invalid and no-input exits). */
export function drawnCount(counts: GraphCounts, ids: readonly string[]): number {
  return ids.reduce((total, id) => total + (counts.edges.get(id) ?? 0), 0);
}
