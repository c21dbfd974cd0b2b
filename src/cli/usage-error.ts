/**
 * The CLI's one error hierarchy. `main.ts` prints a `CliError`'s one-line message and exits with
 * its `exitCode`: `UsageError` (2, the conventional status for usage errors: a flag, a file,
 * missing configuration) or `CommandFailed` (1: the command ran, and its outcome is a failure the
 * user must act on). Either may carry a stable `code` (documented in docs/errors.md), which ends
 * the message in brackets so users can look it up; `cli-errors.ts` adds the coded variants.
 *
 * @example
 * throw new UsageError(`--port: "${text}" is invalid; expected a port number 0-65535`);
 */
export abstract class CliError extends Error {
  abstract readonly exitCode: 1 | 2;
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(code === undefined ? message : `${message} [${code}]`);
    this.code = code;
  }
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
