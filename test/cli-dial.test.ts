/**
 * Rough edges of `switchboard dial` found in a trial (issue 13), run in process through
 * `run(argv, io)` against the real simulator and our real server on loopback
 * (`startTestPlatform`): the simulator's URL from the environment and `.env`; answers the server
 * marked as its fallback shown with their reason, `--fail-on-fallback` exiting 1; running out of
 * tries heard as the default goodbye, not as a fallback; an unknown `--to` named as the flag,
 * with the numbers that would work.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../src/testing/index.js";
import { runCli, tempDir } from "./cli-helpers.js";
import { deadUrl } from "./free-port.js";

const dir = mkdtempSync(join(tmpdir(), "switchboard-dial-"));
writeFileSync(join(dir, "handlers.mjs"), 'export default { handlers: { broken: async () => { throw new Error("database down"); } } };\n');
writeFileSync(
  join(dir, "ivr.yaml"),
  `version: 1
entry: main
handlers: ./handlers.mjs
fallback:
  say: Sorry, we are having technical difficulties. Please call again later.
defaults:
  onInvalid: { replay: 1, say: "Sorry, that is not one of the choices." }
  onNoInput: { then: hangup }
menus:
  main:
    prompt: Press 1 for hours, 2 to check a booking.
    options:
      "1": { say: We are open 9 to 5. }
      "2": { handler: broken, then: hangup }
`,
);

const MAIN = "IVR: Press 1 for hours, 2 to check a booking.";
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ flow: join(dir, "ivr.yaml") });
});
afterAll(async () => {
  await platform?.close();
});

const dial = (args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) => runCli(["dial", "--to", "+6560000001", ...args], options);

describe("dial's simulator URL", () => {
  it("comes from SWITCHBOARD_SIMULATOR_URL in the environment", async () => {
    const result = await dial(["--press", "1"], { env: { SWITCHBOARD_SIMULATOR_URL: platform.simulatorUrl } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("IVR: We are open 9 to 5.");
  });

  it("comes from SWITCHBOARD_SIMULATOR_URL in .env when the environment has none", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, ".env"), `SWITCHBOARD_SIMULATOR_URL=${platform.simulatorUrl}\n`);
    const result = await dial(["--press", "1"], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("IVR: We are open 9 to 5.");
  });

  it("comes from --simulator before the environment", async () => {
    const result = await dial(["--press", "1", "--simulator", platform.simulatorUrl], { env: { SWITCHBOARD_SIMULATOR_URL: "http://127.0.0.1:1" } });
    expect(result.code).toBe(0);
  });

  it("names the variable it came from when it is not a URL, or not reachable", async () => {
    const invalid = await dial([], { env: { SWITCHBOARD_SIMULATOR_URL: "not a url" } });
    expect(invalid).toMatchObject({ code: 2, stderr: 'error: SWITCHBOARD_SIMULATOR_URL: "not a url" is invalid; expected a URL such as http://127.0.0.1:8088 [SB_CLI_INVALID_URL]\n' });
    const dead = await deadUrl();
    const unreachable = await dial([], { env: { SWITCHBOARD_SIMULATOR_URL: dead } });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`cannot reach the simulator at ${dead} (from SWITCHBOARD_SIMULATOR_URL) (ECONNREFUSED)`);
  });
});

describe("dial after a handler threw", () => {
  it("marks the fallback answer and its reason, and counts it in the closing line (exit 0 without --fail-on-fallback)", async () => {
    const result = await dial(["--press", "2", "--simulator", platform.simulatorUrl]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "call from +6591234567 to +6560000001",
      MAIN,
      "caller presses 2",
      "IVR answers with its fallback (error: the app threw while answering)",
      "IVR: Sorry, we are having technical difficulties. Please call again later.",
      "IVR hangs up",
    ]);
    expect(lines[6]).toMatch(/^session COMPLETED, 1 leg, \d+ s; 1 fallback answer \(error\)$/);
  });

  it("exits 1 with --fail-on-fallback, naming the reason", async () => {
    const result = await dial(["--press", "2", "--simulator", platform.simulatorUrl, "--fail-on-fallback"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: session \S+: the IVR answered 1 VCA with its fallback \(error\); the server's log says why \[SB_CLI_FALLBACK_ANSWERED\]\n$/);
  });

  it("keeps the mark in the transcript of --json: the VCA delivery's fallback field", async () => {
    const result = await dial(["--press", "2", "--simulator", platform.simulatorUrl, "--json"]);
    const view = JSON.parse(result.stdout) as { transcript: { kind: string; type?: string; fallback?: string }[] };
    const vcas = view.transcript.filter((e) => e.kind === "webhook" && e.type === "VCA");
    expect(vcas.map((e) => e.fallback ?? null)).toEqual([null, "error"]);
  });

  it("passes --fail-on-fallback when no answer was a fallback", async () => {
    const result = await dial(["--press", "1", "--simulator", platform.simulatorUrl, "--fail-on-fallback"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("fallback");
  });
});

describe("wrong input after the last replay", () => {
  it("ends with the default goodbye, not the technical-difficulties fallback, and is no fallback answer", async () => {
    const result = await dial(["--press", "9", "--press", "9", "--simulator", platform.simulatorUrl, "--fail-on-fallback"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n").slice(0, 9)).toEqual([
      "call from +6591234567 to +6560000001",
      MAIN,
      "caller presses 9",
      "IVR: Sorry, that is not one of the choices.",
      MAIN,
      "caller presses 9",
      "IVR: Sorry, that is not one of the choices.",
      "IVR: Sorry, we didn't get that. Goodbye.",
      "IVR hangs up",
    ]);
    expect(result.stdout).not.toContain("technical difficulties");
  });
});

describe("dial --to with a number the simulator does not have", () => {
  it("names --to, as typed, and lists the virtual numbers that would work (exit 2)", async () => {
    const result = await runCli(["dial", "--to", "+6560009999", "--simulator", platform.simulatorUrl]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe('error: --to: "+6560009999" is invalid; expected a virtual number of a configured subaccount: +6560000001 [SB_CLI_CALL_REFUSED]\n');
  });
});
