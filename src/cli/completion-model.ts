/**
 * What shell completion knows of the CLI, read from the commander program itself so it cannot
 * drift from it: every command path (`webhooks setup`), its subcommands, its flags (and which take
 * a value, and which of those take a file or one of a few choices), and whether its arguments are
 * files. completion-scripts.ts writes it out for bash, zsh and fish.
 *
 * @example
 * const model = completionModel(program);
 * model.find((c) => c.path.join(" ") === "webhooks")?.subcommands.map((s) => s.name); // ["setup", "list", "create", "delete"]
 */
import type { Command, Option } from "commander";

/** A word to offer, with the help text shells that show one (zsh, fish) print beside it. */
export interface Candidate {
  name: string;
  description: string;
}

/** One flag of a command. */
export interface FlagModel extends Candidate {
  /** `--port`, and `-V` style short forms as separate flags. */
  names: string[];
  /** The flag takes a value (`--port <port>`): the word after it is that value, not a command. */
  takesValue: boolean;
  /** Its value is a path (`--config <file>`). */
  file: boolean;
  /** Its value is one of these (commander's `.choices()`). */
  choices: string[];
}

/** One command, by its path from the root (`[]` for `switchboard` itself). */
export interface CommandModel {
  path: string[];
  subcommands: Candidate[];
  flags: FlagModel[];
  /** Its arguments are paths (a flow file, a handlers module): offer files. */
  files: boolean;
  /** Its first argument is one of these (commander's `.choices()`). */
  choices: string[];
}

/** Argument and value names that are paths. */
const FILE_NAME = /^(flow|ivr|file|dir|path)$/i;

const HELP_FLAG: FlagModel = { name: "--help", names: ["--help", "-h"], description: "display help for command", takesValue: false, file: false, choices: [] };

function flagOf(option: Option): FlagModel {
  const names = [option.long, option.short].filter((n): n is string => typeof n === "string");
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? "";
  return {
    name: names[0]!,
    names,
    description: option.description,
    takesValue: option.required || option.optional,
    file: FILE_NAME.test(valueName),
    choices: option.argChoices ?? [],
  };
}

/** Every command of the program, root first, depth first, hidden ones left out. */
export function completionModel(root: Command): CommandModel[] {
  const out: CommandModel[] = [];
  const visit = (command: Command, path: string[]) => {
    const visible = command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
    const args = command.registeredArguments;
    out.push({
      path,
      subcommands: visible.map((c) => ({ name: c.name(), description: c.description() })),
      flags: [...command.options.filter((o) => !o.hidden).map(flagOf), HELP_FLAG],
      files: args.some((a) => FILE_NAME.test(a.name())),
      choices: args[0]?.argChoices ?? [],
    });
    for (const child of visible) visit(child, [...path, child.name()]);
  };
  visit(root, []);
  return out;
}
