/**
 * The command groups of the CLI, one file each. A group is a function that adds its commands
 * to the program.
 */
import type { Command } from "commander";
import { flowsCommands } from "./flows.js";

export type CommandGroup = (program: Command) => void;

export const commandGroups: CommandGroup[] = [flowsCommands];
