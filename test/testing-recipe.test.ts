/**
 * docs/testing.md's node:test recipe, run verbatim in a project where switchboard-ivr is
 * installed by path (`npm install ../switchboard-ivr`: a link to the package, whose dependencies
 * stay in its own folder). The JavaScript recipe needs nothing more; the TypeScript one works
 * once tsx is in the project, as the page says, and not before (which is why it says so).
 * Runs the build (dist/), as an installed package does.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, tempDir } from "./cli-helpers.js";
import { repoRoot } from "./shared-files.js";

const page = readFileSync(resolve(repoRoot, "docs/testing.md"), "utf8");
const section = page.slice(page.indexOf("## The same with node:test"), page.indexOf("## What to test against"));
/** The fenced blocks of the section, in order, by language. */
const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
const recipe = blocks.find((b) => b.lang === "js")!.text;
const commands = blocks.filter((b) => b.lang === "sh").flatMap((b) => b.text.trim().split("\n"));

/** Runs one documented `node ...` command line in the project, with this Node. */
function node(commandLine: string, cwd: string): Promise<{ code: number; output: string }> {
  const [program, ...args] = commandLine.trim().split(/\s+/);
  expect(program).toBe("node");
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? "" }, timeout: 120_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr });
    });
  });
}

let project: string;
beforeAll(() => {
  assertBuilt();
  project = tempDir();
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-ivr", private: true, type: "module", dependencies: { "switchboard-ivr": `file:${repoRoot}` } }));
  mkdirSync(join(project, "node_modules"));
  symlinkSync(repoRoot, join(project, "node_modules", "switchboard-ivr"), "dir");
  mkdirSync(join(project, "examples"));
  copyFileSync(resolve(repoRoot, "examples/restaurant.yaml"), join(project, "examples", "restaurant.yaml"));
  mkdirSync(join(project, "test"));
});

/** node --test's count of passed tests on a pipe: TAP's `# pass 1` up to Node 22, `ℹ pass 1` from Node 24's default reporter. */
const PASSED_ONE = /^(?:#|ℹ) pass 1$/m;

describe("docs/testing.md, node:test, with switchboard-ivr installed by path", () => {
  it("documents a JavaScript file and the command that runs it, and nothing else to install for it", () => {
    expect(recipe).toContain('from "switchboard-ivr/testing"');
    expect(commands).toContain("node --test test/ivr.test.mjs");
    expect(commands).toContain("npm install --save-dev tsx");
  });

  it("passes in JavaScript with nothing but the package", async () => {
    writeFileSync(join(project, "test", "ivr.test.mjs"), recipe);
    const result = await node("node --test test/ivr.test.mjs", project);
    expect(result.output).toMatch(PASSED_ONE);
    expect(result.code).toBe(0);
  });

  it("passes in TypeScript once tsx is in the project, and says it cannot find tsx before", async () => {
    const typed = recipe
      .replace('import { startTestPlatform } from "switchboard-ivr/testing";', 'import { startTestPlatform, type TestPlatform } from "switchboard-ivr/testing";')
      .replace("let platform;", "let platform: TestPlatform;");
    expect(typed).toContain("let platform: TestPlatform;");
    writeFileSync(join(project, "test", "ivr.test.ts"), typed);
    const command = commands.find((c) => c.includes("ivr.test.ts"))!;
    const without = await node(command, project);
    expect(without.code).not.toBe(0);
    expect(without.output).toContain("Cannot find package 'tsx'");
    // What `npm install --save-dev tsx` leaves behind: tsx in the project's own node_modules.
    symlinkSync(resolve(repoRoot, "node_modules/tsx"), join(project, "node_modules", "tsx"), "dir");
    const withTsx = await node(command, project);
    expect(withTsx.output).toMatch(PASSED_ONE);
    expect(withTsx.code).toBe(0);
  });
});
