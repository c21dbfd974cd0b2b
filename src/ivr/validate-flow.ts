/**
 * Reads flow source text into a checked `Flow`: YAML or JSON syntax, then the schema, then
 * static analysis, every finding at file:line:column. `switchboard validate` prints these;
 * `loadFlowFile` refuses a flow with errors.
 *
 * @example
 * const { flow, diagnostics } = validateFlow(readFileSync("ivr.yaml", "utf8"), "ivr.yaml");
 * for (const d of diagnostics) console.log(formatDiagnostic(d));
 */
import { analyzeFlow, analyzeTemplates } from "./analyze.js";
import { checkFlowSchema } from "./check-schema.js";
import type { Diagnostic } from "./diagnostics.js";
import type { Flow } from "./flow-schema.js";
import { parseSource } from "./source-map.js";

/** What `validateFlow` found: the flow when it parsed and matched the schema, and every finding in file order. */
export interface FlowValidation {
  /** The flow, when it parsed and matches the schema (it may still have analysis errors). */
  flow?: Flow;
  /** Errors and warnings, sorted by line and column. */
  diagnostics: Diagnostic[];
}

/** What `validateFlow` checks against beside the source. */
export interface ValidateFlowOptions {
  /** Names the handlers module exports; when given, unknown handler names are errors. */
  handlerNames?: ReadonlySet<string>;
}

const order = (a: Diagnostic, b: Diagnostic) => a.line - b.line || a.column - b.column;

/**
 * Checks flow source text (YAML or JSON) the way `switchboard validate` does: syntax, then the
 * schema with the templates, then static analysis (unknown targets, unreachable menus, untypable
 * keys, limits, templates), each finding at file:line:column. It never throws for a bad flow: the findings say
 * what is wrong. `fileName` only names the file in the findings.
 *
 * @example
 * const { flow, diagnostics } = validateFlow(readFileSync("ivr.yaml", "utf8"), "ivr.yaml");
 * if (hasErrors(diagnostics)) diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
 */
export function validateFlow(source: string, fileName: string, options: ValidateFlowOptions = {}): FlowValidation {
  const parsed = parseSource(source, fileName);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const schema = checkFlowSchema(parsed.value, parsed);
  // Templates are checked on any shape, so their findings come with the schema's, not after them.
  if (schema.length > 0) return { diagnostics: [...schema, ...analyzeTemplates(parsed.value, parsed)].sort(order) };
  const flow = parsed.value as Flow;
  const diagnostics = analyzeFlow(flow, { file: fileName, locate: parsed.locate, handlerNames: options.handlerNames });
  return { flow, diagnostics: diagnostics.sort(order) };
}
