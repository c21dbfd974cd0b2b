/**
 * The port parser the `simulator` and `dev` flags share: a refusal names the flag, the value and
 * what is expected, and exits 2.
 *
 * @example
 * command.option("--port <port>", "port to listen on", portFlag("--port"), 8088);
 */
import { UsageError } from "./usage-error.js";

/** A commander parser for `flag` that accepts a port number 0-65535. */
export function portFlag(flag: string): (text: string) => number {
  return (text) => {
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new UsageError("SB_CLI_INVALID_FLAG", `${flag}: "${text}" is invalid; expected a port number 0-65535`);
    return Number(text);
  };
}
