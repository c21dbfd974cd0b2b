/**
 * `switchboard dev` through the real binary: it starts on free ports and prints how to place a
 * call, and SIGTERM closes everything with exit code 0. Against it, `switchboard dial` and
 * `switchboard sessions` run in process (`run(argv, io)`): a dial plays the restaurant, the
 * printed read token reads the stored session, the webhook secret stays private. A port in use
 * is refused in process too.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli, startCli, tempDir } from "../cli-helpers.js";
import { freePort } from "../free-port.js";
import { repoRoot } from "../shared-files.js";

const binary = resolve(repoRoot, "bin/switchboard.js");

interface Dev {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startDev(args: string[], cwd: string): Dev {
  const child = spawn(process.execPath, [binary, "dev", ...args], { cwd, env: { ...process.env, LOG_LEVEL: "warn" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves when stdout has a `ready` line; rejects if the process exits first or 20 s pass. */
function waitForReady(dev: Dev): Promise<void> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ready line within 20 s; stdout: ${dev.stdout()} stderr: ${dev.stderr()}`)), 20_000);
    const check = () => {
      if (/^ready: /m.test(dev.stdout())) {
        clearTimeout(timer);
        done();
      }
    };
    dev.child.stdout.on("data", check);
    void dev.exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`switchboard dev exited with ${code} before it was ready: ${dev.stderr()}`));
    });
    check();
  });
}

describe("switchboard dev", () => {
  let dev: Dev;
  let port: number;
  let simulatorPort: number;
  let cwd: string;

  beforeAll(async () => {
    assertBuilt();
    cwd = tempDir();
    port = await freePort();
    simulatorPort = await freePort();
    dev = startDev(["--port", String(port), "--simulator-port", String(simulatorPort), "--db", `sqlite:${join(cwd, "dev.db")}`], cwd);
    await waitForReady(dev);
  });

  afterAll(() => {
    if (dev && dev.child.exitCode === null) dev.child.kill("SIGKILL");
  });

  it("prints the server, the simulator and a dial command for the restaurant", () => {
    expect(dev.stdout()).toContain(`IVR server   http://127.0.0.1:${port}`);
    expect(dev.stdout()).toContain(`simulator    http://127.0.0.1:${simulatorPort}`);
    expect(dev.stdout()).toContain(`npx switchboard dial --to +6560000001 --simulator http://127.0.0.1:${simulatorPort} --press 3`);
  });

  it("answers a dialled call with the restaurant's menu, and the hours on 3", async () => {
    const result = await runCli(["dial", "--to", "+6560000001", "--simulator", `http://127.0.0.1:${simulatorPort}`, "--press", "3"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("IVR: Welcome to ABC Restaurant, to book a table press 1");
    expect(result.stdout).toContain("caller presses 3");
    expect(result.stdout).toContain("IVR: Our restaurant hours are between 9AM and 9PM every day of the week.");
    expect(result.stdout).toMatch(/session COMPLETED, 1 leg/);
  });

  it("prints a read token that lists the stored session, and that token is not the webhook secret", async () => {
    const token = /SWITCHBOARD_READ_AUTH=(\S+)/.exec(dev.stdout())?.[1];
    expect(token).toBeDefined();
    const listed = await runCli(["sessions", "--server", `http://127.0.0.1:${port}`, "--json"], { env: { SWITCHBOARD_READ_AUTH: token! } });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { sessions: { status: string }[] }).sessions[0]?.status).toBe("COMPLETED");
    const forged = await fetch(`http://127.0.0.1:${port}/webhooks/vss`, {
      method: "POST",
      headers: { authorization: token!, "content-type": "application/json" },
      body: "{}",
      signal: AbortSignal.timeout(5_000),
    });
    expect(forged.status).toBe(401);
  });

  it("registered all three webhooks on the simulator with an auth header", async () => {
    const response = await fetch(`http://127.0.0.1:${simulatorPort}/api/v1/subaccounts/sandbox/webhooks`, {
      headers: { authorization: "Bearer sandbox-key" },
      signal: AbortSignal.timeout(5_000),
    });
    const { webhooks } = (await response.json()) as { webhooks: { type: string; url: string; httpAuthHeaderAvailable: boolean }[] };
    expect(webhooks.map((w) => [w.type, w.url, w.httpAuthHeaderAvailable]).sort()).toEqual([
      ["VCA", `http://127.0.0.1:${port}/webhooks/vca`, true],
      ["VCS", `http://127.0.0.1:${port}/webhooks/vcs`, true],
      ["VSS", `http://127.0.0.1:${port}/webhooks/vss`, true],
    ]);
  });

  it("refuses a port already in use, naming the flag (exit 1)", async () => {
    const result = await runCli(["dev", "--port", String(port), "--simulator-port", String(await freePort())]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--port: 127.0.0.1:${port} is already in use`);
    const simulatorBusy = await runCli(["dev", "--port", String(await freePort()), "--simulator-port", String(simulatorPort)]);
    expect(simulatorBusy.code).toBe(1);
    expect(simulatorBusy.stderr).toContain(`--simulator-port: 127.0.0.1:${simulatorPort} is already in use`);
  });

  it("closes both on SIGTERM and exits 0", async () => {
    dev.child.kill("SIGTERM");
    expect(await dev.exited).toBe(0);
    expect(dev.stdout()).toMatch(/SIGTERM: closing the simulator and the IVR server\nclosed\n$/);
  });
});

describe("switchboard dev in process", () => {
  it("serves a dial, and closes both when its signal aborts (exit 0)", async () => {
    const cwd = tempDir();
    const [port, simulatorPort] = [await freePort(), await freePort()];
    const dev = startCli(["dev", "--port", String(port), "--simulator-port", String(simulatorPort)], { cwd, env: { LOG_LEVEL: "warn" } });
    try {
      await dev.waitFor(/^ready: /m);
      const dialled = await runCli(["dial", "--to", "+6560000001", "--simulator", `http://127.0.0.1:${simulatorPort}`, "--press", "3"]);
      expect(dialled.stdout).toMatch(/session COMPLETED, 1 leg/);
      // The default --db (sqlite:./switchboard.db) is the run's working directory's.
      expect(existsSync(join(cwd, "switchboard.db"))).toBe(true);
    } finally {
      const result = await dev.stop("SIGINT");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/SIGINT: closing the simulator and the IVR server\nclosed\n$/);
    }
  });
});
