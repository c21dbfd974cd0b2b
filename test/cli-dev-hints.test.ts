/**
 * What `switchboard dev` prints for people to try, checked by doing it: the simulator URL comes
 * as `SWITCHBOARD_SIMULATOR_URL=...` (and answers there), and each suggested dial command, run as
 * printed, reaches an ending of the flow (the IVR hangs up or transfers), never a prompt the
 * caller is left to hang up on.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionView } from "../src/simulator/index.js";
import { runCli, startCli, tempDir, type RunningCli } from "./cli-helpers.js";

/** Option 1 says something and goes back to the menu; orders' 1 does too: only 2, 2, 1 ends the call. */
const SHOP = `version: 1
name: shop
entry: main
defaults: { voiceProfile: en-US-BenjaminRUS }
menus:
  main:
    prompt: Welcome to the shop. Press 1 for opening hours, press 2 for orders.
    options:
      "1": { say: "We are open 9 to 5.", then: main }
      "2": orders
  orders:
    prompt: Press 1 to hear your order status, press 2 to speak to someone.
    options:
      "1": { say: "Your order is on its way.", then: orders }
      "2": agent
  agent:
    prompt: Press 1 to be connected.
    options:
      "1": { transfer: "+6561115777" }
`;

describe("switchboard dev's hints", () => {
  let dev: RunningCli;

  beforeAll(async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "shop.yaml"), SHOP);
    dev = startCli(["dev", "shop.yaml", "--port", "0", "--simulator-port", "0", "--db", "sqlite::memory:", "--no-watch"], { cwd, env: { LOG_LEVEL: "warn" } });
    await dev.waitFor(/^ready: /m);
  });

  afterAll(async () => {
    await dev?.stop();
  });

  it("print SWITCHBOARD_SIMULATOR_URL with the simulator's URL", async () => {
    const simulator = /simulator {4}(http:\/\/\S+)/.exec(dev.stdout())![1]!;
    expect(dev.stdout()).toContain(`  export SWITCHBOARD_SIMULATOR_URL=${simulator}\n`);
    const health = await fetch(`${simulator}/_sim/health`, { signal: AbortSignal.timeout(5_000) });
    expect(await health.json()).toEqual({ ok: true });
  });

  it("suggest dial commands that each end where the flow ends the call, not at a prompt the caller hangs up on", async () => {
    const commands = [...dev.stdout().matchAll(/^ {2}npx switchboard dial (.+?) +# (.+)$/gm)].map((m) => ({ args: m[1]!.split(" "), said: m[2]! }));
    expect(commands.map((c) => c.said)).toEqual(["caller is transferred to +6561115777"]);
    for (const { args } of commands) {
      const dialled = await runCli(["dial", ...args, "--json"]);
      expect(dialled.code).toBe(0);
      const view = JSON.parse(dialled.stdout) as SessionView;
      expect(view.transcript.filter((e) => e.kind === "hangup" && e.by === "caller")).toEqual([]);
      expect(view.transcript.some((e) => (e.kind === "bridge" && e.outcome === "ANSWERED") || (e.kind === "hangup" && e.by === "app"))).toBe(true);
      expect(view.summary?.sessionStatus).toBe("COMPLETED");
    }
  });
});
