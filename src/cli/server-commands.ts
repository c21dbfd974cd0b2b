/** The server's command group: `serve`, `sessions` and `sessions show`. */
import type { Command } from "commander";
import { serveCommand } from "./serve.js";
import { sessionsCommand } from "./sessions.js";

export function serverCommands(program: Command): void {
  serveCommand(program);
  sessionsCommand(program);
}
