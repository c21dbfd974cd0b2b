/**
 * Example key paths for `switchboard dev` to print (and `switchboard load` to drive): short walks
 * through a flow's menus that end where the IVR ends the call, in a hangup or a transfer, so a
 * newcomer can dial something meaningful without reading the flow first. A walk never ends at a
 * prompt: a `say` that goes on to a menu is followed into that menu, since a caller who stops
 * pressing there just hangs up on the prompt.
 *
 * Where a handler decides (an option with `handler:`), the walk follows the menus the flow says
 * it may go to (`then`, `goTo`) and says which choice it assumed.
 *
 * @example
 * examplePaths(flow); // [{ press: ["3"], outcome: 'hears "Our restaurant hours are…", then the IVR hangs up' }, ...]
 */
import { ANY_KEY, effectiveCapture, type Flow, type Next, type OptionAction } from "../ivr/index.js";

/** A key path to an ending: one `--press` entry per capture prompt, and what the caller meets at the end. */
export interface ExamplePath {
  press: string[];
  /** What happens at the end, after "caller" ("hears …, then the IVR hangs up", "is transferred to …"). */
  outcome: string;
  /** The handler choices the path assumes ("handler lookup goes to found"); empty when the flow alone decides. */
  assumes: string[];
}

/** How deep the walk goes (menus entered), and how many options it looks at in all. */
const MAX_DEPTH = 8;
const MAX_VISITS = 2_000;

function shorten(text: string, max = 48): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** One way an option can go: into a menu, or to an ending; `assumes` names a handler's choice. */
type Step = { menu: string; assumes?: string } | { end: string; assumes?: string };

const HANGS_UP = "the IVR hangs up";

/** Where a `then`/`goto` target leads; `repeat` and `back` lead to a menu already walked. */
function toNext(next: Next, ending: string): Step[] {
  if (next === "hangup") return [{ end: ending }];
  if (next === "repeat" || next === "back") return [];
  return [{ menu: next }];
}

/** Where an option leads: menus to walk into, and endings. */
function stepsOf(action: OptionAction): Step[] {
  if (typeof action === "string") return toNext(action, HANGS_UP);
  if ("goto" in action) return toNext(action.goto, HANGS_UP);
  if ("transfer" in action) return [{ end: `is transferred to ${action.transfer}` }];
  if ("hangup" in action) return [{ end: HANGS_UP }];
  if ("handler" in action) {
    // Where the flow says the handler may send the caller, each an assumption.
    const { handler } = action;
    const targets = [...(action.then !== undefined ? [action.then] : []), ...(action.goTo ?? [])];
    return [...new Set(targets)].flatMap((next) => toNext(next, `${HANGS_UP} after handler ${handler}`).map((step) => ({ ...step, assumes: `handler ${handler} goes to ${next}` })));
  }
  if ("play" in action) return toNext(action.then ?? "hangup", `hears an audio file, then ${HANGS_UP}`);
  return toNext(action.then ?? "hangup", `hears "${shorten(action.say)}", then ${HANGS_UP}`);
}

/** Keys a caller can type in this menu for `key`: the key itself, or for `any` a digit string no other option takes. */
function keysFor(flow: Flow, menu: string, key: string): string | undefined {
  const settings = flow.menus[menu]!;
  const capture = effectiveCapture(flow, settings);
  if (key !== ANY_KEY) return key.length >= capture.minDigits && key.length <= capture.maxDigits ? key : undefined;
  const length = Math.max(1, capture.minDigits);
  return ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"].map((d) => d.repeat(length)).find((keys) => !(keys in settings.options));
}

interface Walk {
  menu: string;
  press: string[];
  assumes: string[];
}

/** Every ending within MAX_DEPTH menus of the entry, shortest first (breadth first). */
function endings(flow: Flow): ExamplePath[] {
  const found: ExamplePath[] = [];
  // A menu is walked once per kind of path: reached by the flow alone, or through a handler's choice.
  const seen = new Set<string>([`${flow.entry}|`]);
  let frontier: Walk[] = [{ menu: flow.entry, press: [], assumes: [] }];
  let visits = 0;
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth += 1) {
    const next: Walk[] = [];
    for (const walk of frontier) {
      for (const [key, action] of Object.entries(flow.menus[walk.menu]?.options ?? {})) {
        if ((visits += 1) > MAX_VISITS) return found;
        const keys = keysFor(flow, walk.menu, key);
        if (keys === undefined) continue;
        const press = [...walk.press, keys];
        for (const step of stepsOf(action)) {
          const assumes = step.assumes ? [...walk.assumes, step.assumes] : walk.assumes;
          if ("end" in step) {
            found.push({ press, outcome: step.end, assumes });
            continue;
          }
          const mark = `${step.menu}|${assumes.length > 0 ? "assumed" : ""}`;
          if (!flow.menus[step.menu] || seen.has(mark)) continue;
          seen.add(mark);
          next.push({ menu: step.menu, press, assumes });
        }
      }
    }
    frontier = next;
  }
  return found;
}

/**
 * Up to `limit` key paths that end in a hangup or a transfer: those the flow alone decides first,
 * then the shortest; at most one per first key and handler choice, so they show different branches.
 * Empty when no such path is within reach (a flow whose every ending is a handler's answer).
 */
export function examplePaths(flow: Flow, limit = 3): ExamplePath[] {
  const all = endings(flow);
  const ordered = [...all.filter((p) => p.assumes.length === 0), ...all.filter((p) => p.assumes.length > 0)];
  const picked: ExamplePath[] = [];
  const branches = new Set<string>();
  for (const path of ordered) {
    if (picked.length >= limit) break;
    const branch = `${path.press[0]}|${path.assumes.join("|")}`;
    if (branches.has(branch)) continue;
    branches.add(branch);
    picked.push(path);
  }
  return picked;
}

/** The comment printed after a path's dial command: what the caller meets, and any handler choice assumed. */
export function describePath(path: ExamplePath): string {
  const caller = path.outcome === HANGS_UP || path.outcome.startsWith(`${HANGS_UP} `) ? path.outcome : `caller ${path.outcome}`;
  return path.assumes.length === 0 ? caller : `${caller} (if ${path.assumes.join(", then ")})`;
}
