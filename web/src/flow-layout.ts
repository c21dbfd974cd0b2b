/**
 * Lays a flow's graph out with dagre (top to bottom) for drawing in SVG: each node's box and
 * lines of text, each edge's route and label position. Text is measured by an estimate of the
 * system font's width, which is all the boxes need. Loaded only by the views that draw a graph.
 */
import dagre from "@dagrejs/dagre";
import type { FlowGraph, FlowGraphEdge, FlowGraphNode } from "./api-types.js";

/**
 * A node as drawn: a node of the graph, or a menu's own copy of the exit its invalid and no-input
 * input lead to (`copyFor` names the menu), so those short dashed exits hang under each menu
 * instead of crossing the whole graph to one shared node.
 */
export interface DrawnNode {
  /** Unique in the drawing: the graph node's id, or `<id>@<menu node>` for a copy. */
  id: string;
  node: FlowGraphNode;
  copyFor?: string;
}

/** An edge as drawn: one of the graph's, or a menu's invalid and no-input exits merged when they lead to the same place. */
export interface DrawnEdge {
  from: string;
  to: string;
  kind: FlowGraphEdge["kind"];
  label: string;
  /** The graph edges it stands for: a session that took any of them took this one. */
  ids: string[];
}

/** A node placed: its centre, size and the lines it shows. */
export interface PlacedNode {
  drawn: DrawnNode;
  node: FlowGraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

/** An edge routed: its points and where its label goes. */
export interface PlacedEdge {
  edge: DrawnEdge;
  points: { x: number; y: number }[];
  labelX: number;
  labelY: number;
}

/** The laid-out graph and its size. */
export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

const NODE_WIDTH = 190;
const LINE_HEIGHT = 16;
const PADDING = 10;
const CHARS_PER_LINE = 28;
const MAX_LINES = 3;

/** `text` in lines of at most `width` characters, at most `max` of them (the last cut with …). */
export function wrap(text: string, width = CHARS_PER_LINE, max = MAX_LINES): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (candidate.length <= width) line = candidate;
    else {
      if (line !== "") lines.push(line);
      line = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    }
  }
  if (line !== "") lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = `${kept[max - 1]!.slice(0, width - 1)}…`;
  return kept;
}

function linesOf(node: FlowGraphNode): string[] {
  if (node.kind === "start") return ["call"];
  if (node.kind === "menu") return [node.label, ...wrap(node.prompt ?? "", CHARS_PER_LINE, 2)];
  return wrap(node.label);
}

const isRetry = (edge: FlowGraphEdge) => edge.kind === "invalid" || edge.kind === "no-input";

/** The nodes and edges to draw for `graph` (see `DrawnNode` and `DrawnEdge`). */
export function drawing(graph: FlowGraph): { nodes: DrawnNode[]; edges: DrawnEdge[] } {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const nodes: DrawnNode[] = graph.nodes.map((node) => ({ id: node.id, node }));
  const copies = new Set<string>();
  const edges: DrawnEdge[] = [];
  for (const edge of graph.edges) {
    let to = edge.to;
    if (isRetry(edge) && byId.get(edge.to)?.kind === "end") {
      to = `${edge.to}@${edge.from}`;
      if (!copies.has(to)) {
        copies.add(to);
        nodes.push({ id: to, node: byId.get(edge.to)!, copyFor: edge.from });
      }
    }
    const merged = isRetry(edge) ? edges.find((drawn) => drawn.from === edge.from && drawn.to === to && (drawn.kind === "invalid" || drawn.kind === "no-input")) : undefined;
    if (merged) {
      merged.ids.push(edge.id);
      merged.label = "invalid / no input";
    } else {
      edges.push({ from: edge.from, to, kind: edge.kind, label: edge.label, ids: [edge.id] });
    }
  }
  // An end reached only by menus' own copies is not drawn on its own.
  const reached = new Set(edges.map((edge) => edge.to));
  return { nodes: nodes.filter((drawn) => drawn.copyFor !== undefined || drawn.node.kind !== "end" || reached.has(drawn.id)), edges };
}

/** Room for a count on each edge label (" · 9999") and a line of counts under each menu. */
const COUNT_LABEL_CHARS = 7;

/** Lays `graph` out; with `counts`, each menu has a line more and each edge label room for a count. */
export function layout(graph: FlowGraph, counts = false): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 48, edgesep: 12, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const drawn = drawing(graph);
  const lines = new Map<string, string[]>();
  for (const { id, node, copyFor } of drawn.nodes) {
    const text = copyFor === undefined ? linesOf(node) : wrap(node.label, CHARS_PER_LINE, 2);
    lines.set(id, text);
    const countLine = counts && node.kind === "menu" && copyFor === undefined ? 1 : 0;
    const width = node.kind === "start" ? 64 : copyFor === undefined ? NODE_WIDTH + (countLine ? 30 : 0) : NODE_WIDTH - 20;
    g.setNode(id, { width, height: (text.length + countLine) * LINE_HEIGHT + PADDING * 2 });
  }
  drawn.edges.forEach((edge, index) => {
    const chars = edge.label.length + (counts ? COUNT_LABEL_CHARS : 0);
    const width = chars === 0 ? 0 : chars * 7 + 10;
    g.setEdge(edge.from, edge.to, { width, height: chars === 0 ? 0 : LINE_HEIGHT, labelpos: "c" }, String(index));
  });
  dagre.layout(g);
  const size = g.graph();
  return {
    width: size.width ?? 0,
    height: size.height ?? 0,
    nodes: drawn.nodes.map((node) => {
      const placed = g.node(node.id);
      return { drawn: node, node: node.node, x: placed.x, y: placed.y, width: placed.width, height: placed.height, lines: lines.get(node.id) ?? [] };
    }),
    edges: drawn.edges.map((edge, index) => {
      const placed = g.edge({ v: edge.from, w: edge.to, name: String(index) }) as { points?: { x: number; y: number }[]; x?: number; y?: number };
      const points = placed.points ?? [];
      const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
      return { edge, points, labelX: placed.x ?? middle.x, labelY: placed.y ?? middle.y };
    }),
  };
}
