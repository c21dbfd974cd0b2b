/**
 * The command groups of the CLI, one file each. A group is a function that adds its commands
 * to the program; their actions write and read through the run's `CliIo`.
 */
import type { Command } from "commander";
import type { CliIo } from "./io.js";
import { platformCommands } from "./platform-commands.js";
import { flowsCommands } from "./flows.js";
import { simulatorCommands } from "./simulator.js";
import { serverCommands } from "./server-commands.js";
import { devCommands } from "./dev.js";
import { callCommand } from "./call.js";
import { campaignCommand } from "./campaign.js";
import { loadCommands } from "./load.js";
import { initCommand } from "./init.js";
import { completionCommand } from "./completion.js";

/** Adds a group of commands to the program; `io` is what their actions print to and read from. */
export type CommandGroup = (program: Command, io: CliIo) => void;

export const commandGroups: CommandGroup[] = [initCommand, flowsCommands, platformCommands, simulatorCommands, serverCommands, devCommands, loadCommands, callCommand, campaignCommand, completionCommand];
