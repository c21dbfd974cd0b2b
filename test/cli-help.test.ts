/**
 * The CLI's help, colour and shell completion (issue 13's rough edges): every command's --help
 * has examples and one capitalisation style; colour only in a terminal, respecting NO_COLOR,
 * FORCE_COLOR and TERM=dumb, in process and through the real binary; `switchboard completion`
 * prints a script generated from the program, which bash really completes with.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, run, type CliIo } from "../src/cli/run.js";
import { assertBuilt, runCli, tempDir } from "./cli-helpers.js";
import { repoRoot } from "./shared-files.js";

const quietIo: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: repoRoot };

/** Every command path of the program (`["webhooks", "setup"]`), depth first. */
function commandPaths(): string[][] {
  const out: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const child of command.commands) {
      out.push([...path, child.name()]);
      walk(child, [...path, child.name()]);
    }
  };
  walk(buildProgram(quietIo), []);
  return out;
}

/** Descriptions of every command, option and argument, with where each is. */
function descriptions(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const walk = (command: Command, path: string) => {
    out.push({ where: path, text: command.description() });
    for (const option of command.options) out.push({ where: `${path} ${option.flags}`, text: option.description });
    for (const argument of command.registeredArguments) out.push({ where: `${path} <${argument.name()}>`, text: argument.description });
    for (const child of command.commands) walk(child, `${path} ${child.name()}`);
  };
  walk(buildProgram(quietIo), "switchboard");
  return out;
}

/**
 * Commands whose help another change is rewriting (none now: `dev` got its examples with --watch).
 * Take a command out once its help has examples; a new command cannot be added here silently.
 */
const EXAMPLES_PENDING = new Set<string>([]);

describe("--help", () => {
  it.each(commandPaths().filter((path) => !EXAMPLES_PENDING.has(path.join(" "))).map((path) => [path.join(" ")]))("of %s ends with examples of that command", async (path) => {
    const result = await runCli([...path.split(" "), "--help"], { cwd: repoRoot });
    expect(result.code).toBe(0);
    const examples = result.stdout.split("\nExamples:\n")[1];
    expect(examples, `switchboard ${path} --help has no Examples: section`).toBeDefined();
    expect(examples).toContain(`switchboard ${path}`);
  });

  it("is pending examples only for commands that exist", () => {
    const names = new Set(commandPaths().map((path) => path.join(" ")));
    for (const pending of EXAMPLES_PENDING) expect(names.has(pending), pending).toBe(true);
  });

  it("describes every command, flag and argument in one style: lower case, unless it starts with a name (SQLite, IVR, Send Callflow)", () => {
    const capitalised = descriptions().filter(({ text }) => /^[A-Z][a-z]/.test(text) && !text.startsWith("Send Callflow"));
    expect(capitalised).toEqual([]);
  });
});

/** An io whose outputs say whether they are terminals, collecting what is written. */
function terminalIo(env: Record<string, string>, isTTY: boolean) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY },
    stderr: { write: (text: string) => (stderr += text), isTTY },
    env,
    cwd: tempDir(),
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

const RED_ERROR = "\u001b[31merror\u001b[39m";
const ESC = "\u001b[";

