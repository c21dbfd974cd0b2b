/**
 * The command groups of the CLI, one file each. A group is a function that adds its commands
 * to the program.
 */
import type { Command } from "commander";
import { platformCommands } from "./platform-commands.js";
import { flowsCommands } from "./flows.js";
import { simulatorCommands } from "./simulator.js";
import { serverCommands } from "./server-commands.js";
import { devCommands } from "./dev.js";

export type CommandGroup = (program: Command) => void;

export const commandGroups: CommandGroup[] = [flowsCommands, platformCommands, simulatorCommands, serverCommands, devCommands];
