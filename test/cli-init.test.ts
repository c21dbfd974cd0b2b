/**
 * `switchboard init`, run in process (`run(argv, io)`) in fresh temp folders: the files each
 * template makes, the package.json a user installs from, the flows passing `validate` (the
 * handlers template's with its TypeScript module loaded), and every refusal. That the projects
 * install and pass their own tests from a packed tarball is test/scaffold.test.ts (slow: CI runs
 * it as `npm run test:scaffold`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { assertBuilt, runCli, tempDir } from "./cli-helpers.js";
import { repoRoot } from "./shared-files.js";

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
const COMMON = [".env.example", ".gitignore", "README.md", "package.json"];

const read = (path: string) => readFileSync(path, "utf8");
const manifest = (dir: string) => JSON.parse(read(join(dir, "package.json"))) as Record<string, unknown> & { dependencies: Record<string, string>; scripts: Record<string, string> };

/** The project's files, as `init` listed them on stdout, sorted. */
function listed(stdout: string): string[] {
  return [...stdout.matchAll(/^ {2}(\S+)(?: {2}\(replaced\))?$/gm)].map((m) => m[1]!).filter((path) => !["npm", "cd"].includes(path)).sort();
}

describe("switchboard init", () => {
  it("makes the restaurant project by default: package.json, the flow, its test, .env.example, .gitignore, README", async () => {
    const cwd = tempDir();
    const result = await runCli(["init", "my-ivr"], { cwd });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const dir = join(cwd, "my-ivr");
    expect(listed(result.stdout)).toEqual([...COMMON, "flow.yaml", "test/ivr.test.ts"].sort());
    for (const path of listed(result.stdout)) expect(existsSync(join(dir, path)), path).toBe(true);
    expect(result.stdout).toContain("from the restaurant template");
    expect(result.stdout).toMatch(/Next:\n {2}cd my-ivr\n {2}npm install .*\n {2}npm test .*\n {2}npm start /);
    expect(read(join(dir, "flow.yaml"))).toContain("Welcome to ABC Restaurant");
    expect(read(join(dir, "test/ivr.test.ts"))).toContain('from "switchboard-ivr/testing"');
  });

  it("writes a package.json named after the folder, depending on ^ the CLI's own version, with the scripts the README names", async () => {
    const cwd = tempDir();
    expect((await runCli(["init", "My Phone IVR"], { cwd })).code).toBe(0);
    const pkg = manifest(join(cwd, "My Phone IVR"));
    expect(pkg).toMatchObject({
      name: "my-phone-ivr",
      private: true,
      type: "module",
      scripts: { start: "switchboard dev flow.yaml", test: "vitest run", validate: "switchboard validate flow.yaml" },
      dependencies: { "switchboard-ivr": `^${version}` },
      devDependencies: { vitest: expect.stringMatching(/^\^3\./) },
      allowScripts: { "better-sqlite3": true, esbuild: true },
    });
    const readme = read(join(cwd, "My Phone IVR", "README.md"));
    expect(readme).toMatch(/^# my-phone-ivr\n/);
    for (const command of ["npm install", "npm test", "npm start", "npm run validate", "switchboard serve flow.yaml", "webhooks setup"]) expect(readme).toContain(command);
    expect(readme).not.toMatch(/\{\{\w+\}\}/);
  });

  it("makes the handlers project: the flow, typed handlers, a tsconfig and a typecheck script", async () => {
    const cwd = tempDir();
    const result = await runCli(["init", "booking", "--template", "handlers"], { cwd });
    expect(result.code).toBe(0);
    expect(listed(result.stdout)).toEqual([...COMMON, "flow.yaml", "handlers.ts", "test/ivr.test.ts", "tsconfig.json"].sort());
    const pkg = manifest(join(cwd, "booking"));
    expect(pkg.scripts).toMatchObject({ start: "switchboard dev handlers.ts", typecheck: "tsc --noEmit" });
    expect(pkg.devDependencies).toMatchObject({ typescript: expect.any(String), "@types/node": expect.any(String), vitest: expect.any(String) });
    expect(read(join(cwd, "booking", "handlers.ts"))).toContain('export default defineIvr({ flow: "./flow.yaml"');
    expect(read(join(cwd, "booking", "README.md"))).toContain("npm run typecheck");
  });

  it("makes the simple project", async () => {
    const cwd = tempDir();
    const result = await runCli(["init", "support", "--template", "simple"], { cwd });
    expect(result.code).toBe(0);
    expect(listed(result.stdout)).toEqual([...COMMON, "flow.yaml", "test/ivr.test.ts"].sort());
    expect(read(join(cwd, "support", "flow.yaml"))).toContain("Xyz technical support");
  });

  it.each([["restaurant"], ["simple"], ["handlers"]])("writes every file of templates/%s/ (none left behind)", async (template) => {
    const cwd = tempDir();
    const result = await runCli(["init", ".", "--template", template], { cwd });
    const folder = join(repoRoot, "templates", template);
    const inFolder = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const own = inFolder.map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join("/"));
    expect(listed(result.stdout)).toEqual([...COMMON, ...own].sort());
    for (const path of own) expect(read(join(cwd, path)), path).toBe(read(join(folder, path)));
  });

  // The examples are the flows the e2e suites hold to; a template that drifts from its example fails here, not minutes into CI.
  it.each([
    ["restaurant", "examples/restaurant.yaml"],
    ["simple", "examples/simple-ivr.yaml"],
    ["handlers", "examples/booking.yaml"],
  ])("%s's flow is %s but for its comments", (template, example) => {
    expect(parseYaml(read(join(repoRoot, "templates", template, "flow.yaml")))).toEqual(parseYaml(read(join(repoRoot, example))));
  });

  describe("each template's flow passes validate", () => {
    // handlers.ts imports "switchboard-ivr": the project gets this checkout's build in its node_modules, as npm would link it.
    beforeAll(() => assertBuilt());

    it.each([["restaurant"], ["simple"], ["handlers"]])("%s", async (template) => {
      const cwd = tempDir();
      expect((await runCli(["init", "app", "--template", template], { cwd })).code).toBe(0);
      mkdirSync(join(cwd, "app", "node_modules"));
      symlinkSync(repoRoot, join(cwd, "app", "node_modules", "switchboard-ivr"), "dir");
      const result = await runCli(["validate", "--strict", "flow.yaml"], { cwd: join(cwd, "app") });
      expect(result.stdout).toContain("flow.yaml: ok (0 errors, 0 warnings)");
      expect(result.code).toBe(0);
    });
  });

  it("keeps secrets out of the files: .env is ignored, .env.example has the variables with no values", async () => {
    const cwd = tempDir();
    await runCli(["init", "."], { cwd });
    expect(read(join(cwd, ".gitignore")).split("\n")).toEqual(expect.arrayContaining(["node_modules/", ".env"]));
    const example = read(join(cwd, ".env.example"));
    expect(example).toMatch(/^EIGHTX8_API_KEY=$/m);
    expect(example).toMatch(/^EIGHTX8_SUBACCOUNT_ID=$/m);
    expect(example).toContain("SWITCHBOARD_WEBHOOK_AUTH");
  });

  it("writes into the current folder when it is empty, or holds only .git, and prints no cd", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, ".git"));
    const result = await runCli(["init"], { cwd });
    expect(result.code).toBe(0);
    expect(existsSync(join(cwd, "flow.yaml"))).toBe(true);
    expect(result.stdout).not.toContain("cd ");
  });

  it("names the project switchboard-ivr-app in a folder called switchboard-ivr (npm cannot install a package into its namesake)", async () => {
    const cwd = tempDir();
    await runCli(["init", "switchboard-ivr"], { cwd });
    expect(manifest(join(cwd, "switchboard-ivr")).name).toBe("switchboard-ivr-app");
  });

  describe("--package", () => {
    it("writes a relative path as seen from the new project (file:), resolved from where the command ran", async () => {
      const cwd = tempDir();
      mkdirSync(join(cwd, "packs"));
      writeFileSync(join(cwd, "packs", "switchboard-ivr-9.9.9.tgz"), "");
      const result = await runCli(["init", "apps/one", "--package", "packs/switchboard-ivr-9.9.9.tgz"], { cwd });
      expect(result.code).toBe(0);
      expect(manifest(join(cwd, "apps", "one")).dependencies).toEqual({ "switchboard-ivr": "file:../../packs/switchboard-ivr-9.9.9.tgz" });
      expect(result.stdout).toContain("switchboard-ivr file:../../packs/switchboard-ivr-9.9.9.tgz");
    });

    it("takes an absolute path, a file: spec and a folder", async () => {
      const cwd = tempDir();
      await runCli(["init", "a", "--package", repoRoot], { cwd });
      await runCli(["init", "b", "--package", `file:${join(cwd, "a")}`], { cwd });
      expect(manifest(join(cwd, "a")).dependencies["switchboard-ivr"]).toMatch(/^file:(\.\.\/)+.+/);
      expect(manifest(join(cwd, "b")).dependencies["switchboard-ivr"]).toBe("file:../a");
    });

    it.each([
      ["0.2.0", "0.2.0"],
      ["^0.1.0", "^0.1.0"],
      ["next", "next"],
      ["switchboard-ivr@0.3.1", "0.3.1"],
      ["github:acme/switchboard#main", "github:acme/switchboard#main"],
      ["https://example.com/switchboard-ivr-0.1.0.tgz", "https://example.com/switchboard-ivr-0.1.0.tgz"],
    ])("passes the registry or remote spec %s on as %s", async (spec, written) => {
      const cwd = tempDir();
      expect((await runCli(["init", "p", "--package", spec], { cwd })).code).toBe(0);
      expect(manifest(join(cwd, "p")).dependencies["switchboard-ivr"]).toBe(written);
    });

    it("refuses a path that does not exist, naming it, with exit 2 and nothing written", async () => {
      const cwd = tempDir();
      const result = await runCli(["init", "p", "--package", "./missing.tgz"], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`error: --package: ./missing.tgz: no such file or folder (looked for ${join(cwd, "missing.tgz")}); expected a switchboard-ivr folder or a tarball made by npm pack [SB_CLI_FILE_UNREADABLE]\n`);
      expect(existsSync(join(cwd, "p"))).toBe(false);
    });
  });

  describe("refuses", () => {
    it("an unknown template, listing the known ones (exit 2)", async () => {
      const cwd = tempDir();
      const result = await runCli(["init", "x", "--template", "bakery"], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('error: --template: "bakery" is invalid; expected one of restaurant, simple, handlers [SB_CLI_INVALID_FLAG]\n');
      expect(existsSync(join(cwd, "x"))).toBe(false);
    });

    it("a folder that is not empty (exit 2), naming what it holds and touching nothing", async () => {
      const cwd = tempDir();
      mkdirSync(join(cwd, "mine"));
      writeFileSync(join(cwd, "mine", "package.json"), '{"name":"mine"}\n');
      const result = await runCli(["init", "mine"], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("error: mine is not empty (package.json); give init a new folder, or pass --force to write the project's files into it [SB_CLI_INIT_DIR_NOT_EMPTY]\n");
      expect(read(join(cwd, "mine", "package.json"))).toBe('{"name":"mine"}\n');
      expect(existsSync(join(cwd, "mine", "flow.yaml"))).toBe(false);
    });

    it("a file in the folder's place (exit 2)", async () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, "taken"), "");
      const result = await runCli(["init", "taken"], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("taken is a file, not a folder; give init a new folder's name [SB_CLI_INIT_DIR_NOT_EMPTY]");
    });
  });

  it("--force writes into a folder that is not empty: replaces the files of the same names, says so, leaves the others", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "package.json"), '{"name":"old"}\n');
    writeFileSync(join(cwd, "notes.txt"), "keep me\n");
    const result = await runCli(["init", ".", "--force"], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  package.json  (replaced)\n");
    expect(result.stdout).toContain("  flow.yaml\n");
    expect(manifest(cwd).scripts.test).toBe("vitest run");
    expect(read(join(cwd, "notes.txt"))).toBe("keep me\n");
  });

  it("reports a file it cannot write with exit 1, naming the path (a file named test where test/ must go)", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "test"), "");
    const result = await runCli(["init", ".", "--force"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: cannot write ${join(cwd, "test", "ivr.test.ts")}: `);
    expect(result.stderr).toMatch(/ \[SB_CLI_INIT_WRITE_FAILED\]\n$/);
  });

  it("init --help lists the templates with examples", async () => {
    const result = await runCli(["init", "--help"]);
    expect(result.code).toBe(0);
    for (const text of ["Templates:", "restaurant", "simple", "handlers", "Examples:", "switchboard init my-ivr", `default: ^${version}`]) expect(result.stdout).toContain(text);
  });
});
