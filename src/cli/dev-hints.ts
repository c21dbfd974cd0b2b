/**
 * Example key paths for `switchboard dev` to print: a few short walks through a flow's menus
 * that end somewhere a caller notices (a message, a transfer, a hangup), so a newcomer can dial
 * something meaningful without reading the flow first.
 *
 * @example
 * examplePaths(flow); // [{ press: ["3"], outcome: 'hears "Our restaurant hours are…"' }, ...]
 */
import type { Flow, OptionAction } from "../ivr/index.js";

export interface ExamplePath {
  press: string[];
  outcome: string;
}

const KEYWORDS = new Set(["hangup", "repeat", "back"]);
const MAX_DEPTH = 4;
const MAX_VISITS = 200;

function shorten(text: string, max = 48): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** Where an option leads: another menu (to walk into), or an outcome to print. */
function follow(action: OptionAction): { menu: string } | { outcome: string } | null {
  if (typeof action === "string") {
    if (action === "hangup") return { outcome: "hangs up" };
    return KEYWORDS.has(action) ? null : { menu: action };
  }
  if ("goto" in action) return KEYWORDS.has(action.goto) ? null : { menu: action.goto };
  if ("transfer" in action) return { outcome: `is transferred to ${action.transfer}` };
  if ("say" in action && action.say !== undefined) return { outcome: `hears "${shorten(action.say)}"` };
  if ("play" in action) return { outcome: "hears an audio file" };
  if ("hangup" in action) return { outcome: "hangs up" };
  return null; // handlers decide at run time
}

/**
 * Up to `limit` paths, shortest first, at most one per first key so they show different branches.
 * Menus reached again (e.g. "back to main menu") are not walked twice.
 */
export function examplePaths(flow: Flow, limit = 3): ExamplePath[] {
  const found: ExamplePath[] = [];
  const firstKeys = new Set<string>();
  const seen = new Set<string>([flow.entry]);
  let frontier: { menu: string; press: string[] }[] = [{ menu: flow.entry, press: [] }];
  let visits = 0;
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0 && found.length < limit; depth += 1) {
    const next: typeof frontier = [];
    for (const { menu, press } of frontier) {
      for (const [key, action] of Object.entries(flow.menus[menu]?.options ?? {})) {
        if ((visits += 1) > MAX_VISITS) return found;
        if (key === "any") continue; // any input: nothing specific to suggest
        const path = [...press, key];
        const target = follow(action);
        if (!target) continue;
        if ("menu" in target) {
          if (!seen.has(target.menu) && flow.menus[target.menu]) {
            seen.add(target.menu);
            next.push({ menu: target.menu, press: path });
          }
        } else if (!firstKeys.has(path[0]!) && found.length < limit) {
          firstKeys.add(path[0]!);
          found.push({ press: path, outcome: target.outcome });
        }
      }
    }
    frontier = next;
  }
  return found;
}
