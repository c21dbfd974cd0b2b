/**
 * The CLI's one error hierarchy, made by the one helper (`SwitchboardError`, src/util/). `main.ts`
 * prints an error's one-line message followed by its code in brackets, so users can look it up
 * in docs/errors.md, and exits with its `exitCode`: `UsageError` (2, the conventional status for
 * usage errors: a flag, a file, missing configuration) or `CommandFailed` (1: the command ran,
 * and its outcome is a failure the user must act on). The code is the CLI's own (`SB_CLI_*`), or
 * the code of a lower layer's error the CLI passes on.
 *
 * @example
 * throw new UsageError("SB_CLI_INVALID_FLAG", `--port: "${text}" is invalid; expected a port number 0-65535`);
 */
import { SwitchboardError } from "../util/index.js";

/** The base of the CLI's errors; `exitCode` is what the process exits with. */
export abstract class CliError extends SwitchboardError {
  abstract readonly exitCode: 1 | 2;
}

/** A mistake in how the command was called: exit 2. */
export class UsageError extends CliError {
  override readonly name = "UsageError";
  readonly exitCode = 2;
}

/** A command ran but its outcome is a failure the user must act on (a check failed): exit 1. */
export class CommandFailed extends CliError {
  override readonly name = "CommandFailed";
  readonly exitCode = 1;
}
