/**
 * `switchboard init [dir]`: makes a project that works at once: `package.json` depending on
 * switchboard-ivr, a flow (or a flow with TypeScript handlers), a vitest test that calls it on the
 * local 8x8 platform through `switchboard-ivr/testing`, `.env.example`, `.gitignore` and a README
 * with the next commands. It refuses a folder that holds anything but `.git`, unless `--force`.
 *
 * @example
 * switchboard init my-ivr
 * switchboard init my-ivr --template handlers
 * switchboard init . --package ../switchboard-ivr-0.1.0.tgz
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import type { Command } from "commander";
import { inCwd, writeLine, type CliIo } from "./io.js";
import { dependencySpec, packageJson, projectName } from "./init-package.js";
import { TEMPLATE_NAMES, TEMPLATES, templateFiles, type InitTemplate, type ScaffoldFile } from "./init-templates.js";
import { CommandFailed, UsageError } from "./usage-error.js";

interface InitFlags {
  template: string;
  package?: string;
  force?: boolean;
}

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

function templateNamed(name: string): InitTemplate {
  const template = Object.hasOwn(TEMPLATES, name) ? TEMPLATES[name] : undefined;
  if (!template) throw new UsageError("SB_CLI_INVALID_FLAG", `--template: "${name}" is invalid; expected one of ${TEMPLATE_NAMES.join(", ")}`);
  return template;
}

/** What the folder holds that matters: anything but `.git` (a fresh `git init` is still empty). */
async function entriesIn(dir: string, shown: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    return [];
  }
  if (!info.isDirectory()) {
    throw new UsageError("SB_CLI_INIT_DIR_NOT_EMPTY", `${shown} is a file, not a folder; give init a new folder's name`);
  }
  return (await readdir(dir)).filter((name) => name !== ".git").sort();
}

async function writeFiles(dir: string, files: ScaffoldFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text);
    } catch (error) {
      throw new CommandFailed("SB_CLI_INIT_WRITE_FAILED", `cannot write ${path}: ${(error as Error).message}`);
    }
  }
}

/** A path as the user can type it in a shell. */
const typed = (path: string) => (/^[\w./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`);

async function init(dirArg: string | undefined, flags: InitFlags, io: CliIo): Promise<void> {
  const template = templateNamed(flags.template);
  const dir = inCwd(io, dirArg ?? ".");
  const shown = relative(io.cwd, dir) || ".";
  const present = await entriesIn(dir, shown);
  if (present.length > 0 && !flags.force) {
    const some = present.slice(0, 3).join(", ") + (present.length > 3 ? ", ..." : "");
    throw new UsageError("SB_CLI_INIT_DIR_NOT_EMPTY", `${shown} is not empty (${some}); give init a new folder, or pass --force to write the project's files into it`);
  }
  const name = projectName(dir);
  const dependency = dependencySpec(flags.package, { cwd: io.cwd, projectDir: dir, version });
  const files = [{ path: "package.json", text: packageJson(template, { name, dependency }) }, ...(await templateFiles(template, { name }))];
  const replaced = new Set(files.map((file) => file.path).filter((path) => existsSync(join(dir, path))));
  await writeFiles(dir, files);

  const where = shown === "." ? "this folder" : `${shown}/`;
  const lines = [`Made ${name} in ${where} from the ${template.name} template (switchboard-ivr ${dependency}):`];
  for (const file of files) lines.push(`  ${file.path}${replaced.has(file.path) ? "  (replaced)" : ""}`);
  lines.push("", "Next:");
  if (shown !== ".") lines.push(`  cd ${typed(shown)}`);
  lines.push(
    "  npm install   # builds better-sqlite3 when no prebuilt binary fits your Node (a few minutes)",
    "  npm test      # calls your IVR on a local 8x8 platform",
    "  npm start     # your IVR and a local 8x8 platform; it prints how to dial",
    "",
    "README.md has the rest: the install scripts npm asks about, and how to go live on 8x8.",
  );
  writeLine(io.stdout, lines.join("\n"));
}

/** Registers `switchboard init`. */
export function initCommand(program: Command, io: CliIo): void {
  program
    .command("init")
    .description("make a new IVR project: package.json, a flow, a vitest test, .env.example, README")
    .argument("[dir]", "the folder to make (default: the current one, if empty)")
    .option("--template <name>", `what to start from: ${TEMPLATE_NAMES.join(", ")}`, "restaurant")
    .option("--package <spec>", `the switchboard-ivr to depend on: an npm spec, a folder or a packed .tgz (default: ^${version})`)
    .option("--force", "write into a folder that is not empty, replacing files of the same names")
    .addHelpText(
      "after",
      `
Templates:
${TEMPLATE_NAMES.map((name) => `  ${name.padEnd(11)} ${TEMPLATES[name]!.summary}`).join("\n")}

Examples:
  $ switchboard init my-ivr                       # the restaurant flow, its test, README
  $ switchboard init my-ivr --template handlers   # a flow calling typed TypeScript handlers
  $ switchboard init . --package ../switchboard-ivr-0.1.0.tgz`,
    )
    .action((dir: string | undefined, flags: InitFlags) => init(dir, flags, io));
}
