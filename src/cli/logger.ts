/**
 * The pino logger the long-running commands (serve, dev) give the server. Logs go to the run's
 * stderr, pretty in a terminal and JSON otherwise, so stdout carries only what a command prints
 * for people. `LOG_LEVEL` (from the run's environment) overrides the command's default level.
 *
 * @example
 * const logger = await stderrLogger("info", io);
 */
import type { DestinationStream } from "pino";
import type { CliIo } from "./io.js";

export async function stderrLogger(defaultLevel: "info" | "warn", io: CliIo) {
  const { default: pino } = await import("pino");
  const level = io.env.LOG_LEVEL ?? defaultLevel;
  // pino and pino-pretty write to anything with write(text), the process's stderr or a test's collector.
  const destination = io.stderr as DestinationStream;
  if (io.stderr.isTTY) {
    const { default: pretty } = await import("pino-pretty");
    return pino({ level }, pretty({ destination, colorize: true }));
  }
  return pino({ level }, destination);
}
