/**
 * The simulator's errors, made by the one helper (`SwitchboardError`, src/util/) with `SB_SIM_*`
 * codes that docs/errors.md explains. Its HTTP API answers as 8x8 does and never carries them:
 * these are for code that drives the simulator (`startSimulator`, `dial`, `registerWebhook`).
 *
 * @example
 * throw new SimulatorError("SB_SIM_UNKNOWN_SESSION", `sessionId: "${id}" is not a known session`);
 */
import { SwitchboardError, type LayerErrorCode } from "../util/index.js";

/** An error of the simulator's own API, e.g. a call to a number no subaccount owns. */
export class SimulatorError extends SwitchboardError<LayerErrorCode<"SIM">> {
  override readonly name: string = "SimulatorError";
}

/**
 * A config that failed validation (`SB_SIM_INVALID_CONFIG`); the message names the field, the
 * value and what was expected. `exitCode` 2 tells the CLI, which it cannot import, that this is a
 * usage error.
 */
export class ConfigError extends SimulatorError {
  override readonly name = "ConfigError";
  readonly exitCode = 2;
  constructor(message: string) {
    super("SB_SIM_INVALID_CONFIG", message);
  }
}
