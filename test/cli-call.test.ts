/**
 * `switchboard serve --control-auth-header ... --flow name=file` and `switchboard call`, in process
 * through `run(argv, io)`, against the simulator standing in for 8x8 (the server places the calls
 * with the EIGHTX8_* credentials it is given, here the simulator's sandbox).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT } from "../src/server/index.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { runCli, startCli, tempDir, type RunningCli } from "./cli-helpers.js";
import { SECRET } from "./fixtures/webhooks.js";

const CONTROL = "control-secret-for-tests-0123";
const REMINDER = `version: 1
name: reminder
entry: confirm
menus:
  confirm:
    prompt: "Hello {{vars.name}}, your table is booked for tonight. Press 1 to confirm."
    options:
      "1": { say: "Thank you, {{vars.name}}. See you tonight.", then: hangup }
`;

describe("switchboard call, against switchboard serve and the simulator", () => {
  const cwd = tempDir();
  let simulator: Simulator;
  let serve: RunningCli;
  let base = "";
  const call = (args: string[], env: Record<string, string> = { SWITCHBOARD_CONTROL_AUTH: CONTROL }) =>
    runCli(["call", "--from", SANDBOX_NUMBER, "--server", base, ...args], { cwd, env });

  beforeAll(async () => {
    writeFileSync(join(cwd, "reminder.yaml"), REMINDER);
    simulator = await startSimulator({ clock: "instant" });
    simulator.setCallee({ number: "+6590000002", behavior: "answer", press: "1" });
    simulator.setCallee({ number: "+6590000004", behavior: { error: -2004 } });
    serve = startCli(["serve", "reminder.yaml", "--port", "0", "--db", "sqlite:./ivr.db", "--control-auth-header", CONTROL, "--flow", "reminder2=reminder.yaml"], {
      cwd,
      env: { SWITCHBOARD_WEBHOOK_AUTH: SECRET, EIGHTX8_API_KEY: SANDBOX_API_KEY, EIGHTX8_SUBACCOUNT_ID: SANDBOX_SUBACCOUNT, EIGHTX8_BASE_URL: simulator.url, LOG_LEVEL: "warn" },
    });
    base = (await serve.waitFor(/listening on\s+(\S+)/))[1]!;
    await registerServerWebhooks({ platformUrl: simulator.url, serverUrl: base, authHeader: SECRET });
  });

  afterAll(async () => {
    await serve?.stop();
    await simulator?.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("prints the control API and the outbound flows in serve's banner, never the secret", () => {
    expect(serve.stdout()).toMatch(/control API\s+http:\/\/127\.0\.0\.1:\d+\/api\/calls/);
    expect(serve.stdout()).toMatch(/outbound\s+reminder, reminder2 via http:\/\/127\.0\.0\.1:\d+ \(subaccount sandbox\), at most 10 calls\/s/);
    expect(serve.stdout() + serve.stderr()).not.toContain(CONTROL);
  });

  it("places a call and prints its session and clientRequestId; --wait follows it to completed", async () => {
    const placed = await call(["--to", "+6590000002", "--var", "name=Ada"]);
    expect(placed.code).toBe(0);
    expect(placed.stdout).toMatch(/^call call-[0-9a-f-]+: /);
    expect(placed.stdout).toMatch(/call-[0-9a-f-]+-1 {2}session [0-9a-f-]{36}/);

    const waited = await call(["--to", "+6590000002", "--flow", "reminder2", "--var", "name=Bo", "--wait", "--json"]);
    expect(waited.code).toBe(0);
    const result = JSON.parse(waited.stdout) as { state: string; attempts: number; sessionId: string; clientRequestId: string };
    expect(result).toMatchObject({ state: "completed", attempts: 1 });
    const record = simulator.calls().find((c) => c.clientRequestId === result.clientRequestId);
    expect(record).toMatchObject({ direction: "OUTBOUND", sessionStatus: "COMPLETED", sessionId: result.sessionId });
  });

  it("exits 1 when --wait follows a call that does not complete", async () => {
    const result = await call(["--to", "+6590000004", "--var", "name=Cy", "--wait"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("error (error), 1 attempt(s)");
    expect(result.stderr).toMatch(/ended error after 1 attempt\(s\).*\[SB_CLI_CALL_NOT_COMPLETED\]/);
  });

  it("refuses bad requests with exit 2, naming the flag, before any call", async () => {
    const before = simulator.calls().length;
    const missingVar = await call(["--to", "+6590000002"]);
    expect(missingVar.code).toBe(2);
    expect(missingVar.stderr).toMatch(/--var: flow "reminder" reads vars\.name; give it in vars.*\[SB_CLI_INVALID_FLAG\]/);
    const badNumber = await call(["--to", "12ab", "--var", "name=Ada"]);
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain('--to: to "12ab" is not a phone number in E.164 form');
    const unknownFlow = await call(["--to", "+6590000002", "--flow", "nope", "--var", "name=Ada"]);
    expect(unknownFlow.stderr).toMatch(/--flow: flow "nope" is not loaded by this server \(loaded: reminder, reminder2\)/);
    const wrongSecret = await call(["--to", "+6590000002", "--var", "name=Ada"], { SWITCHBOARD_CONTROL_AUTH: "wrong" });
    expect(wrongSecret.code).toBe(2);
    expect(wrongSecret.stderr).toContain("[SB_CLI_CONTROL_AUTH_REFUSED]");
    expect(wrongSecret.stderr).not.toContain("wrong");
    const noSecret = await call(["--to", "+6590000002"], {});
    expect(noSecret.code).toBe(2);
    expect(simulator.calls().length).toBe(before);
  });

  it("tells a user whose server has no control API how to turn it on", async () => {
    const plain = startCli(["serve", "reminder.yaml", "--port", "0", "--db", "sqlite:./plain.db"], { cwd, env: { SWITCHBOARD_WEBHOOK_AUTH: SECRET, LOG_LEVEL: "warn" } });
    try {
      const plainBase = (await plain.waitFor(/listening on\s+(\S+)/))[1]!;
      const result = await runCli(["call", "--to", "+6590000002", "--from", SANDBOX_NUMBER, "--server", plainBase], { cwd, env: { SWITCHBOARD_CONTROL_AUTH: CONTROL } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/has no control API: start it with switchboard serve --control-auth-header SECRET.*\[SB_CLI_CONTROL_API_OFF\]/);
    } finally {
      await plain.stop();
    }
  });
});

describe("switchboard serve's outbound flags", () => {
  it("refuses --flow without a control secret, a bad --flow and a bad --max-call-rate", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "reminder.yaml"), REMINDER);
    try {
      const env = { SWITCHBOARD_WEBHOOK_AUTH: SECRET };
      const noControl = await runCli(["serve", "reminder.yaml", "--flow", "r=reminder.yaml"], { cwd, env });
      expect(noControl.code).toBe(2);
      expect(noControl.stderr).toContain("--flow: outbound flows need the control API");
      const badFlow = await runCli(["serve", "reminder.yaml", "--control-auth-header", CONTROL, "--flow", "1bad=x.yaml"], { cwd, env });
      expect(badFlow.stderr).toContain('--flow "1bad=x.yaml": expected name=file.yaml');
      const badRate = await runCli(["serve", "reminder.yaml", "--control-auth-header", CONTROL, "--max-call-rate", "fast"], { cwd, env });
      expect(badRate.stderr).toContain('--max-call-rate "fast": expected calls per second');
      const noKey = await runCli(["serve", "reminder.yaml", "--control-auth-header", CONTROL], { cwd, env });
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain("[SB_CLI_MISSING_API_KEY]");
      const badForward = await runCli(["serve", "reminder.yaml", "--forward-outcomes", "ftp://crm"], { cwd, env });
      expect(badForward.code).toBe(2);
      expect(badForward.stderr).toContain('--forward-outcomes: "ftp://crm" is invalid; expected an http:// or https:// URL');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("switchboard dev's control token", () => {
  it("is printed with a call command that places a call through dev's own simulator", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "reminder.yaml"), REMINDER);
    const dev = startCli(["dev", "reminder.yaml", "--port", "0", "--simulator-port", "0", "--no-watch", "--db", "sqlite:./dev.db"], { cwd, env: { LOG_LEVEL: "warn" } });
    try {
      await dev.waitFor(/^ready: /m);
      const [, token, server] = /SWITCHBOARD_CONTROL_AUTH=(\S+) npx switchboard call --server (\S+) --to/.exec(dev.stdout()) ?? [];
      expect(token).toMatch(/^\S{20,}$/);
      const result = await runCli(["call", "--server", server!, "--to", "+6590000002", "--from", SANDBOX_NUMBER, "--var", "name=Di", "--wait", "--json"], { cwd, env: { SWITCHBOARD_CONTROL_AUTH: token! } });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ state: "completed", attempts: 1 });
    } finally {
      await dev.stop();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("switchboard serve --forward-outcomes", () => {
  it("posts each session's outcome to the URL, with its header, without a control API or 8x8 credentials", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "reminder.yaml"), REMINDER);
    const received: { body: unknown; authorization: string | undefined }[] = [];
    const { createServer } = await import("node:http");
    const target = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => (text += chunk));
      request.on("end", () => {
        received.push({ body: JSON.parse(text), authorization: request.headers.authorization });
        response.end();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(target.address() as { port: number }).port}/outcomes`;
    const serve = startCli(["serve", "reminder.yaml", "--port", "0", "--db", "sqlite:./f.db", "--forward-outcomes", url], {
      cwd,
      env: { SWITCHBOARD_WEBHOOK_AUTH: SECRET, SWITCHBOARD_FORWARD_AUTH: "Bearer crm-t0ken", LOG_LEVEL: "warn" },
    });
    try {
      const base = (await serve.waitFor(/listening on\s+(\S+)/))[1]!;
      expect(serve.stdout()).toContain(`outcomes      forwarded to ${url} (with an Authorization header)`);
      expect(serve.stdout()).not.toContain("crm-t0ken");
      const vss = { namespace: "VOICE", eventType: "SESSION_SUMMARY", description: "", version: 5, payload: { sessionId: "fwd-1", subAccountId: "sandbox", sessionStatus: "NO_ANSWER", details: {} } };
      const posted = await fetch(`${base}/webhooks/vss`, { method: "POST", headers: { authorization: SECRET, "content-type": "application/json" }, body: JSON.stringify(vss) });
      expect(posted.status).toBe(200);
      for (let poll = 0; poll < 200 && received.length === 0; poll += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(received).toEqual([{ body: expect.objectContaining({ sessionId: "fwd-1", outcome: "unreachable", sessionStatus: "NO_ANSWER" }), authorization: "Bearer crm-t0ken" }]);
      expect((await fetch(`${base}/api/calls`, { method: "POST" })).status).toBe(404);
    } finally {
      await serve.stop();
      await new Promise((resolve) => target.close(resolve));
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
