/**
 * Press scripts for `switchboard load --press-script`: which keys the simulated callers press. A
 * small YAML (or JSON) file, either one sequence for every caller or a list of callers with
 * weights, each refusal naming the file, the field, the value and what is expected:
 *
 * ```yaml
 * callers:
 *   - name: book            # optional, shown in the report (default: the keys, e.g. "1 1 2")
 *     press: ["1", "1", "2"] # one entry per capture prompt, as `switchboard dial --press`
 *     weight: 3              # optional (default 1): 3 of every 5 callers
 *   - press: ["3"]
 *     weight: 2
 * ```
 *
 * or `press: ["1", "1", "2"]` alone. Calls take the callers in turn by weight, so 50 calls over
 * weights 3 and 2 are exactly 30 and 20.
 *
 * @example
 * const callers = parsePressScript(text, "script.yaml");
 * const pick = callerPicker(callers);
 * pick(0).press; // ["1", "1", "2"]
 */
import { parse } from "yaml";
import { UsageError } from "./usage-error.js";

/** One kind of caller: the keys pressed at each capture prompt, and how often it calls. */
export interface CallerScript {
  /** Shown in the report. */
  name: string;
  /** One entry per capture prompt: keys (`"1"`, `"23#"`, `","` pauses 1 s) or `"-"` to stay silent. */
  press: string[];
  /** Relative share of the calls, 1 to 1,000. */
  weight: number;
}

/** The same entries `switchboard dial --press` takes. */
const PRESS_ENTRY = /^(-|silence|[0-9*#,]{1,40})$/;
const MAX_CALLERS = 100;
const MAX_PRESSES = 50;
const MAX_WEIGHT = 1_000;
const MAX_NAME = 40;

/** A caller's default name: its keys, or "silent". */
export function callerName(press: readonly string[]): string {
  return press.length === 0 ? "silent" : press.join(" ");
}

function refuse(file: string, message: string): never {
  throw new UsageError("SB_CLI_BAD_PRESS_SCRIPT", `${file}: ${message}`);
}

const show = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "a mapping" : String(value));

/** A press list, checked entry by entry; whole numbers are read as their digits (YAML reads `1` as a number). */
function pressList(file: string, field: string, value: unknown): string[] {
  if (!Array.isArray(value)) refuse(file, `${field}: ${show(value)} is invalid; expected a list of key entries such as ["1", "23#", "-"]`);
  if (value.length > MAX_PRESSES) refuse(file, `${field}: ${value.length} entries is too many; expected at most ${MAX_PRESSES}`);
  return value.map((entry: unknown, i) => {
    const text = typeof entry === "number" && Number.isInteger(entry) && entry >= 0 ? String(entry) : entry;
    if (typeof text !== "string" || !PRESS_ENTRY.test(text)) {
      refuse(file, `${field}[${i}]: ${show(entry)} is invalid; expected keys 0-9 * # (with "," for a 1 s pause, quoted in YAML), or "-" to stay silent`);
    }
    return text;
  });
}

function callerAt(file: string, index: number, value: unknown): CallerScript {
  const field = `callers[${index}]`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) refuse(file, `${field}: ${show(value)} is invalid; expected a mapping with press (and optionally weight, name)`);
  const entry = value as Record<string, unknown>;
  const unknown = Object.keys(entry).find((key) => !["press", "weight", "name"].includes(key));
  if (unknown !== undefined) refuse(file, `${field}.${unknown}: unknown field; expected press, weight or name`);
  if (!("press" in entry)) refuse(file, `${field}.press: missing; expected a list of key entries ([] for a caller who presses nothing)`);
  const press = pressList(file, `${field}.press`, entry.press);
  const weight = entry.weight ?? 1;
  if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 1 || weight > MAX_WEIGHT) {
    refuse(file, `${field}.weight: ${show(weight)} is invalid; expected a whole number from 1 to ${MAX_WEIGHT}`);
  }
  const name = entry.name ?? callerName(press);
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME) refuse(file, `${field}.name: ${show(name)} is invalid; expected text of 1 to ${MAX_NAME} characters`);
  return { name, press, weight };
}

/** Parses and checks a press script (see the module comment); throws UsageError SB_CLI_BAD_PRESS_SCRIPT naming the field. */
export function parsePressScript(text: string, file: string): CallerScript[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    refuse(file, `not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    refuse(file, `the script is ${show(document)}; expected a mapping with press: [...] or callers: [...]`);
  }
  const top = document as Record<string, unknown>;
  const unknown = Object.keys(top).find((key) => key !== "press" && key !== "callers");
  if (unknown !== undefined) refuse(file, `${unknown}: unknown field; expected press or callers`);
  if ("press" in top && "callers" in top) refuse(file, "press and callers are both given; expected one of them");
  if ("press" in top) {
    const press = pressList(file, "press", top.press);
    return [{ name: callerName(press), press, weight: 1 }];
  }
  if (!("callers" in top)) refuse(file, "press or callers is missing; expected one of them");
  const callers = top.callers;
  if (!Array.isArray(callers) || callers.length === 0) refuse(file, `callers: ${show(callers)} is invalid; expected a list of 1 to ${MAX_CALLERS} callers`);
  if (callers.length > MAX_CALLERS) refuse(file, `callers: ${callers.length} callers is too many; expected at most ${MAX_CALLERS}`);
  const scripts = callers.map((caller: unknown, i) => callerAt(file, i, caller));
  const names = new Set<string>();
  scripts.forEach((script, i) => {
    if (names.has(script.name)) refuse(file, `callers[${i}].name: ${JSON.stringify(script.name)} is used twice; give each caller its own name`);
    names.add(script.name);
  });
  return scripts;
}

/**
 * Which caller places call `i` (0-based): the callers in turn by weight, so any run of calls as
 * long as the weights' sum holds each caller exactly `weight` times.
 */
export function callerPicker(callers: readonly CallerScript[]): (i: number) => CallerScript {
  const slots = callers.flatMap((caller) => Array.from({ length: caller.weight }, () => caller));
  return (i) => slots[i % slots.length]!;
}
