/**
 * The projects `switchboard init` can make. Each template is a folder under `templates/` in the
 * package (its flow, its test, and for `handlers` the TypeScript module and a tsconfig), plus
 * what every project gets from `templates/common/`: `.gitignore`, `.env.example` and a README
 * filled in for the template. The files are kept as files, not strings, so they read (and lint)
 * as what the user gets; `package.json` is written by init-package.ts.
 *
 * @example
 * const files = await templateFiles(TEMPLATES.restaurant, { name: "my-ivr" });
 * // [{ path: "flow.yaml", text: "# yaml-language-server: ..." }, { path: "test/ivr.test.ts", ... }, ...]
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The `templates/` folder, found from this file (dist/cli/ or src/cli/) wherever the CLI runs. */
export const TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

/** One file of a template: where it is in the template's folder, and what the README says of it. */
interface TemplateFile {
  path: string;
  about: string;
}

/** A project `switchboard init` can make. */
export interface InitTemplate {
  name: string;
  /** One line for `--help` and the README's first paragraph. */
  summary: string;
  /** What `npm start` runs with `switchboard dev` and the README tells `serve` to run. */
  entry: string;
  /** The template's own files, copied as they are. */
  files: readonly TemplateFile[];
  /** Scripts besides start, test and validate. */
  scripts: Readonly<Record<string, string>>;
  /** Besides vitest. */
  devDependencies: Readonly<Record<string, string>>;
}

const FLOW_TEST = { path: "test/ivr.test.ts", about: "calls the IVR on a local 8x8 platform and checks what the caller heard (`npm test`)" };

/** The templates by name; `restaurant` is the default. */
export const TEMPLATES: Readonly<Record<string, InitTemplate>> = {
  restaurant: {
    name: "restaurant",
    summary: "8x8's Advanced IVR guide as a flow: ABC Restaurant's reservations, a transfer to a representative and the opening hours.",
    entry: "flow.yaml",
    files: [{ path: "flow.yaml", about: "the IVR: menus, the keys a caller presses, what each key does" }, FLOW_TEST],
    scripts: {},
    devDependencies: {},
  },
  simple: {
    name: "simple",
    summary: "8x8's Simple IVR guide as a flow: one menu that hangs up on 1, transfers to an agent on 2 and repeats itself otherwise.",
    entry: "flow.yaml",
    files: [{ path: "flow.yaml", about: "the IVR: one menu, the keys a caller presses, what each key does" }, FLOW_TEST],
    scripts: {},
    devDependencies: {},
  },
  handlers: {
    name: "handlers",
    summary: "A flow that calls typed TypeScript handlers: the caller types a booking number, `lookupBooking` finds it, and the next prompt reads it back.",
    entry: "handlers.ts",
    files: [
      { path: "flow.yaml", about: "the menus; an option calls `lookupBooking` by name" },
      { path: "handlers.ts", about: "the handlers the flow calls, typed, loaded through tsx (no build step)" },
      FLOW_TEST,
      { path: "tsconfig.json", about: "for `npm run typecheck` (tsc --noEmit) and your editor" },
    ],
    scripts: { typecheck: "tsc --noEmit" },
    // TypeScript is only for the type check: Switchboard loads handlers.ts through its own tsx.
    devDependencies: { typescript: "^5.9.3", "@types/node": "^22.0.0" },
  },
};

/** The template names, in the order `--help` lists them. */
export const TEMPLATE_NAMES = Object.keys(TEMPLATES);

/** Every project's files besides the template's own: name in `templates/common/`, name written. */
const COMMON_FILES = [
  { from: "gitignore", path: ".gitignore", about: "keeps node_modules, .env and the SQLite store out of git" },
  { from: "env.example", path: ".env.example", about: "the settings the CLI reads; copy it to `.env` for your 8x8 account" },
] as const;

/** A file to write, relative to the new project's folder. */
export interface ScaffoldFile {
  path: string;
  text: string;
}

const read = (path: string) => readFile(join(TEMPLATES_DIR, path), "utf8");

/** The README's lines for the commands a project has, each with what it does. */
function commandLines(template: InitTemplate): string {
  const lines = [
    ["npm install", "switchboard-ivr, vitest; builds better-sqlite3 when no prebuilt binary fits your Node"],
    ["npm test", "calls your IVR on a local 8x8 platform (test/ivr.test.ts)"],
    ["npm start", "switchboard dev: your IVR and a local 8x8 platform; it prints how to dial"],
    ["npm run validate", "static checks of flow.yaml: menu targets, keys, 8x8's limits"],
    ...(template.scripts.typecheck ? [["npm run typecheck", "tsc --noEmit over handlers.ts and the test"]] : []),
  ];
  return lines.map(([command, what]) => `${command!.padEnd(18)} # ${what}`).join("\n");
}

/** The README's table of files. */
function fileRows(template: InitTemplate): string {
  const rows = [{ path: "package.json", about: "the scripts below, and switchboard-ivr" }, ...template.files, ...COMMON_FILES];
  return rows.map((file) => `| \`${file.path}\` | ${file.about} |`).join("\n");
}

/**
 * Every file of the project but `package.json`: the template's own, `.gitignore`,
 * `.env.example` and the README filled in with the project's name and the template's commands.
 */
export async function templateFiles(template: InitTemplate, project: { name: string }): Promise<ScaffoldFile[]> {
  const own = await Promise.all(template.files.map(async (file) => ({ path: file.path, text: await read(`${template.name}/${file.path}`) })));
  const common = await Promise.all(COMMON_FILES.map(async (file) => ({ path: file.path, text: await read(`common/${file.from}`) })));
  const values: Record<string, string> = {
    name: project.name,
    template: template.name,
    summary: template.summary,
    entry: template.entry,
    commands: commandLines(template),
    files: fileRows(template),
  };
  const readme = (await read("common/README.md")).replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
  return [...own, ...common, { path: "README.md", text: readme }];
}
