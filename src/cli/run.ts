/**
 * `run(argv, io)`: the whole `switchboard` command as a function. It builds the commander program
 * from one file per command group, runs it against `io` (nothing of the process is touched: help,
 * errors and output all go to `io`, and no path ends the process) and turns errors into an exit
 * code: 2 for usage errors, 1 for failures. The binary calls it through `main.ts`; tests call it
 * in process. Nothing imports `cli/`.
 *
 * @example
 * const code = await run(["webhooks", "list", "--json"], { stdout, stderr, env: { EIGHTX8_API_KEY: key }, cwd: dir });
 */
import { Command, CommanderError } from "commander";
import { createRequire } from "node:module";
import { isSwitchboardError } from "../util/index.js";
import { colourEnabled, painter } from "./colour.js";
import { commandGroups } from "./commands.js";
import type { CliIo } from "./io.js";

export type { CliIo, CliOutput } from "./io.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/**
 * The commander program with every command group, writing through `io`. Errors surface as
 * exceptions (`exitOverride`) for `run` to map; commander never calls `process.exit`.
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command("switchboard")
    .description("build, run and test phone IVRs on the 8x8 Voice API")
    .version(version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    // Set before the groups are added: subcommands copy the output settings when created.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      // Colour by the run's io (colour.ts), not process.env and the TTY, which commander would read.
      getOutHasColors: () => colourEnabled(io.stdout, io.env),
      getErrHasColors: () => colourEnabled(io.stderr, io.env),
      // The parser's own refusals (an unknown flag, a missing argument) carry a code like ours.
      outputError: (text, write) => write(text.replace(/^error:/, painter(io.stderr, io.env)("red", "error:")).replace(/\n?$/, ` [SB_CLI_INVALID_FLAG]\n`)),
    });
  // Bold headings; commander strips the codes again where the output has no colour.
  program.configureHelp({ styleTitle: (title) => `\u001b[1m${title}\u001b[22m` });
  for (const register of commandGroups) register(program, io);
  return program;
}

/** Runs the CLI with the user's arguments (no `node` and script path) and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

/** A terminal's width, else commander's own default of 80 columns. */
function helpWidth(output: CliIo["stdout"]): number {
  return output.isTTY && output.columns ? output.columns : 80;
}

function exitCodeFor(error: unknown, io: CliIo): number {
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
  io.stderr.write(`${painter(io.stderr, io.env)("red", "error:")} ${message}${code}\n`);
  return typeof exitCode === "number" ? exitCode : 1;
}
