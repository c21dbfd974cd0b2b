/**
 * What a user of the published package gets from `switchboard init`: the package is packed as
 * npm would publish it (`npm pack`, which builds dist/), `init --package <tarball>` makes each
 * template's project in a temp folder, `npm install` installs it from the registry as a user's
 * would (better-sqlite3 compiles from source here: minutes), and the project's own scripts pass:
 * `npm test` (its vitest test calling the IVR through switchboard-ivr/testing), `npm run
 * validate`, and `npm run typecheck` where the template has one.
 *
 * Minutes, not seconds, so `npm test` leaves it out (vitest.config.ts): `npm run test:scaffold`
 * runs it alone, as .ci/run does on Node 24.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBinary } from "./cli-helpers.js";
import { repoRoot } from "./shared-files.js";

const MINUTES = 60_000;
const temp = mkdtempSync(join(tmpdir(), "switchboard-scaffold-"));
const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
let tarball = "";

interface Run {
  code: number;
  output: string;
}

/**
 * The environment for a user's npm: ours, minus what `npm run` and vitest add for their own
 * children (npm_package_*, npm_lifecycle_*, npm_config_local_prefix pointing at this repo,
 * VITEST*, FORCE_COLOR), and colour off so the output reads as text. npm_config_nodedir stays:
 * scripts/with-node.sh sets it so native modules build against the Node that runs them.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [key, value] of Object.entries(process.env)) {
    const npmOwn = key.startsWith("npm_") && !/^npm_config_(nodedir|cache|userconfig|globalconfig|registry)$/.test(key);
    if (!npmOwn && !key.startsWith("VITEST") && !["INIT_CWD", "NODE_ENV", "FORCE_COLOR"].includes(key)) env[key] = value;
  }
  return env;
}

function npm(args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((done) => {
    execFile("npm", args, { cwd, env: userEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      // Colour codes stripped in case a tool forces them anyway.
      done({ code, output: stripVTControlCharacters(`${stdout}${stderr}`) });
    });
  });
}

/** The run's output on failure, so a red CI log says what npm said. */
function expectOk(run: Run, what: string): void {
  expect(run.code, `${what} failed:\n${run.output}`).toBe(0);
}

beforeAll(async () => {
  // `npm pack` runs prepare (the build) as `npm publish` would, so dist/ and the binary below are current.
  expectOk(await npm(["pack", "--pack-destination", temp], repoRoot, 5 * MINUTES), "npm pack");
  tarball = join(temp, readdirSync(temp).find((name) => name.endsWith(".tgz"))!);
}, 6 * MINUTES);

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe("switchboard init, from the packed package", () => {
  it.each([["restaurant"], ["simple"], ["handlers"]])(
    "makes a %s project whose own install, tests and checks pass",
    async (template) => {
      const project = join(temp, `${template}-ivr`);
      const made = await runBinary(["init", `${template}-ivr`, "--template", template, "--package", tarball], { cwd: temp });
      expect(made, made.stderr).toMatchObject({ code: 0 });
      expect(JSON.parse(readFileSync(join(project, "package.json"), "utf8")).dependencies).toEqual({ "switchboard-ivr": `file:../${basename(tarball)}` });

      const install = await npm(["install", "--no-audit", "--no-fund"], project, 20 * MINUTES);
      expectOk(install, "npm install");
      // allowScripts in the project's package.json covers the two install scripts it needs.
      expect(install.output).not.toMatch(/install-scripts\s+(better-sqlite3|esbuild)@/);

      const test = await npm(["test"], project, 5 * MINUTES);
      expectOk(test, "npm test");
      expect(test.output).toMatch(/Tests\s+\d+ passed/);
      expect(test.output).not.toMatch(/failed|skipped/);

      const validate = await npm(["run", "validate"], project, 2 * MINUTES);
      expectOk(validate, "npm run validate");
      expect(validate.output).toContain("flow.yaml: ok (0 errors, 0 warnings)");

      // The binary the project runs is the packed package's own.
      expect((await npm(["exec", "--", "switchboard", "--version"], project, MINUTES)).output).toMatch(new RegExp(`^${version}$`, "m"));
      if (template === "handlers") expectOk(await npm(["run", "typecheck"], project, 3 * MINUTES), "npm run typecheck");
    },
    30 * MINUTES,
  );
});
