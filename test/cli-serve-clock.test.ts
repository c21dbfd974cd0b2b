/**
 * `switchboard serve --clock`: its values checked like every flag, and `instant@TIME` running the
 * outbound scheduler on simulated time through the CLI (in process through `run(argv, io)`),
 * against the simulator: a retry two minutes past a calling window's end opens at the window's
 * opening the next day, at once.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { registerServerWebhooks, SANDBOX_API_KEY, SANDBOX_NUMBER, SANDBOX_SUBACCOUNT } from "../src/server/index.js";
import { startSimulator } from "../src/simulator/index.js";
import type { OutboundAttempt, OutboundRequest } from "../src/store/index.js";
import { runCli, startCli, tempDir } from "./cli-helpers.js";
import { CONTROL, reminder } from "./e2e/campaign-platform.js";
import { SECRET } from "./fixtures/webhooks.js";

const cwd = tempDir();
writeFileSync(join(cwd, "reminder.yaml"), stringify(reminder));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("switchboard serve --clock", () => {
  it.each(["fast", "instant@tomorrow", "instant@2027-01-15T19:59:00", "instant@2027-13-40T19:59:00Z", "Instant"])("refuses --clock %s, naming the flag and what it takes (exit 2)", async (value) => {
    const result = await runCli(["serve", "reminder.yaml", "--port", "0", "--db", "sqlite:./bad.db", "--insecure", "--control-auth-header", CONTROL, "--clock", value], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--clock ${JSON.stringify(value)}`);
    expect(result.stderr).toContain("instant@TIME");
    expect(result.stderr).toContain("SB_CLI_INVALID_FLAG");
  });

  it("refuses --clock without the control API: there is no scheduler to run", async () => {
    const result = await runCli(["serve", "reminder.yaml", "--port", "0", "--db", "sqlite:./none.db", "--insecure", "--clock", "instant"], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--clock");
    expect(result.stderr).toContain("SB_CLI_CONFLICTING_FLAGS");
  });

  it("runs the scheduler on simulated time: a retry outside the window opens at 09:00 the next day, without waiting", async () => {
    const simulator = await startSimulator({ clock: "instant" });
    simulator.setCallee({ number: "+6590000007", behavior: ["busy", "answer"], press: "1" });
    const serve = startCli(
      ["serve", "reminder.yaml", "--port", "0", "--db", "sqlite:./clock.db", "--control-auth-header", CONTROL, "--clock", "instant@2027-01-15T19:59:00+08:00"],
      { cwd, env: { SWITCHBOARD_WEBHOOK_AUTH: SECRET, EIGHTX8_API_KEY: SANDBOX_API_KEY, EIGHTX8_SUBACCOUNT_ID: SANDBOX_SUBACCOUNT, EIGHTX8_BASE_URL: simulator.url, LOG_LEVEL: "warn" } },
    );
    try {
      const base = (await serve.waitFor(/listening on\s+(\S+)/))[1]!;
      expect(serve.stdout()).toMatch(/clock\s+instant: simulated time from 2027-01-15T11:59:00.000Z/);
      await registerServerWebhooks({ platformUrl: simulator.url, serverUrl: base, authHeader: SECRET });
      const headers = { authorization: CONTROL, "content-type": "application/json" };
      const window = { from: "09:00", to: "20:00", timezone: "Asia/Singapore" };
      const body = { to: "+6590000007", from: SANDBOX_NUMBER, vars: { name: "Ada" }, retry: { backoff: ["2m"], jitter: 0, window } };
      const placed = await fetch(`${base}/api/calls`, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      expect(placed.status).toBe(201);
      const { requestId } = (await placed.json()) as { requestId: string };
      let found: { request: OutboundRequest; attempts: OutboundAttempt[] } | undefined;
      // Bounded: 400 polls of 25 ms.
      for (let poll = 0; poll < 400 && found?.request.state !== "completed"; poll += 1) {
        if (poll > 0) await new Promise((resolve) => setTimeout(resolve, 25));
        const response = await fetch(`${base}/api/calls/${requestId}`, { headers: { authorization: CONTROL }, signal: AbortSignal.timeout(10_000) });
        found = (await response.json()) as typeof found;
      }
      expect(found?.request).toMatchObject({ state: "completed", attempts: 2 });
      expect(found?.attempts.map((a) => [a.openedAt, a.sessionStatus])).toEqual([
        ["2027-01-15T11:59:00.000Z", "BUSY"],
        ["2027-01-16T01:00:00.000Z", "COMPLETED"],
      ]);
    } finally {
      await serve.stop();
      await simulator.close();
    }
  });
});
