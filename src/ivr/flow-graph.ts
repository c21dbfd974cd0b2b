/**
 * A flow's menu tree as plain data, for drawing (the dashboard lays it out with dagre and draws it
 * in SVG) and for counting where callers went: one node per menu, one per place a call leaves the
 * menus (a hangup, a transfer, something said before hanging up, a handler), and an edge per
 * option, plus each menu's `invalid` and `no input` exits (its retry policies, or the flow's, or
 * the defaults: what a caller meets once the replays are used up).
 *
 * Each edge names the menu it leaves and the key(s) that take it, the same `menu` and `keys` the
 * server stores with every answered VCA (`ExchangeStep`), so stored exchanges map onto edges: an
 * exchange takes the option whose key it carries, else the menu's `any` option, else its `no
 * input` exit (no keys) or its `invalid` exit. The call's first VCA (`menu: null`) takes the
 * `start` edge into the entry menu. Exits that lead to the same words (two menus hanging up) share
 * one node, so a graph stays small. Pure: no I/O.
 *
 * @example
 * const graph = flowGraph(app.flow);
 * graph.edges.find((e) => e.menu === "main_menu" && e.keys === "1")?.to; // "menu:reservations"
 */
import { ANY_KEY, DEFAULT_GOODBYE_TEXT, type Flow, type OptionAction } from "./flow-schema.js";
import { effectivePolicy } from "./settings.js";

/** A node: the call's start, a menu, or a place the call leaves the menus. */
export interface FlowGraphNode {
  /** `start`, `menu:<name>` or `end:<n>`. */
  id: string;
  kind: "start" | "menu" | "end";
  /** The menu's name; what happens at an end (`hang up`, `transfer to +65...`, `say: ... / hang up`). */
  label: string;
  /** A menu's name. */
  menu?: string;
  /** A menu's prompt (its text, or `play <url>`). */
  prompt?: string;
  /** An end's kind of exit. */
  exit?: "hangup" | "transfer" | "say" | "play" | "handler" | "back";
}

/** An edge: how a caller goes from one node to the next. */
export interface FlowGraphEdge {
  /** Unique in the graph. */
  id: string;
  from: string;
  to: string;
  /** `start` (the call begins), `option` (keys typed), `invalid`, `no-input`, or `then` (after something said, played or a handler). */
  kind: "start" | "option" | "invalid" | "no-input" | "then";
  /** The menu the edge leaves (the stored exchange's `menu`); absent for `start` and `then`. */
  menu?: string;
  /** An option's key(s), or `any`; absent otherwise. */
  keys?: string;
  /** What to print on it: the key, `any`, `invalid`, `no input`. */
  label: string;
}

/** A flow's graph: its entry menu, nodes and edges. */
export interface FlowGraph {
  entry: string;
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

/** The graph of `flow` (see the module comment). */
export function flowGraph(flow: Flow): FlowGraph {
  const nodes: FlowGraphNode[] = [{ id: "start", kind: "start", label: "call" }];
  const edges: FlowGraphEdge[] = [];
  const ends = new Map<string, string>();
  const menuId = (name: string) => `menu:${name}`;
  const end = (label: string, exit: NonNullable<FlowGraphNode["exit"]>): string => {
    let id = ends.get(label);
    if (id === undefined) {
      id = `end:${ends.size + 1}`;
      ends.set(label, id);
      nodes.push({ id, kind: "end", label, exit });
    }
    return id;
  };
  const edgeIds = new Set<string>();
  const edge = (e: Omit<FlowGraphEdge, "id">) => {
    let id = `${e.from}>${e.to}:${e.kind}${e.keys === undefined ? "" : `:${e.keys}`}`;
    for (let n = 2; edgeIds.has(id); n++) id = `${id}#${n}`;
    edgeIds.add(id);
    edges.push({ id, ...e });
  };
  /** The node `next` leads to from `menu`. */
  const nextNode = (menu: string, next: string): string => {
    if (next === "hangup") return end("hang up", "hangup");
    if (next === "repeat") return menuId(menu);
    if (next === "back") return end("back to the menu before", "back");
    return menuId(next);
  };
  /** The node an option's action leads to; what it says or plays first gets a node of its own. */
  const actionNode = (menu: string, action: OptionAction): string => {
    if (typeof action === "string") return nextNode(menu, action);
    if ("goto" in action) return nextNode(menu, action.goto);
    if ("hangup" in action) return end("hang up", "hangup");
    if ("transfer" in action) return end(`transfer to ${action.transfer}`, "transfer");
    if ("handler" in action) {
      const handler = end(`handler ${action.handler}`, "handler");
      const targets = [...(action.then === undefined ? [] : [action.then]), ...(action.goTo ?? [])];
      for (const target of targets) edge({ from: handler, to: nextNode(menu, target), kind: "then", label: "then" });
      return handler;
    }
    const then = action.then ?? "hangup";
    const said = "say" in action ? `say: ${action.say}` : `play: ${action.play}`;
    const exit = "say" in action ? "say" : "play";
    if (then === "hangup") return end(`${said} / hang up`, exit);
    const step = end(said, exit);
    edge({ from: step, to: nextNode(menu, then), kind: "then", label: "then" });
    return step;
  };

  for (const [name, menu] of Object.entries(flow.menus)) {
    nodes.push({ id: menuId(name), kind: "menu", label: name, menu: name, prompt: typeof menu.prompt === "string" ? menu.prompt : `play ${menu.prompt.play}` });
  }
  edge({ from: "start", to: menuId(flow.entry), kind: "start", label: "" });
  for (const [name, menu] of Object.entries(flow.menus)) {
    for (const [key, action] of Object.entries(menu.options)) {
      edge({ from: menuId(name), to: actionNode(name, action), kind: "option", menu: name, keys: key, label: key === ANY_KEY ? "any" : key });
    }
    for (const [kind, policyKind] of [
      ["invalid", "onInvalid"],
      ["no-input", "onNoInput"],
    ] as const) {
      const policy = effectivePolicy(flow, menu, policyKind);
      // Without a `then` the caller hears the goodbye and the call ends (retry-policies.ts).
      let to: string;
      if (policy.then === undefined) to = end(`say: ${DEFAULT_GOODBYE_TEXT} / hang up`, "say");
      else if (policy.then === "hangup" && policy.say !== undefined) to = end(`say: ${policy.say} / hang up`, "say");
      else to = actionNode(name, policy.then);
      edge({ from: menuId(name), to, kind, menu: name, label: kind === "invalid" ? "invalid" : "no input" });
    }
  }
  return { entry: flow.entry, nodes, edges };
}
