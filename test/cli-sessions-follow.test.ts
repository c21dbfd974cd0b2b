/**
 * `switchboard sessions --follow`, in process through `run(argv, io)`: a real server and the
 * simulator, a call placed while it follows, one line (or JSON object) per event.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerServerWebhooks, SANDBOX_NUMBER, startIvrServer, type IvrServer } from "../src/server/index.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { runCli, startCli } from "./cli-helpers.js";
import { SECRET } from "./fixtures/webhooks.js";
import { repoRoot } from "./shared-files.js";

const READ = "read-secret-for-follow-tests-0123";

describe("switchboard sessions --follow", () => {
  let server: IvrServer;
  let sim: Simulator;
  const platform = {
    get serverUrl() {
      return server.url;
    },
    dial: (options: { press: string[] }) => sim.dial({ to: SANDBOX_NUMBER, ...options }),
  };
  beforeAll(async () => {
    server = await startIvrServer({ flow: resolve(repoRoot, "examples/restaurant.yaml"), authHeader: SECRET, readAuthHeader: READ });
    sim = await startSimulator({ clock: "instant" });
    await registerServerWebhooks({ platformUrl: sim.url, serverUrl: server.url, authHeader: SECRET });
  });
  afterAll(async () => {
    await sim?.close();
    await server?.close();
  });

  it("prints each VCA, answer, summary and outcome of a call as it happens", async () => {
    const follow = startCli(["sessions", "--follow", "--server", platform.serverUrl], { env: { SWITCHBOARD_READ_AUTH: READ } });
    try {
      await new Promise((done) => setTimeout(done, 300));
      const call = await platform.dial({ press: ["3"] });
      const match = await follow.waitFor(/outcome +\S+ +completed/);
      expect(match[0]).toContain(call.sessionId);
      const lines = follow.stdout().trim().split("\n").filter((line) => line.includes(call.sessionId));
      expect(lines.map((line) => line.split(/\s+/)[1])).toEqual(["vca", "answer", "vca", "answer", "summary", "outcome"]);
      expect(lines[1]).toContain('sayAndCapture: "Welcome to ABC Restaurant');
      expect(lines[2]).toContain("pressed 3");
      expect(lines[4]).toContain("COMPLETED");
      expect(follow.stderr()).toContain(`following ${platform.serverUrl}`);
      expect(follow.stdout()).not.toContain("\u001b[");
    } finally {
      const ended = await follow.stop("SIGINT");
      expect(ended.code).toBe(0);
    }
  });

  it("prints one JSON object per line with --json", async () => {
    const follow = startCli(["sessions", "--follow", "--json", "--server", platform.serverUrl], { env: { SWITCHBOARD_READ_AUTH: READ } });
    try {
      await new Promise((done) => setTimeout(done, 300));
      const call = await platform.dial({ press: ["3"] });
      await follow.waitFor(/"type":"outcome"/);
      const events = follow.stdout().trim().split("\n").map((line) => JSON.parse(line) as { type: string; sessionId: string; outcome?: string });
      const mine = events.filter((e) => e.sessionId === call.sessionId);
      expect(mine.at(-1)).toMatchObject({ type: "outcome", outcome: "completed" });
    } finally {
      await follow.stop("SIGINT");
    }
  });

  it("refuses a wrong read secret with exit 2, and an unreachable server with exit 1", async () => {
    const wrong = await runCli(["sessions", "--follow", "--server", platform.serverUrl], { env: { SWITCHBOARD_READ_AUTH: "nope" } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("[SB_CLI_READ_AUTH_REFUSED]");
    const away = await runCli(["sessions", "--follow", "--server", "http://127.0.0.1:9"], {});
    expect(away.code).toBe(1);
    expect(away.stderr).toContain("[SB_CLI_SERVER_UNREACHABLE]");
  });
});
