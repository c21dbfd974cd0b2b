/**
 * `switchboard validate <flow>` and `switchboard graph <flow>`: static analysis of a flow file
 * (file:line:column findings; exit 1 on errors, 2 when the file cannot be read) and a Mermaid
 * flowchart of its menu tree on stdout, drawn only when the same checks find no error.
 *
 * @example
 * switchboard validate examples/restaurant.yaml
 * switchboard graph examples/restaurant.yaml > restaurant.mmd
 */
import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import type { Command } from "commander";
import type { Diagnostic, FlowValidation } from "../ivr/index.js";
import { paintSeverity, painter } from "./colour.js";
import { inCwd, writeLine, type CliIo, type CliOutput } from "./io.js";
import { CommandFailed, UsageError } from "./usage-error.js";

/** The engine loads only when a flow command runs, so `switchboard --help` stays fast. */
const ivr = () => import("../ivr/index.js");

/** The flow's text; `path` is read from the run's directory and named as the user gave it. */
async function readFlowSource(path: string, io: CliIo): Promise<string> {
  const { FLOW_EXTENSIONS } = await ivr();
  if (!(FLOW_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
    throw new UsageError("SB_CLI_NOT_A_FLOW_FILE", `${path}: expected a flow file ending in ${FLOW_EXTENSIONS.join(", ")}`);
  }
  try {
    return await readFile(inCwd(io, path), "utf8");
  } catch (error) {
    throw new UsageError("SB_CLI_FILE_UNREADABLE", `cannot read ${path}: ${(error as Error).message}`);
  }
}

/** The exported names of the flow's handlers module, or a finding saying why it did not load. */
async function handlerNames(path: string, handlers: string, io: CliIo): Promise<Set<string> | Diagnostic> {
  const modulePath = resolve(dirname(inCwd(io, path)), handlers);
  try {
    const module = await (await ivr()).importModule(modulePath);
    // tsx may wrap a CommonJS-style default once more (a handlers module in a folder without
    // "type": "module"), as loadIvr also allows for: look through that wrapper.
    let value = module.default;
    if (typeof value === "object" && value !== null && "default" in value && Object.keys(value).length === 1) value = (value as { default: unknown }).default;
    const exported = (value ?? {}) as { handlers?: Record<string, unknown> };
    const map: Record<string, unknown> = exported.handlers ?? (module.handlers as Record<string, unknown> | undefined) ?? exported;
    return new Set(Object.keys(map).filter((name) => typeof map[name] === "function"));
  } catch (error) {
    const message = `/handlers: cannot load ${modulePath}: ${(error as Error).message.split("\n")[0]}`;
    return { file: path, line: 0, column: 0, severity: "error", code: "unknown-handler", message, path: "/handlers" };
  }
}

/** Validates a flow file, checking handler names against its handlers module when it names one. */
export async function checkFlowFile(path: string, io: CliIo): Promise<FlowValidation> {
  const { validateFlow } = await ivr();
  const source = await readFlowSource(path, io);
  const first = validateFlow(source, path);
  if (!first.flow?.handlers) return first;
  const names = await handlerNames(path, first.flow.handlers, io);
  if (!(names instanceof Set)) return { flow: first.flow, diagnostics: [...first.diagnostics, names] };
  return validateFlow(source, path, { handlerNames: names });
}

function summary(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}

/** Prints each finding as `file:line:column: severity [code] message`, the severity in colour on a terminal. */
async function printFindings(diagnostics: readonly Diagnostic[], output: CliOutput, io: CliIo): Promise<void> {
  const { formatDiagnostic } = await ivr();
  const paint = painter(output, io.env);
  for (const d of diagnostics) writeLine(output, paintSeverity(formatDiagnostic(d), paint));
}

/** Registers `switchboard validate` and `switchboard graph`; the IVR engine loads only when one runs. */
export function flowsCommands(program: Command, io: CliIo): void {
  program
    .command("validate")
    .description("check a flow file: schema, menu targets, reachability, keys, 8x8 limits (exit 1 on errors)")
    .argument("<flow>", "flow file (.yaml, .yml, .json)")
    .option("--strict", "treat warnings as errors")
    .addHelpText("after", `
Findings print as file:line:column: severity [code] message (docs/flows.md lists the codes).
Exits 0 when the flow is usable, 1 on errors (or on warnings with --strict), 2 when the file
cannot be read. A flow that names a handlers module has it loaded to check handler names.

Examples:
  $ switchboard validate examples/restaurant.yaml
  $ switchboard validate --strict my-ivr.yaml     # in CI: warnings fail too`)
    .action(async (path: string, options: { strict?: boolean }) => {
      const { hasErrors } = await ivr();
      const { diagnostics } = await checkFlowFile(path, io);
      await printFindings(diagnostics, io.stdout, io);
      const failed = hasErrors(diagnostics) || (options.strict === true && diagnostics.length > 0);
      if (failed) throw new CommandFailed("SB_CLI_FLOW_HAS_ERRORS", `${path}: ${summary(diagnostics)}`);
      writeLine(io.stdout, `${path}: ${painter(io.stdout, io.env)("green", "ok")} (${summary(diagnostics)})`);
    });
  program
    .command("graph")
    .description("print a Mermaid flowchart of a flow's menu tree (exit 1 on errors, as validate)")
    .argument("<flow>", "flow file (.yaml, .yml, .json)")
    .addHelpText("after", `
The flowchart goes to stdout; validate's findings go to stderr. A flow with errors (a menu
target that does not exist, say) is not drawn: graph exits 1 with the findings, as validate does.

Examples:
  $ switchboard graph examples/restaurant.yaml > restaurant.mmd   # view it at https://mermaid.live
  $ switchboard graph my-ivr.yaml > docs/menus.mmd 2> findings.txt`)
    .action(async (path: string) => {
      const { flowToMermaid, hasErrors } = await ivr();
      // The same checks as validate, handlers included: a graph of a broken flow draws edges to nowhere.
      const { flow, diagnostics } = await checkFlowFile(path, io);
      await printFindings(diagnostics, io.stderr, io);
      if (!flow || hasErrors(diagnostics)) {
        throw new CommandFailed("SB_CLI_FLOW_HAS_ERRORS", `${path}: ${summary(diagnostics)}; fix them to draw the graph`);
      }
      io.stdout.write(flowToMermaid(flow));
    });
}
