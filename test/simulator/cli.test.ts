/**
 * `switchboard simulator` and `switchboard dial` in process (`run(argv, io)`): the simulator
 * started as a long-running command and stopped through its signal, `dial` against it with a
 * bare node:http receiver playing the IVR, exit codes for ERROR sessions and bad flags. The
 * binary's own help and exit codes are covered in test/cli-*.test.ts and test/e2e/dev-cli.test.ts;
 * here it is run once, to show that Ctrl-C still ends a command that does not wait for a stop.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli, startCli, type CliResult, type RunningCli } from "../cli-helpers.js";
import { repoRoot } from "../shared-files.js";
import { restaurant } from "./menu-app.js";
import { startReceiver, type Receiver } from "./receiver.js";

function cli(args: string[]): Promise<CliResult> {
  return runCli(args, { cwd: repoRoot });
}

let simulator: { command: RunningCli; url: string };
let receiver: Receiver;

async function register(type: string, url: string | null) {
  const base = `${simulator.url}/api/v1/subaccounts/sandbox/webhooks`;
  const headers = { authorization: "Bearer sandbox-key", "content-type": "application/json" };
  const response = url === null ? await fetch(`${base}/${type}`, { method: "DELETE", headers: { authorization: headers.authorization } }) : await fetch(base, { method: "POST", headers, body: JSON.stringify({ type, url }) });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  receiver = await startReceiver({ vca: restaurant });
  const command = startCli(["simulator", "--port", "0"], { cwd: repoRoot });
  simulator = { command, url: (await command.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]! };
  await register("VCA", receiver.url("/vca"));
  await register("VSS", receiver.url("/vss"));
});

afterAll(async () => {
  await simulator?.command.stop("SIGTERM");
  await receiver?.close();
});

describe("switchboard simulator", () => {
  it("documents its flags in --help", async () => {
    const result = await cli(["simulator", "--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--port", "--host", "--config", "--clock", "--max-calls-per-second", "--max-concurrent-calls"]) expect(result.stdout).toContain(flag);
  });

  it.each([
    [["simulator", "--port", "99999"], /--port: "99999" is invalid/],
    [["simulator", "--clock", "fast"], /--clock: "fast" is invalid/],
    [["simulator", "--max-calls-per-second", "0"], /--max-calls-per-second: "0" is invalid; expected a whole number from 1 to 100000/],
    [["simulator", "--max-concurrent-calls", "many"], /--max-concurrent-calls: "many" is invalid/],
    [["simulator", "--config", "/nonexistent/sim.yaml"], /cannot read the config file/],
  ])("exits 2 for %j", async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("applies --max-calls-per-second and --max-concurrent-calls: a second call in the same second gets 429", async () => {
    const limited = startCli(["simulator", "--port", "0", "--max-calls-per-second", "1", "--max-concurrent-calls", "5"], { cwd: repoRoot });
    try {
      const url = (await limited.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
      await limited.waitFor(/limits per subaccount: 1 calls\/s \(then 429\), 5 concurrent calls/);
      const send = () =>
        fetch(`${url}/api/v1/subaccounts/sandbox/callflows`, {
          method: "POST",
          headers: { authorization: "Bearer sandbox-key", "content-type": "application/json" },
          body: JSON.stringify({ callflow: [{ action: "makeCall", params: { source: "+6560000001", destination: "+6591112222" } }, { action: "hangup" }] }),
        });
      const started = Date.now();
      const statuses = [(await send()).status, (await send()).status];
      // The window is one second of the real clock: only a machine stalled that long lets both in.
      if (Date.now() - started < 1_000) expect(statuses).toEqual([200, 429]);
      else expect(statuses[0]).toBe(200);
    } finally {
      await limited.stop("SIGTERM");
    }
  });

  it("exits 2 naming the field for an invalid config file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sim-config-")), "sim.yaml");
    writeFileSync(file, "subaccounts:\n  - id: acme\n    apiKeys: [k]\n    numbers: [{ msisdn: nope, referenceId: r }]\n");
    const result = await cli(["simulator", "--config", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('subaccounts[0].numbers[0].msisdn: "nope" is invalid; expected an E.164 number');
  });
});

describe("switchboard dial", () => {
  it("prints the call as a person reads it", async () => {
    const result = await cli(["dial", "--to", "+6560000001", "--press", "1", "--simulator", simulator.url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("call from +6591234567 to +6560000001");
    expect(result.stdout).toContain("IVR: Welcome to ABC Restaurant. Press 1 for reservations, 2 for opening hours.");
    expect(result.stdout).toContain("caller presses 1");
    expect(result.stdout).toContain("bridged to +6590000002");
    expect(result.stdout).toMatch(/session COMPLETED, 2 legs, \d+ s\n$/);
  });

  it("prints the session as JSON with --json", async () => {
    const result = await cli(["dial", "--to", "+6560000001", "--from", "+6598765432", "--press", "-", "--press", "2", "--simulator", simulator.url, "--json"]);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout);
    expect(view.pressed).toEqual(["2"]);
    expect(view.summary).toMatchObject({ sessionStatus: "COMPLETED", callCount: 1, lastAction: "HANGUP" });
    expect(view.vss.payload.details.callA.source).toBe("+6598765432");
  });

  it("exits 1 when the session ended in ERROR", async () => {
    await register("VCA", null);
    try {
      const result = await cli(["dial", "--to", "+6560000001", "--simulator", simulator.url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/session ERROR, 1 leg, 0 s \(-2002 /);
      expect(result.stderr).toMatch(/ended in ERROR/);
    } finally {
      await register("VCA", receiver.url("/vca"));
    }
  });

  it.each([
    [["dial"], /required option '--to <number>'/],
    [["dial", "--to", "12"], /--to: "12" is invalid/],
    [["dial", "--to", "+6560000001", "--press", "abc"], /--press: "abc" is invalid/],
    [["dial", "--to", "+6560000001", "--simulator", "not a url"], /--simulator: "not a url" is invalid/],
  ])("exits 2 for bad flags %j", async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("exits 2 when the number is not a virtual number of the simulator", async () => {
    const result = await cli(["dial", "--to", "+6560000009", "--simulator", simulator.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/to: "\+6560000009" is invalid; expected a virtual number/);
  });

  it("exits 1 with a hint when no simulator is running there", async () => {
    const closed = await startReceiver();
    const url = closed.url("");
    await closed.close();
    const result = await cli(["dial", "--to", "+6560000001", "--simulator", url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach the simulator .*switchboard simulator/);
  });
});

describe("stopping switchboard simulator", () => {
  it("closes when its signal aborts, and exits 0", async () => {
    const result = await simulator.command.stop("SIGINT");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`switchboard simulator listening on ${simulator.url} (clock: instant)`);
    await expect(fetch(`${simulator.url}/_sim/health`, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
  });
});

describe("switchboard dial, the binary", () => {
  it("ends at once on SIGINT while it waits for a simulator that never answers", async () => {
    assertBuilt();
    const held = new Set<Socket>();
    const silent = createServer((socket) => void held.add(socket)); // accepts connections, never answers
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const child = spawn(process.execPath, [resolve(repoRoot, "bin/switchboard.js"), "dial", "--to", "+6560000001", "--simulator", url], { stdio: "ignore" });
      const exited = new Promise<NodeJS.Signals | null>((done) => child.once("exit", (_code, signal) => done(signal)));
      // Long enough for the binary to start and send its request: bounded, not a guess at an event.
      await new Promise((done) => setTimeout(done, 1_000));
      child.kill("SIGINT");
      expect(await exited).toBe("SIGINT");
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });
});
