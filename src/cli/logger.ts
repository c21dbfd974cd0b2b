/**
 * The pino logger the long-running commands (serve, dev) give the server. Logs go to stderr,
 * pretty in a terminal and JSON otherwise, so stdout carries only what a command prints for
 * people. `LOG_LEVEL` overrides the command's default level.
 *
 * @example
 * const logger = await stderrLogger("info");
 */
export async function stderrLogger(defaultLevel: "info" | "warn") {
  const { default: pino } = await import("pino");
  const level = process.env.LOG_LEVEL ?? defaultLevel;
  if (process.stderr.isTTY) {
    const { default: pretty } = await import("pino-pretty");
    return pino({ level }, pretty({ destination: 2, colorize: true }));
  }
  return pino({ level }, pino.destination(2));
}
