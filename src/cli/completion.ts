/**
 * `switchboard completion bash|zsh|fish`: prints a shell completion script generated from the
 * program itself (every command, subcommand and flag; files where a command takes a flow or a
 * module), so it completes exactly what this version accepts.
 *
 * @example
 * switchboard completion bash > ~/.local/share/bash-completion/completions/switchboard
 * eval "$(switchboard completion zsh)"
 */
import { Argument, type Command } from "commander";
import { completionModel } from "./completion-model.js";
import { completionScript, SHELLS, type Shell } from "./completion-scripts.js";
import type { CliIo } from "./io.js";

/** Registers `switchboard completion <shell>`; the script is built when it runs, from every command registered by then. */
export function completionCommand(program: Command, io: CliIo): void {
  program
    .command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "the shell to complete in").choices(SHELLS))
    .addHelpText("after", `
Install it once (open a new shell afterwards):
  bash  $ switchboard completion bash > ~/.local/share/bash-completion/completions/switchboard
        (or add  eval "$(switchboard completion bash)"  to ~/.bashrc)
  zsh   add  eval "$(switchboard completion zsh)"  to ~/.zshrc, after compinit
  fish  $ switchboard completion fish > ~/.config/fish/completions/switchboard.fish

The script completes commands, subcommands, flags and file arguments. Regenerate it after
upgrading switchboard-ivr, so new commands and flags complete too.

Examples:
  $ switchboard completion bash
  $ source <(switchboard completion bash)      # try it in this shell only`)
    .action((shell: Shell) => {
      io.stdout.write(completionScript(shell, completionModel(program)));
    });
}
