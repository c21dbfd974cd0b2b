/**
 * The `package.json` of a project `switchboard init` makes: its name (from the folder), its
 * scripts, and which switchboard-ivr it depends on. By default that is `^` the running CLI's own
 * version, what a user of the published package gets; `--package` takes any npm spec instead
 * (a version or range, a tag, a URL, a git spec, or a path to a folder or a packed tarball).
 * A path is read from where the command runs and written relative to the new project, as
 * `npm install ../x.tgz` would write it.
 *
 * @example
 * dependencySpec("../switchboard-ivr-0.1.0.tgz", { cwd: "/home/me", projectDir: "/home/me/my-ivr", version: "0.1.0" });
 * // "file:../../switchboard-ivr-0.1.0.tgz"
 */
import { existsSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import type { InitTemplate } from "./init-templates.js";
import { UsageError } from "./usage-error.js";

/** Our own package name: a project of that name could not depend on it. */
export const PACKAGE_NAME = "switchboard-ivr";

/** The vitest every project tests with: 3.x, the line switchboard-ivr's own tests run on. */
export const VITEST_RANGE = "^3.2.7";

/**
 * Packages whose install scripts the project allows (npm 11's `allowScripts`): better-sqlite3
 * builds or fetches its native binary; esbuild (vitest's and tsx's) checks its own.
 */
export const ALLOWED_SCRIPTS: Readonly<Record<string, boolean>> = { "better-sqlite3": true, esbuild: true };

/**
 * A package name npm accepts, made from the folder's name: lower case, characters other than
 * `a-z 0-9 . _ -` turned into `-`, no leading `.` or `_`. A name with nothing left becomes
 * `my-ivr`, and `switchboard-ivr` itself `switchboard-ivr-app`.
 */
export function projectName(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "")
    .slice(0, 214);
  if (name === "") return "my-ivr";
  return name === PACKAGE_NAME ? `${PACKAGE_NAME}-app` : name;
}

/** True for a spec npm reads as a path on this machine: `file:`, `./`, `../`, `/`, `~/`, `C:\`, or a tarball's name. */
function isPathSpec(spec: string): boolean {
  if (/^(file:|\.\.?([\\/]|$)|[\\/]|~[\\/]|[a-zA-Z]:[\\/])/.test(spec)) return true;
  return !spec.includes("://") && /\.(tgz|tar\.gz|tar)$/.test(spec);
}

/** Where the switchboard-ivr dependency comes from: see the module's comment. */
export function dependencySpec(given: string | undefined, at: { cwd: string; projectDir: string; version: string }): string {
  if (given === undefined) return `^${at.version}`;
  const spec = given.trim();
  if (spec === "") throw new UsageError("SB_CLI_INVALID_FLAG", `--package: "" is invalid; expected an npm spec such as ^0.1.0, a path or a packed .tgz`);
  if (!isPathSpec(spec)) {
    // `switchboard-ivr@1.2.3` is the same as `1.2.3` in a dependency's place.
    if (spec === PACKAGE_NAME) return "latest";
    return spec.startsWith(`${PACKAGE_NAME}@`) ? spec.slice(PACKAGE_NAME.length + 1) : spec;
  }
  const path = spec.replace(/^file:/, "");
  const absolute = isAbsolute(path) ? path : resolve(at.cwd, path);
  if (!existsSync(absolute)) {
    throw new UsageError("SB_CLI_FILE_UNREADABLE", `--package: ${given}: no such file or folder (looked for ${absolute}); expected a switchboard-ivr folder or a tarball made by npm pack`);
  }
  const fromProject = relative(at.projectDir, absolute);
  // Another drive on Windows has no relative path: the absolute one is written.
  if (isAbsolute(fromProject)) return `file:${fromProject}`;
  const posix = fromProject.split(sep).join("/");
  return `file:${posix.startsWith("../") || posix === ".." ? posix : `./${posix}`}`;
}

/** The project's `package.json`, as text ending in a newline. */
export function packageJson(template: InitTemplate, project: { name: string; dependency: string }): string {
  const entry = template.entry;
  const manifest = {
    name: project.name,
    version: "0.1.0",
    private: true,
    description: template.summary,
    type: "module",
    scripts: {
      start: `switchboard dev ${entry}`,
      test: "vitest run",
      validate: "switchboard validate flow.yaml",
      ...template.scripts,
    },
    dependencies: { [PACKAGE_NAME]: project.dependency },
    devDependencies: sorted({ vitest: VITEST_RANGE, ...template.devDependencies }),
    allowScripts: ALLOWED_SCRIPTS,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The object with its keys in order, as npm writes dependencies. */
function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
