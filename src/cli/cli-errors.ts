/**
 * The CLI's error codes (the catalogue's `SB_CLI_*`, explained in docs/errors.md) and the bridges
 * from lower layers' errors to exit codes: a usage mistake exits 2, a failed request or check
 * exits 1, and the line printed keeps the code of the error that caused it.
 */
import { VoiceClientError } from "../client/index.js";
import { codesOf, isSwitchboardError, type ErrorCode, type LayerErrorCode } from "../util/index.js";
import { CommandFailed, UsageError } from "./usage-error.js";

/** Every code the CLI raises of its own. */
export const CLI_ERROR_CODES = codesOf("CLI");
export type CliErrorCode = LayerErrorCode<"CLI">;

/**
 * The code to print for `error`, caught from a lower layer: its own when it has one (an
 * `SB_IVR_*` for a flow that does not load, an `SB_STORE_*` for a database), else `fallback`.
 *
 * @example
 * throw new UsageError(causeCode(error, "SB_CLI_IVR_LOAD_FAILED"), `cannot load ${file}: ${(error as Error).message}`);
 */
export function causeCode(error: unknown, fallback: ErrorCode): ErrorCode {
  return isSwitchboardError(error) ? error.code : fallback;
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
        throw new UsageError(error.code, error.message);
      }
      throw new CommandFailed(error.code, error.message);
    }
    throw error;
  }
}
