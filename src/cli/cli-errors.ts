/**
 * The CLI's own error codes (documented in docs/errors.md) and the bridge from client errors to
 * exit codes: a usage mistake exits 2, a failed request or check exits 1. Every message is one
 * line ending with its code in brackets, so users can look it up.
 */
import { VoiceClientError, type ClientErrorCode } from "../client/index.js";
import { CommandFailed, UsageError } from "./usage-error.js";

export const CLI_ERROR_CODES = [
  "SB_CLI_MISSING_API_KEY",
  "SB_CLI_MISSING_SUBACCOUNT",
  "SB_CLI_INVALID_SUBACCOUNT",
  "SB_CLI_MISSING_URL",
  "SB_CLI_INVALID_URL",
  "SB_CLI_INVALID_WEBHOOK_TYPE",
  "SB_CLI_INVALID_NUMBER",
  "SB_CLI_WEBHOOK_CHECK_FAILED",
  "SB_CLI_PLAIN_HTTP",
] as const;
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/** A usage error (exit 2) with a stable code: the CLI's own, or a client configuration code. */
export class CliUsageError extends UsageError {
  declare readonly code: CliErrorCode | ClientErrorCode;
  constructor(code: CliErrorCode | ClientErrorCode, message: string) {
    super(message, code);
  }
}

/** A failure (exit 1) with a stable code: the CLI's own, or the client error's that caused it. */
export class CliFailure extends CommandFailed {
  declare readonly code: CliErrorCode | ClientErrorCode;
  constructor(code: CliErrorCode | ClientErrorCode, message: string) {
    super(message, code);
  }
}

/**
 * Runs a command's work and turns a client error into a one-line failure with its code. Client
 * configuration errors are usage errors (exit 2): they come from flags or environment.
 */
export async function reportClientErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof VoiceClientError) {
      if (error.code === "SB_CLIENT_CONFIG" || error.code === "SB_CLIENT_INVALID_ARGUMENT") {
        throw new CliUsageError(error.code, error.message);
      }
      throw new CliFailure(error.code, error.message);
    }
    throw error;
  }
}
