/**
 * Static analysis of a flow that already matches the schema: targets, reachability, ways out,
 * keys that cannot be typed, invalid-input handling, 8x8's cross-field limits and templates.
 * docs/flows.md ("Checks") lists each finding's code.
 *
 * @example
 * analyzeFlow(flow, { file: "ivr.yaml", locate: parsed.locate }); // Diagnostic[]
 */
import { ANY_KEY, DEFAULT_GOODBYE_TEXT, NEXT_KEYWORDS, type Flow, type Menu, type OptionAction } from "./flow-schema.js";
import type { Diagnostic, DiagnosticCode, Severity } from "./diagnostics.js";
import type { Position } from "./source-map.js";
import { effectiveCapture } from "./settings.js";
import { templateExpressions, templateProblem } from "./template.js";

export interface AnalyzeOptions {
  file: string;
  locate(pointer: string, options?: { key?: boolean }): Position;
  /** Names the handlers module exports; when absent, handler names are not checked. */
  handlerNames?: ReadonlySet<string>;
}

/** An action found in the flow, with the JSON pointer it sits at. */
interface Site {
  menu: string;
  pointer: string;
  action: OptionAction;
  /** True for options (the caller chose them), false for onInvalid/onNoInput `then`. */
  chosen: boolean;
}

const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

function sitesOf(name: string, menu: Menu): Site[] {
  const base = `/menus/${escape(name)}`;
  const sites: Site[] = Object.entries(menu.options).map(([key, action]) => ({
    menu: name,
    pointer: `${base}/options/${escape(key)}`,
    action,
    chosen: true,
  }));
  for (const kind of ["onInvalid", "onNoInput"] as const) {
    const then = menu[kind]?.then;
    if (then !== undefined) sites.push({ menu: name, pointer: `${base}/${kind}/then`, action: then, chosen: false });
  }
  return sites;
}

/** The menu names (or keywords) an action can lead to, and the pointer of each. */
function targetsOf(site: Site): Array<{ target: string; pointer: string }> {
  const { action, pointer } = site;
  if (typeof action === "string") return [{ target: action, pointer }];
  if ("goto" in action) return [{ target: action.goto, pointer: `${pointer}/goto` }];
  if ("handler" in action) {
    const declared = (action.goTo ?? []).map((target, i) => ({ target, pointer: `${pointer}/goTo/${i}` }));
    return action.then === undefined ? declared : [{ target: action.then, pointer: `${pointer}/then` }, ...declared];
  }
  if ("then" in action && action.then !== undefined) return [{ target: action.then, pointer: `${pointer}/then` }];
  return [];
}

/** Whether choosing this action can end the caller's time in the menu tree. */
function isExit(action: OptionAction): boolean {
  if (typeof action === "string") return action === "hangup";
  if ("hangup" in action || "transfer" in action || "handler" in action) return true;
  if ("say" in action || "play" in action) return (action.then ?? "hangup") === "hangup";
  return false;
}

export function analyzeFlow(flow: Flow, options: AnalyzeOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (severity: Severity, code: DiagnosticCode, pointer: string, message: string, atKey = false) =>
    out.push({ file: options.file, ...options.locate(pointer, { key: atKey }), severity, code, message, path: pointer });
  const menus = Object.entries(flow.menus);
  const sites = menus.flatMap(([name, menu]) => sitesOf(name, menu));
  const usesHandlers = sites.some((s) => typeof s.action === "object" && "handler" in s.action);

  if (!Object.hasOwn(flow.menus, flow.entry)) {
    report("error", "unknown-target", "/entry", `entry names menu ${JSON.stringify(flow.entry)}, which does not exist; menus are: ${Object.keys(flow.menus).join(", ")}`);
  }
  for (const site of sites) {
    for (const { target, pointer } of targetsOf(site)) {
      if (!(NEXT_KEYWORDS as readonly string[]).includes(target) && !Object.hasOwn(flow.menus, target)) {
        report("error", "unknown-target", pointer, `${pointer} goes to menu ${JSON.stringify(target)}, which does not exist; expected one of ${[...Object.keys(flow.menus), ...NEXT_KEYWORDS].join(", ")}`);
      }
    }
    if (typeof site.action === "object" && "handler" in site.action) {
      const name = site.action.handler;
      if (options.handlerNames && !options.handlerNames.has(name)) {
        const known = [...options.handlerNames];
        report("error", "unknown-handler", `${site.pointer}/handler`, `${site.pointer}/handler names handler ${JSON.stringify(name)}, which the handlers module does not export (it exports: ${known.length ? known.join(", ") : "nothing"})`);
      }
      if (site.action.then === undefined && site.action.goTo === undefined) {
        report("warning", "handler-without-then", site.pointer, `${site.pointer} calls ${name} without then: the handler must always return an answer or goTo()`);
      }
    }
  }

  checkReachability(flow, sites, usesHandlers, report);
  checkWaysOut(flow, sites, report);
  for (const [name, menu] of menus) checkMenu(flow, name, menu, report);
  checkTemplates(flow, report);
  return out;
}

