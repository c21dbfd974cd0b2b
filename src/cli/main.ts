/**
 * The `switchboard` binary's entry (`bin/switchboard.js` runs its build): `run` with the
 * process's arguments and io. Everything else lives in `run.ts`, which tests call in process.
 */
import { processIo } from "./process-io.js";
import { run } from "./run.js";

export { run, buildProgram, type CliIo, type CliOutput } from "./run.js";

/** Runs the CLI for this process and resolves with the exit code for `process.exitCode`. */
export function main(): Promise<number> {
  return run(process.argv.slice(2), processIo());
}
