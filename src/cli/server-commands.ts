/** The server's command group: `serve`, and the read API's `sessions`, `sessions show` and `stats`. */
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { serveCommand } from "./serve.js";
import { sessionsCommand } from "./sessions.js";
import { statsCommand } from "./stats.js";

export function serverCommands(program: Command, io: CliIo): void {
  serveCommand(program, io);
  sessionsCommand(program, io);
  statsCommand(program, io);
}
