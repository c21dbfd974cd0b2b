/**
 * `switchboard serve` and `switchboard sessions`: the flag checks and a stop in process
 * (`run(argv, io)`), then the two as a user runs them: the real binary, a real port on
 * 127.0.0.1, a SQLite file in a temp folder, SIGTERM. The binary needs dist/ (npm test builds it).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runBinary, runCli, startCli, tempDir } from "./cli-helpers.js";
import { SECRET, vca } from "./fixtures/webhooks.js";
import { repoRoot } from "./shared-files.js";

const restaurant = resolve(repoRoot, "examples/restaurant.yaml");
const binary = resolve(repoRoot, "bin/switchboard.js");

/** Posts a first VCA of `sessionId` to the server at `base`, as the platform would. */
function postVca(base: string, sessionId: string): Promise<Response> {
  return fetch(`${base}/webhooks/vca`, {
    method: "POST",
    headers: { authorization: SECRET, "content-type": "application/json" },
    body: JSON.stringify(vca({ sessionId })),
    signal: AbortSignal.timeout(10_000),
  });
}

describe("switchboard serve flags", () => {
  it.each([
    [["--port", "70000"], "--port: \"70000\""],
    [["--db", "mysql://db"], "--db: \"mysql:\""],
    [["--handler-timeout", "soon"], "--handler-timeout: \"soon\""],
    [["--body-limit", "12"], "--body-limit: \"12\""],
    [["--allow", "not-an-ip"], "--allow: \"not-an-ip\""],
    [["--vca-writes", "later"], "--vca-writes: \"later\""],
    [["--drain-timeout", "soon"], "--drain-timeout: \"soon\" is invalid; expected a duration from 0 to 10m"],
    [["--drain-timeout", "11m"], "--drain-timeout: \"11m\" is invalid"],
  ])("exits 2 naming the flag for %j", async (flags, message) => {
    const result = await runCli(["serve", restaurant, "--insecure", ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("documents --drain-timeout in its help", async () => {
    const result = await runCli(["serve", "--help"]);
    expect(result.code).toBe(0);
    // Help wraps at the terminal's width: compare the words, not the line breaks.
    const help = result.stdout.replace(/\s+/g, " ");
    expect(help).toContain("--drain-timeout <duration> on SIGTERM/SIGINT, how long to keep answering requests on open connections before closing them");
    expect(help).toContain("(default 10s)");
  });

  it("refuses to start without a secret unless --insecure is given", async () => {
    const result = await runCli(["serve", restaurant]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("SWITCHBOARD_WEBHOOK_AUTH");
  });

  it("exits 2 naming the file when the IVR cannot be loaded", async () => {
    const result = await runCli(["serve", "missing.yaml", "--insecure"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing.yaml");
  });
});

describe("switchboard serve in process", () => {
  it("answers on the port it printed, and closes when its signal aborts", async () => {
    const cwd = tempDir();
    const serve = startCli(["serve", restaurant, "--port", "0", "--db", "sqlite:./data/ivr.db"], { cwd, env: { SWITCHBOARD_WEBHOOK_AUTH: SECRET, LOG_LEVEL: "warn" } });
    try {
      const base = (await serve.waitFor(/listening on\s+(\S+)/))[1]!;
      const res = await postVca(base, "in-process-1");
      expect(res.status).toBe(200);
      // The relative --db path is the run's working directory's, not the test process's.
      expect(existsSync(join(cwd, "data/ivr.db"))).toBe(true);
    } finally {
      const result = await serve.stop("SIGTERM");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/SIGTERM: closing the server \(draining open connections for up to 10s\)\n$/);
      expect(result.stdout + result.stderr).not.toContain(SECRET);
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("switchboard serve, then switchboard sessions (the binary)", () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = "";
  let base = "";
  const cwd = tempDir();

  beforeAll(async () => {
    assertBuilt();
    child = spawn(process.execPath, [binary, "serve", restaurant, "--port", "0", "--db", "sqlite:./data/ivr.db", "--vca-writes", "sync"], {
      cwd,
      env: { ...process.env, SWITCHBOARD_WEBHOOK_AUTH: SECRET, LOG_LEVEL: "warn" },
    });
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    // Bounded wait for the banner: 100 × 100 ms.
    for (let i = 0; i < 100 && !/listening on\s+(\S+)/.test(stdout); i++) await new Promise((r) => setTimeout(r, 100));
    base = /listening on\s+(\S+)/.exec(stdout)?.[1] ?? "";
    if (!base) throw new Error(`serve did not start: ${stdout}`);
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(cwd, { recursive: true, force: true });
  });

  it("prints where it listens and the webhook URLs", () => {
    expect(stdout).toContain(`VCA webhook   ${base}/webhooks/vca`);
    expect(stdout).toContain(`VSS webhook   ${base}/webhooks/vss`);
    expect(stdout).toContain("abc-restaurant");
    expect(stdout).not.toContain(SECRET);
    expect(existsSync(join(cwd, "data/ivr.db"))).toBe(true);
  });

  it("answers a VCA, and sessions / sessions show read it back", async () => {
    const res = await postVca(base, "cli-session-1");
    expect(res.status).toBe(200);

    const env = { SWITCHBOARD_WEBHOOK_AUTH: SECRET };
    const list = await runBinary(["sessions", "--server", base], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/cli-session-1\s+ACTIVE\s+INBOUND/);

    const shown = await runBinary(["sessions", "show", "cli-session-1", "--server", base, "--json"], { env });
    expect(shown.code).toBe(0);
    const detail = JSON.parse(shown.stdout) as { timeline: { kind: string }[] };
    expect(detail.timeline.map((t) => t.kind)).toEqual(["vca", "answer"]);

    const refused = await runBinary(["sessions", "--server", base], { env: { SWITCHBOARD_WEBHOOK_AUTH: "wrong" } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("SWITCHBOARD_READ_AUTH");
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
