/**
 * A mistake in how the command was called (a flag, a file, missing configuration). The CLI
 * prints its one-line message and exits 2, the conventional status for usage errors.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly exitCode = 2;
}

/** A command ran but its outcome is a failure the user must act on (a check failed): exit 1. */
export class CommandFailed extends Error {
  override readonly name = "CommandFailed";
  readonly exitCode = 1;
}
