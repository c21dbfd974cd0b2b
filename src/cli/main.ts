/**
 * The `switchboard` command: builds the commander program from one file per command group and
 * turns errors into exit codes (2 for usage errors, 1 for failures). Nothing imports `cli/`.
 */
import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { isSwitchboardError } from "../util/index.js";
import { commandGroups } from "./commands.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** The commander program with every command group; errors surface as exceptions (`exitOverride`) for `run` to map. */
export function buildProgram(): Command {
  const program = new Command("switchboard")
    .description("Build, run and test phone IVRs on the 8x8 Voice API")
    .version(version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of commandGroups) register(program);
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0; parse errors are usage errors.
    return error.exitCode === 0 ? 0 : 2;
  }
  // Read duck-typed, not by `instanceof CliError`: layers below the CLI cannot import it, so
  // their usage errors (e.g. the simulator's config errors) carry `exitCode = 2` themselves.
  const exitCode = (error as { exitCode?: unknown }).exitCode;
  const message = error instanceof Error ? error.message : String(error);
  // Every layer's errors carry a catalogue code; printing it lets users look it up in docs/errors.md.
  const code = isSwitchboardError(error) ? ` [${error.code}]` : "";
  process.stderr.write(`error: ${message}${code}\n`);
  return typeof exitCode === "number" ? exitCode : 1;
}