describe("colour", () => {
  const flow = (cwd: string) => {
    writeFileSync(join(cwd, "broken.yaml"), 'version: 1\nentry: main\nmenus:\n  main:\n    prompt: Press 1.\n    options:\n      "1": sails\n');
    return "broken.yaml";
  };

  it("paints findings, the error line and help headings in a terminal", async () => {
    const t = terminalIo({}, true);
    expect(await run(["validate", flow(t.io.cwd)], t.io)).toBe(1);
    expect(t.stdout()).toContain(`: ${RED_ERROR} [unknown-target]`);
    expect(t.stderr().startsWith("\u001b[31merror:\u001b[39m broken.yaml: ")).toBe(true);
    const help = terminalIo({}, true);
    await run(["validate", "--help"], help.io);
    expect(help.stdout()).toContain("\u001b[1mUsage:\u001b[22m");
  });

  it.each([
    ["not a terminal", {}, false],
    ["NO_COLOR is set", { NO_COLOR: "1" }, true],
    ["TERM is dumb", { TERM: "dumb" }, true],
    ["FORCE_COLOR is 0", { FORCE_COLOR: "0" }, true],
  ] as const)("stays plain when %s", async (_why, env, isTTY) => {
    const t = terminalIo({ ...env }, isTTY);
    await run(["validate", flow(t.io.cwd)], t.io);
    await run(["validate", "--help"], t.io);
    expect(t.stdout() + t.stderr()).not.toContain(ESC);
  });

  it("is forced on by FORCE_COLOR outside a terminal", async () => {
    const t = terminalIo({ FORCE_COLOR: "1" }, false);
    await run(["validate", flow(t.io.cwd)], t.io);
    expect(t.stdout()).toContain(RED_ERROR);
  });

  /** The binary with exactly this environment (no NO_COLOR or FORCE_COLOR leaking in from the test runner). */
  const binary = (args: string[], env: Record<string, string>, cwd: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [resolve(repoRoot, "bin/switchboard.js"), ...args], { env: { PATH: process.env.PATH ?? "", ...env }, cwd, timeout: 60_000 }, (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      });
    });

  it("is off on the binary's pipes, and on with FORCE_COLOR", async () => {
    assertBuilt();
    const cwd = tempDir();
    const path = flow(cwd);
    const plain = await binary(["validate", path], {}, cwd);
    expect(plain.code).toBe(1);
    expect(plain.stdout + plain.stderr).not.toContain(ESC);
    const forced = await binary(["validate", path], { FORCE_COLOR: "1" }, cwd);
    expect(forced.stdout).toContain(RED_ERROR);
    expect(forced.stderr).toContain("\u001b[31merror:\u001b[39m");
  });
});

describe("switchboard completion", () => {
  it.each([["bash"], ["zsh"], ["fish"]])("prints a %s script that names every command and subcommand", async (shell) => {
    const result = await runCli(["completion", shell]);
    expect(result.code).toBe(0);
    for (const path of commandPaths()) expect(result.stdout, path.join(" ")).toContain(path.at(-1));
    expect(result.stdout).toContain("fail-on-fallback");
  });

  it("refuses a shell it does not know (exit 2)", async () => {
    const result = await runCli(["completion", "powershell"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are bash, zsh, fish.");
  });

  it("tells how to install it in --help", async () => {
    const result = await runCli(["completion", "--help"]);
    expect(result.stdout).toContain('eval "$(switchboard completion zsh)"');
    expect(result.stdout).toContain("~/.config/fish/completions/switchboard.fish");
  });

  it("completes commands, subcommands, flags, a flag's choices and files in a real bash, from the binary's script", async () => {
    assertBuilt();
    const cwd = tempDir();
    mkdirSync(join(cwd, "flows"));
    writeFileSync(join(cwd, "flows", "main.yaml"), "version: 1\n");
    const script = await binary(["completion", "bash"], cwd);
    expect(script.code).toBe(0);
    writeFileSync(join(cwd, "completion.bash"), script.stdout);
    // Each case: the words typed (the last one being completed) and what bash offers.
    const cases: [string[], string][] = [
      [["switchboard", "web"], "webhooks"],
      [["switchboard", "webhooks", "de"], "delete"],
      [["switchboard", "webhooks", "delete", "--if"], "--if-exists"],
      [["switchboard", "dial", "--fail"], "--fail-on-fallback"],
      [["switchboard", "completion", "z"], "zsh"],
      [["switchboard", "validate", "flows/m"], "flows/main.yaml"],
      [["switchboard", "serve", "--port", "30"], ""],
      [["switchboard", "sessions", "--status", "X", "--li"], "--limit"],
    ];
    const lines = cases.map(([words]) => `t ${words.map((w) => `'${w}'`).join(" ")}`);
    const program = [
      "source ./completion.bash",
      't() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _switchboard_completion; echo "${COMPREPLY[*]}"; }',
      ...lines,
    ].join("\n");
    const bash = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile("bash", ["--norc", "--noprofile", "-c", program], { cwd, timeout: 30_000 }, (error, stdout, stderr) => done({ code: error ? 1 : 0, stdout, stderr }));
    });
    expect(bash.stderr).toBe("");
    expect(bash.stdout.split("\n").slice(0, cases.length)).toEqual(cases.map(([, offered]) => offered));
  });

  /** The binary run from `cwd` with a plain environment. */
  function binary(args: string[], cwd: string) {
    return new Promise<{ code: number; stdout: string }>((done) => {
      execFile(process.execPath, [resolve(repoRoot, "bin/switchboard.js"), ...args], { env: { PATH: process.env.PATH ?? "" }, cwd, timeout: 60_000 }, (error, stdout) => {
        done({ code: error ? 1 : 0, stdout });
      });
    });
  }
});