type Report = (severity: Severity, code: DiagnosticCode, pointer: string, message: string, atKey?: boolean) => void;

function checkReachability(flow: Flow, sites: Site[], usesHandlers: boolean, report: Report): void {
  const reached = new Set<string>();
  const queue = Object.hasOwn(flow.menus, flow.entry) ? [flow.entry] : [];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const site of sites.filter((s) => s.menu === name)) {
      for (const { target } of targetsOf(site)) if (Object.hasOwn(flow.menus, target)) queue.push(target);
    }
  }
  for (const name of Object.keys(flow.menus)) {
    if (reached.has(name)) continue;
    // A handler may goTo() any menu, so in flows with handlers this is only a suspicion.
    report(usesHandlers ? "warning" : "error", "unreachable", `/menus/${escape(name)}`, `menu ${name} is unreachable: no option leads to it from the entry menu ${flow.entry}${usesHandlers ? " (unless a handler goes there with goTo)" : ""}`, true);
  }
}

function checkWaysOut(flow: Flow, sites: Site[], report: Report): void {
  const chosen = sites.filter((s) => s.chosen);
  const free = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const name of Object.keys(flow.menus)) {
      if (free.has(name)) continue;
      const leaves = chosen.filter((s) => s.menu === name).some((s) => isExit(s.action) || targetsOf(s).some(({ target }) => free.has(target)));
      if (leaves) {
        free.add(name);
        grew = true;
      }
    }
  }
  for (const name of Object.keys(flow.menus)) {
    if (free.has(name)) continue;
    report("error", "no-way-out", `/menus/${escape(name)}`, `menu ${name} has no way out: none of its options, nor those of the menus they lead to, hangs up, transfers or calls a handler`, true);
  }
}

function checkMenu(flow: Flow, name: string, menu: Menu, report: Report): void {
  const base = `/menus/${escape(name)}`;
  const capture = effectiveCapture(flow, menu);
  for (const key of Object.keys(menu.options)) {
    if (key === ANY_KEY) continue;
    const pointer = `${base}/options/${escape(key)}`;
    const why =
      capture.completeOnHash && key.includes("#")
        ? `it contains # but completeOnHash is true, so # ends the input and is never part of the digits`
        : key.length > capture.maxDigits
          ? `it has ${key.length} keys but maxDigits is ${capture.maxDigits}`
          : key.length < capture.minDigits
            ? `it has ${key.length} key${key.length === 1 ? "" : "s"} but minDigits is ${capture.minDigits}`
            : undefined;
    if (why) report("error", "untypable-option", pointer, `option ${JSON.stringify(key)} of menu ${name} cannot be typed: ${why}`, true);
  }
  if (capture.minDigits > capture.maxDigits) {
    report("error", "out-of-limits", `${base}/capture`, `menu ${name}: minDigits ${capture.minDigits} is greater than maxDigits ${capture.maxDigits}`);
  }
  if (capture.digitTimeout !== undefined && capture.overallTimeout !== undefined && capture.overallTimeout < capture.digitTimeout) {
    report("error", "out-of-limits", `${base}/capture`, `menu ${name}: overallTimeout ${capture.overallTimeout} must not be less than digitTimeout ${capture.digitTimeout} (8x8 status -1006)`);
  }
  const goodbye = `the caller hears ${JSON.stringify(DEFAULT_GOODBYE_TEXT)} and the call ends`;
  if (menu.onInvalid === undefined && flow.defaults?.onInvalid === undefined && !(ANY_KEY in menu.options)) {
    report("warning", "missing-invalid-handling", base, `menu ${name} has no onInvalid (nor defaults.onInvalid): wrong input replays the menu twice, then ${goodbye}`, true);
  }
  if (menu.onNoInput === undefined && flow.defaults?.onNoInput === undefined) {
    report("warning", "missing-no-input-handling", base, `menu ${name} has no onNoInput (nor defaults.onNoInput): once 8x8's own tries pass in silence, ${goodbye}`, true);
  }
}

/**
 * The `template` findings alone, for a value that may not match the schema: `validateFlow`
 * reports them beside the schema's findings, not only once those are fixed.
 */
export function analyzeTemplates(value: unknown, options: Pick<AnalyzeOptions, "file" | "locate">): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = typeof value === "object" && value !== null ? (value as Partial<Flow>) : {};
  checkTemplates(root, (severity, code, pointer, message) => out.push({ file: options.file, ...options.locate(pointer), severity, code, message, path: pointer }));
  return out;
}

function checkTemplates(flow: Partial<Flow>, report: Report): void {
  const visit = (value: unknown, pointer: string): void => {
    if (typeof value === "string") {
      for (const expression of templateExpressions(value)) {
        const problem = templateProblem(expression);
        if (problem) report("error", "template", pointer, `${pointer}: ${problem}`);
      }
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) visit(child, `${pointer}/${escape(key)}`);
    }
  };
  visit(flow.menus, "/menus");
  visit(flow.defaults, "/defaults");
}
