/**
 * `switchboard load` through the CLI's entry (`run(argv, io)` in process): simulated calls through
 * a flow it runs itself and through a server already running (`--url`), with the report's counts
 * checked against what the callers were scripted to do; and the refusals of bad flags and press
 * scripts, each naming what is wrong (exit 2).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoadReport } from "../src/cli/load-report.js";
import { generateSecret, startIvrServer, type IvrServer } from "../src/server/index.js";
import { runCli, tempDir } from "./cli-helpers.js";

/** 1 hears the hours and the IVR hangs up; 2 is transferred; 9 calls a handler that throws (the fallback answers). */
const SHOP = `version: 1
name: shop
entry: main
handlers: ./handlers.mjs
defaults: { voiceProfile: en-US-BenjaminRUS }
menus:
  main:
    prompt: Press 1 for our hours, 2 for an agent.
    options:
      "1": { say: "We are open 9 to 5." }
      "2": { transfer: "+6561115777" }
      "9": { handler: broken, then: hangup }
`;
const HANDLERS = `export const handlers = { broken() { throw new Error("the booking system is down"); } };\n`;

const CALLERS = `callers:
  - name: hours
    press: ["1"]
    weight: 3
  - name: agent
    press: ["2"]
    weight: 2
`;

let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeFileSync(join(dir, "shop.yaml"), SHOP);
  writeFileSync(join(dir, "handlers.mjs"), HANDLERS);
  writeFileSync(join(dir, "callers.yaml"), CALLERS);
});

const load = (args: string[], env: Record<string, string> = {}) => runCli(["load", ...args], { cwd: dir, env });

