/**
 * `switchboard validate <flow>` and `switchboard graph <flow>`: static analysis of a flow file
 * (file:line:column findings; exit 1 on errors, 2 when the file cannot be read) and a Mermaid
 * flowchart of its menu tree on stdout.
 *
 * @example
 * switchboard validate examples/restaurant.yaml
 * switchboard graph examples/restaurant.yaml > restaurant.mmd
 */
import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import type { Command } from "commander";
import type { Diagnostic, FlowValidation } from "../ivr/index.js";
import { inCwd, writeLine, type CliIo } from "./io.js";
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
    const exported = (module.default ?? {}) as { handlers?: Record<string, unknown> };
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

/** Registers `switchboard validate` and `switchboard graph`; the IVR engine loads only when one runs. */
export function flowsCommands(program: Command, io: CliIo): void {
  program
    .command("validate")
    .description("check a flow file: schema, menu targets, reachability, keys, 8x8 limits (exit 1 on errors)")
    .argument("<flow>", "flow file (.yaml, .yml, .json)")
    .option("--strict", "treat warnings as errors")
    .action(async (path: string, options: { strict?: boolean }) => {
      const { formatDiagnostic, hasErrors } = await ivr();
      const { diagnostics } = await checkFlowFile(path, io);
      for (const d of diagnostics) writeLine(io.stdout, formatDiagnostic(d));
      const failed = hasErrors(diagnostics) || (options.strict === true && diagnostics.length > 0);
      if (failed) throw new CommandFailed("SB_CLI_FLOW_HAS_ERRORS", `${path}: ${summary(diagnostics)}`);
      writeLine(io.stdout, `${path}: ok (${summary(diagnostics)})`);
    });
  program
    .command("graph")
    .description("print a Mermaid flowchart of a flow's menu tree")
    .argument("<flow>", "flow file (.yaml, .yml, .json)")
    .action(async (path: string) => {
      const { flowToMermaid, formatDiagnostic, validateFlow } = await ivr();
      const { flow, diagnostics } = validateFlow(await readFlowSource(path, io), path);
      if (!flow) {
        for (const d of diagnostics) writeLine(io.stderr, formatDiagnostic(d));
        throw new CommandFailed("SB_CLI_FLOW_HAS_ERRORS", `${path}: ${summary(diagnostics)}; fix them to draw the graph`);
      }
      io.stdout.write(flowToMermaid(flow));
    });
}
