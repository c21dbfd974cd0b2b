/**
 * `switchboard serve` stopped by SIGTERM while the platform holds connections open (issue 11,
 * defect 3), with the real binary: a VCA on an open keep-alive connection after the signal still
 * gets its callflow, told `Connection: close`; the request in flight is answered; the process
 * exits 0. The binary needs dist/ (npm test builds it). Also `dev --drain-timeout`, in process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli, tempDir } from "./cli-helpers.js";
import { SECRET, vca } from "./fixtures/webhooks.js";
import { connect } from "./raw-http.js";
import { repoRoot } from "./shared-files.js";

const binary = resolve(repoRoot, "bin/switchboard.js");

/**
 * A handlers module whose VCA for session "held" waits until a VCA for session "release" comes:
 * a request in flight that the test controls across the stop. It says on stderr when it waits.
 */
const HELD_HANDLER = `
let release;
const held = new Promise((resolve) => (release = resolve));
const answer = (text) => ({ callflow: [{ action: "say", params: { text, voiceProfile: "en-US-BenjaminRUS" } }, { action: "hangup" }] });
export default async function handler(event) {
  if (event.sessionId === "held") {
    console.error("handler: holding the held session");
    await held;
    return answer("You were held.");
  }
  if (event.sessionId === "release") release();
  return answer("Hello " + event.sessionId + ".");
}
`;

/** Bounded wait (200 × 50 ms) until `read()` matches `pattern`. */
async function waitFor(read: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 200 && !pattern.test(read()); i++) await new Promise((r) => setTimeout(r, 50));
  if (!pattern.test(read())) throw new Error(`no ${pattern} in: ${read()}`);
}

describe("switchboard serve, SIGTERM with open keep-alive connections (the binary)", () => {
  let child: ChildProcessWithoutNullStreams;
  let stdout = "";
  let stderr = "";
  let base = "";
  const cwd = tempDir();

  beforeAll(async () => {
    assertBuilt();
    writeFileSync(join(cwd, "held.mjs"), HELD_HANDLER);
    child = spawn(process.execPath, [binary, "serve", "held.mjs", "--port", "0", "--db", "sqlite:./ivr.db", "--handler-timeout", "60000", "--drain-timeout", "30s"], {
      cwd,
      env: { ...process.env, SWITCHBOARD_WEBHOOK_AUTH: SECRET, LOG_LEVEL: "info" },
    });
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(() => stdout, /listening on\s+(\S+)/);
    base = /listening on\s+(\S+)/.exec(stdout)![1]!;
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(cwd, { recursive: true, force: true });
  });

  it("answers the request in flight and a VCA on an open connection after SIGTERM, each with Connection: close, then exits 0", async () => {
    const auth = { authorization: SECRET };
    const [inFlight, open] = await Promise.all([connect(base), connect(base)]);
    // The open connection has carried a request and sits idle, kept alive, as a platform's pool does.
    expect((await open.request("POST", "/webhooks/vca", vca({ sessionId: "before" }), auth)).status).toBe(200);
    const heldAnswer = inFlight.request("POST", "/webhooks/vca", vca({ sessionId: "held" }), auth);
    await waitFor(() => stderr, /holding the held session/);

    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    await waitFor(() => stderr, /stopping: no new connections/);
    expect(stdout).toContain("SIGTERM: closing the server (draining open connections for up to 30s)");

    const during = await open.request("POST", "/webhooks/vca", vca({ sessionId: "release" }), auth);
    expect(during.status).toBe(200);
    expect(during.json).toEqual({ callflow: [{ action: "say", params: { text: "Hello release.", voiceProfile: "en-US-BenjaminRUS" } }, { action: "hangup" }] });
    expect(during.headers.connection).toBe("close");

    const held = await heldAnswer;
    expect(held.status).toBe(200);
    expect((held.json as { callflow: { params?: { text?: string } }[] }).callflow[0]?.params?.text).toBe("You were held.");
    expect(held.headers.connection).toBe("close");

    expect(await exited).toBe(0);
    expect(stderr).not.toContain("drain timeout");
  });
});

describe("switchboard dev --drain-timeout", () => {
  it("exits 2 naming the flag, the value and what is expected, before starting anything", async () => {
    const result = await runCli(["dev", "--drain-timeout", "a while"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--drain-timeout: "a while" is invalid; expected a duration from 0 to 10m');
  });

  it("is in dev's help", async () => {
    const result = await runCli(["dev", "--help"]);
    expect(result.stdout.replace(/\s+/g, " ")).toContain("--drain-timeout <duration> on Ctrl-C, how long the IVR server keeps answering open connections before closing them");
  });
});
