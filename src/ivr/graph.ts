/**
 * A Mermaid flowchart of a flow's menu tree: one node per menu, one edge per option (labelled
 * with its key), terminal actions as rounded nodes. `switchboard graph` prints it.
 *
 * @example
 * flowToMermaid(flow);
 * // flowchart TD
 * //   m_main["main<br/>Welcome to ABC Restaurant, ..."]
 * //   m_main -- "1" --> m_reservations
 */
import { ANY_KEY, type Flow, type OptionAction } from "./flow-schema.js";

const PROMPT_PREVIEW = 48;

function label(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"));
}

function preview(text: string): string {
  return text.length > PROMPT_PREVIEW ? `${text.slice(0, PROMPT_PREVIEW - 3)}...` : text;
}

const nodeId = (menu: string) => `m_${menu.replace(/[^A-Za-z0-9_]/g, "_")}`;

/** Mermaid source (no trailing fences), ready for a ```mermaid block or mermaid.live. */
export function flowToMermaid(flow: Flow): string {
  const lines = ["flowchart TD"];
  let terminals = 0;
  const terminal = (text: string): string => {
    const id = `t${++terminals}`;
    lines.push(`  ${id}(["${label(preview(text))}"])`);
    return id;
  };
  const targetNode = (from: string, target: string): string => {
    if (target === "hangup") return terminal("hang up");
    if (target === "repeat") return nodeId(from);
    if (target === "back") return terminal("back");
    return nodeId(target);
  };
  const edgeTo = (from: string, action: OptionAction): string[] => {
    if (typeof action === "string") return [targetNode(from, action)];
    if ("goto" in action) return [targetNode(from, action.goto)];
    if ("hangup" in action) return [terminal("hang up")];
    if ("transfer" in action) return [terminal(`transfer to ${action.transfer}`)];
    if ("handler" in action) {
      const handler = terminal(`handler ${action.handler}`);
      if (action.then) lines.push(`  ${handler} --> ${targetNode(from, action.then)}`);
      for (const target of action.goTo ?? []) lines.push(`  ${handler} -. "goTo" .-> ${targetNode(from, target)}`);
      return [handler];
    }
    const first = "say" in action ? `say: ${action.say}` : `play: ${action.play}`;
    const then = action.then ?? "hangup";
    if (then === "hangup") return [terminal(`${first} / hang up`)];
    const step = terminal(first);
    lines.push(`  ${step} --> ${targetNode(from, then)}`);
    return [step];
  };
  for (const [name, menu] of Object.entries(flow.menus)) {
    const prompt = typeof menu.prompt === "string" ? menu.prompt : `play ${menu.prompt.play}`;
    const shape = name === flow.entry ? ["[[", "]]"] : ["[", "]"];
    lines.push(`  ${nodeId(name)}${shape[0]}"${label(name)}<br/>${label(preview(prompt))}"${shape[1]}`);
  }
  for (const [name, menu] of Object.entries(flow.menus)) {
    for (const [key, action] of Object.entries(menu.options)) {
      for (const to of edgeTo(name, action)) lines.push(`  ${nodeId(name)} -- "${key === ANY_KEY ? "any" : label(key)}" --> ${to}`);
    }
    for (const kind of ["onInvalid", "onNoInput"] as const) {
      const then = menu[kind]?.then;
      if (then !== undefined) for (const to of edgeTo(name, then)) lines.push(`  ${nodeId(name)} -. "${kind === "onInvalid" ? "invalid" : "no input"}" .-> ${to}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
