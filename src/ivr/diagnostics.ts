/**
 * Findings about a flow file, each pinned to file:line:column, and the error thrown when a flow
 * cannot be used. `switchboard validate` prints them; loaders throw `FlowError` carrying them.
 *
 * @example
 * formatDiagnostic(d); // "restaurant.yaml:12:9: error [unknown-target] option 2 of menu main goes to ..."
 */
import { SwitchboardError } from "../util/index.js";

/** An `error` makes a flow unusable; a `warning` is advice (`validate --strict` fails on it too). */
export type Severity = "error" | "warning";

/** One finding about a flow, pinned to file:line:column (see `formatDiagnostic`). */
export interface Diagnostic {
  /** The file the finding is in (or the flow's name, for a flow built in code). */
  file: string;
  /** 1-based; 0 when the finding has no place in a file (a flow built in code). */
  line: number;
  /** 1-based; 0 with line 0. */
  column: number;
  severity: Severity;
  /** Stable identifier of the kind of finding, e.g. `unknown-target`; docs/flows.md lists them. */
  code: DiagnosticCode;
  /** What is wrong and where, in words. */
  message: string;
  /** The JSON path of the value the finding is about, e.g. `/menus/main/options/2`. */
  path: string;
}

/** Every kind of finding `validateFlow` reports, with what it means. */
export const DIAGNOSTIC_CODES = {
  "yaml-syntax": "the file is not valid YAML or JSON",
  schema: "a value does not match the flow schema (wrong type, unknown key, out of range)",
  "unknown-target": "an option, then or entry names a menu that does not exist",
  "unknown-handler": "an option names a handler the handlers module does not export",
  unreachable: "no path from the entry menu leads to this menu",
  "no-way-out": "no option of this menu (or of the menus it leads to) ends the call, transfers it or calls a handler",
  "untypable-option": "an option key cannot be typed under the menu's digit settings",
  "missing-invalid-handling": "the menu says nothing about wrong input (onInvalid), so the default goodbye ends the call once the replays are used",
  "missing-no-input-handling": "the menu says nothing about silence (onNoInput), so the default goodbye ends the call after 8x8's own tries",
  "prompt-too-long": "a prompt or text is longer than 8x8's 3000 characters",
  "out-of-limits": "a parameter is outside the limits 8x8 accepts (SPEC section 3)",
  template: "a template names a value that does not exist",
  "handler-without-then": "a handler option has no then, so the handler must always return an answer",
} as const;
/** The kind of a finding, e.g. `unknown-target` (see `DIAGNOSTIC_CODES`). */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** `file:line:column: severity [code] message`, the format editors and CI annotate from. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${place}: ${d.severity} [${d.code}] ${d.message}`;
}

/** True when any finding is an error, i.e. the flow cannot be used. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** A flow that cannot be loaded or compiled (code `SB_IVR_FLOW_INVALID`); `diagnostics` says where and why. */
export class FlowError extends SwitchboardError<"SB_IVR_FLOW_INVALID"> {
  override readonly name = "FlowError";
  constructor(
    readonly diagnostics: Diagnostic[],
    summary?: string,
  ) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super("SB_IVR_FLOW_INVALID", summary ?? errors.map(formatDiagnostic).join("\n"));
  }
}
