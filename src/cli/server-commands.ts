/** The server's command group: `serve`, `sessions` and `sessions show`. */
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { serveCommand } from "./serve.js";
import { sessionsCommand } from "./sessions.js";

export function serverCommands(program: Command, io: CliIo): void {
  serveCommand(program, io);
  sessionsCommand(program, io);
}