describe("switchboard load <flow>", () => {
  it("places 50 calls by the press script's weights and reports each caller's outcomes, no summary lost", async () => {
    const result = await load(["shop.yaml", "--calls", "50", "--concurrency", "10", "--press-script", "callers.yaml", "--json"]);
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as LoadReport;
    expect(report).toMatchObject({
      target: "shop.yaml",
      calls: 50,
      concurrency: 10,
      vcaFailed: 0,
      fallbacks: { count: 0, countedBy: "server metrics" },
      outcomes: { COMPLETED: 50 },
      summaries: { acknowledged: 50, lost: 0, lostBecause: {} },
      unfinished: 0,
    });
    expect(report.callers).toEqual([
      { name: "hours", press: ["1"], calls: 30, outcomes: { COMPLETED: 30 } },
      { name: "agent", press: ["2"], calls: 20, outcomes: { COMPLETED: 20 } },
    ]);
    // Every call posts at least two VCAs (the call, then the key): each answer was timed.
    expect(report.answerLatencyMs.answers).toBeGreaterThanOrEqual(100);
    expect(report.answerLatencyMs.p50).toBeLessThanOrEqual(report.answerLatencyMs.p99!);
    expect(report.callsPerSecond).toBeGreaterThan(0);
  });

  it("counts the VCAs the server answered with its fallback", async () => {
    const result = await load(["shop.yaml", "--calls", "6", "--concurrency", "3", "--press", "9", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as LoadReport;
    expect(report.fallbacks).toEqual({ count: 6, countedBy: "server metrics" });
    expect(report.summaries).toEqual({ acknowledged: 6, lost: 0, lostBecause: {} });
  });

  it("prints a report for people, and progress on stderr", async () => {
    const result = await load(["shop.yaml", "--calls", "20", "--concurrency", "5", "--press", "1"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^switchboard load: 20 calls to shop\.yaml, 5 at a time\n {2}calls {12}20 in [\d.]+ s = [\d.]+ calls\/s\n/);
    expect(result.stdout).toMatch(/^ {2}answer latency {3}p50 [\d.]+ ms, p99 [\d.]+ ms \(VCA post to answer, \d+ answers\)$/m);
    expect(result.stdout).toContain("  fallbacks        0 (counted by the server metrics)\n");
    expect(result.stdout).toContain("  outcomes         COMPLETED 20\n");
    expect(result.stdout).toContain("  summaries        20 acknowledged, 0 lost\n");
    expect(result.stderr).toMatch(/^load: 20\/20 calls \(100%\), \d+ calls\/s$/m);
  });

  it("without --press, its callers take the paths dev suggests, in turn", async () => {
    const result = await load(["shop.yaml", "--calls", "6", "--concurrency", "2", "--json"]);
    const report = JSON.parse(result.stdout) as LoadReport;
    expect(report.callers.map((c) => [c.name, c.calls])).toEqual([
      ["1", 2],
      ["2", 2],
      ["9", 2],
    ]);
  });
});

describe("switchboard load --url", () => {
  let server: IvrServer;
  const secret = generateSecret();

  beforeAll(async () => {
    server = await startIvrServer({ flow: join(dir, "shop.yaml"), authHeader: secret });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("calls a server already running with the secret from SWITCHBOARD_WEBHOOK_AUTH; its summaries are stored", async () => {
    const result = await load(["--url", server.url, "--calls", "12", "--concurrency", "4", "--press", "1", "--json"], { SWITCHBOARD_WEBHOOK_AUTH: secret });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as LoadReport;
    expect(report).toMatchObject({ target: server.url, outcomes: { COMPLETED: 12 }, summaries: { acknowledged: 12, lost: 0 }, fallbacks: { countedBy: "x-switchboard-fallback header" } });
    const stored = await server.store.listSessions({ limit: 50 });
    expect(stored.sessions.filter((s) => s.status === "COMPLETED")).toHaveLength(12);
  });

  it("takes the VCA webhook URL itself, and finds the VSS one beside it", async () => {
    const result = await load(["--url", `${server.url}/webhooks/vca`, "--calls", "2", "--press", "1", "--json"], { SWITCHBOARD_WEBHOOK_AUTH: secret });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as LoadReport).summaries.acknowledged).toBe(2);
  });

  it("counts the answers a Switchboard server marks as its fallback", async () => {
    const result = await load(["--url", server.url, "--calls", "3", "--press", "9", "--json"], { SWITCHBOARD_WEBHOOK_AUTH: secret });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as LoadReport).fallbacks).toEqual({ count: 3, countedBy: "x-switchboard-fallback header" });
  });

  it("exits 1 when the server refused the summaries, saying how (a wrong secret: HTTP 401)", async () => {
    const result = await load(["--url", server.url, "--calls", "3", "--press", "1"], { SWITCHBOARD_WEBHOOK_AUTH: "not-the-secret" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  summaries        0 acknowledged, 3 lost (their last VSS delivery: HTTP 401 ×3)\n");
    expect(result.stdout).toContain("  VCAs failed      3 (not answered with a 2xx within 5 s)\n");
    expect(result.stderr).toContain("error: 3 of 3 summaries were lost (never acknowledged with a 2xx): see the report above [SB_CLI_LOAD_LOST_SUMMARIES]");
    expect(result.stdout + result.stderr).not.toContain("not-the-secret");
  });
});

describe("switchboard load refuses", () => {
  it.each([
    [["shop.yaml", "--calls", "0"], '--calls: "0" is invalid; expected a number of calls from 1 to 100,000 [SB_CLI_INVALID_FLAG]'],
    [["shop.yaml", "--calls", "100001"], '--calls: "100001" is invalid; expected a number of calls from 1 to 100,000 [SB_CLI_INVALID_FLAG]'],
    [["shop.yaml", "--concurrency", "1001"], '--concurrency: "1001" is invalid; expected a number of calls from 1 to 1,000 [SB_CLI_INVALID_FLAG]'],
    [["shop.yaml", "--press", "1x"], '--press: "1x" is invalid; expected keys 0-9 * # (with "," for a 1 s pause), or "-" to stay silent [SB_CLI_INVALID_FLAG]'],
    [[], "load: give a flow file to run, or --url of an IVR server already running [SB_CLI_INVALID_FLAG]"],
    [["shop.yaml", "--url", "http://127.0.0.1:3000"], "--url: a flow (shop.yaml) is given as well; drop one of them [SB_CLI_CONFLICTING_FLAGS]"],
    [["shop.yaml", "--press", "1", "--press-script", "callers.yaml"], "--press: --press-script is given as well; drop one of them [SB_CLI_CONFLICTING_FLAGS]"],
    [["--url", "ftp://example.test"], '--url: "ftp://example.test" is invalid; expected an http:// or https:// URL [SB_CLI_INVALID_URL]'],
    [["--url", "http://127.0.0.1:3000/hooks"], '--url: "http://127.0.0.1:3000/hooks" does not end in vca, so the VSS webhook cannot be derived from it; give --vss-url too [SB_CLI_MISSING_URL]'],
    [["shop.yaml", "--press-script", "missing.yaml"], "--press-script: cannot read missing.yaml: ENOENT [SB_CLI_FILE_UNREADABLE]"],
    [["nowhere.yaml"], "cannot start the IVR server for nowhere.yaml"],
  ])("%j (exit 2)", async (args, message) => {
    const result = await load(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });

  it.each([
    ["press: [1, 1x]", 'bad.yaml: press[1]: "1x" is invalid; expected keys 0-9 * #'],
    ["callers: []", "bad.yaml: callers: a list is invalid; expected a list of 1 to 100 callers"],
    ["callers:\n  - press: ['1']\n    weight: 0", "bad.yaml: callers[0].weight: 0 is invalid; expected a whole number from 1 to 1000"],
    ["callers:\n  - weight: 2", "bad.yaml: callers[0].press: missing; expected a list of key entries"],
    ["callers:\n  - press: ['1']\n    wieght: 2", "bad.yaml: callers[0].wieght: unknown field; expected press, weight or name"],
    ["callers:\n  - press: ['1']\n  - press: ['1']", 'bad.yaml: callers[1].name: "1" is used twice; give each caller its own name'],
    ["press: ['1']\ncallers: []", "bad.yaml: press and callers are both given; expected one of them"],
    ["- 1\n- 2", "bad.yaml: the script is a list; expected a mapping with press: [...] or callers: [...]"],
    ["press: [", "bad.yaml: not valid YAML or JSON"],
  ])("a press script %j, naming the field (exit 2)", async (text, message) => {
    writeFileSync(join(dir, "bad.yaml"), text);
    const result = await load(["shop.yaml", "--press-script", "bad.yaml", "--calls", "1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("[SB_CLI_BAD_PRESS_SCRIPT]");
  });
});
