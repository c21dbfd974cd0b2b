/**
 * Why a command's server could not listen, worded as what the user changes: the port flag when
 * the port is taken, `--host` when the address is not this machine's. `serve`, `simulator` and
 * `dev` say it the same way.
 *
 * @example
 * try { await server.listen({ port, host }); } catch (error) { throw cannotListen(error, "--port", host, port); }
 * // error: --port: 127.0.0.1:3000 is already in use; stop what holds it or pick another port with --port [SB_CLI_CANNOT_LISTEN]
 */
import { CommandFailed, UsageError } from "./usage-error.js";

/** The error to throw for a failed `listen` on `host:port`, naming `flag` (the flag that set the port). */
export function cannotListen(error: unknown, flag: string, host: string, port: number): Error {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") {
    return new CommandFailed("SB_CLI_CANNOT_LISTEN", `${flag}: ${host}:${port} is already in use; stop what holds it or pick another port with ${flag}`);
  }
  if (code === "EACCES") {
    return new CommandFailed("SB_CLI_CANNOT_LISTEN", `${flag}: ${host}:${port} needs privileges this user does not have; pick a port above 1023 with ${flag}`);
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") return new UsageError("SB_CLI_INVALID_FLAG", `--host: "${host}" is not an address of this machine`);
  return new CommandFailed("SB_CLI_CANNOT_LISTEN", `${flag}: cannot listen on ${host}:${port}: ${(error as Error).message}`);
}
