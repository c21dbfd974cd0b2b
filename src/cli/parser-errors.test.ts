import { describe, expect, it } from "vitest";
import { run } from "./run.js";

/** Runs the CLI in process with captured output. */
async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, { stdout: { write: (t: string) => void (stdout += t) }, stderr: { write: (t: string) => void (stderr += t) }, env: {}, cwd: process.cwd() });
  return { code, stdout, stderr };
}

describe("the command parser's own refusals", () => {
  it.each([
    [["webhooks", "list", "--no-such-flag"], "unknown option '--no-such-flag'"],
    [["serve"], "missing required argument 'ivr'"],
    [["no-such-command"], "unknown command 'no-such-command'"],
  ])("exit 2 for %j, naming the problem and ending with a code to look up", async (argv, problem) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(problem);
    expect(result.stderr).toMatch(/\[SB_CLI_INVALID_FLAG\]\n/);
  });

  it("prints help without a code", async () => {
    const result = await cli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: switchboard");
    expect(result.stdout + result.stderr).not.toContain("SB_CLI_");
  });
});
