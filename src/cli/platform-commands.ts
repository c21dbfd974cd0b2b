/**
 * The command groups that talk to the 8x8 platform (webhooks, profiles, numbers), registered
 * together from one line of commands.ts.
 */
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { numbersCommands } from "./numbers.js";
import { profilesCommands } from "./profiles.js";
import { webhooksCommands } from "./webhooks.js";

/** Registers the commands that talk to the 8x8 REST API: webhooks, profiles, numbers. */
export function platformCommands(program: Command, io: CliIo): void {
  webhooksCommands(program, io);
  profilesCommands(program, io);
  numbersCommands(program, io);
}
